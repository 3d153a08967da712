/** A compact list of disclosures ("My disclosures", "Waiting for your review"). */
import type { Disclosure, Person } from '../../src/domain/disclosure/types';
import { adaptiveCard, container, heading, subtle, text, type AdaptiveCard, type CardElement } from './card';
import { formatDay } from './format';
import { STATE_LABELS, TYPE_LABELS } from './labels';
import { oneLineSummary } from './sections';

/** Rows shown on the card; the rest are in the Candor tab. */
export const LIST_MAX_ROWS = 20;

export interface DisclosureListItem {
  disclosure: Disclosure;
  /** The other person: the reviewer on the employee's own list, the employee on a reviewer's list. */
  counterpart: Person | null;
}

function counterpartText(item: DisclosureListItem): string | null {
  const person = item.counterpart;
  if (!person) return null;
  return person.id === item.disclosure.employeeId
    ? `From ${person.displayName}`
    : `Reviewer: ${person.displayName}`;
}

function row(item: DisclosureListItem, first: boolean): CardElement {
  const d = item.disclosure;
  const details = [formatDay(d.createdAt), counterpartText(item)].filter((p): p is string => p !== null);
  return container(
    [
      text(`${d.reference} · ${TYPE_LABELS[d.type]} · ${STATE_LABELS[d.state]}`, { weight: 'bolder' }),
      text(oneLineSummary(d), { spacing: 'none' }),
      subtle(details.join(' · ')),
    ],
    undefined,
    { separator: !first, spacing: 'medium' },
  );
}

export function disclosureListCard(
  title: string,
  items: DisclosureListItem[],
  emptyText: string,
): AdaptiveCard {
  if (items.length === 0) return adaptiveCard([heading(title), text(emptyText)]);
  const shown = items.slice(0, LIST_MAX_ROWS);
  const more = items.length - shown.length;
  const body: CardElement[] = [
    heading(title),
    subtle(items.length === 1 ? '1 disclosure' : `${items.length} disclosures`),
    ...shown.map((item, i) => row(item, i === 0)),
    ...(more > 0
      ? [
          text(`And ${more} more — open the Candor tab to see them all.`, {
            spacing: 'medium',
            isSubtle: true,
          }),
        ]
      : []),
  ];
  return adaptiveCard(body);
}
