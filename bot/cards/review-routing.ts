/**
 * What the review cards and notices say about who reviews and why: a stand-in for an absent reviewer,
 * an escalation after too long a wait, a reminder. Pure text from the card view.
 */
import type { Disclosure } from '../../src/domain/disclosure/types';
import { subtle, text, type CardElement } from './card';
import { formatDay } from './format';
import { disclosureName } from './sections';
import type { DisclosureCardView } from './view';

/** "Reviewing for Daniel Ortiz while away", and "Escalated from …", under the review card's heading. */
export function reviewRoutingNotes(view: DisclosureCardView): CardElement[] {
  const r = view.disclosure.review;
  if (!r) return [];
  const reviewer = view.reviewer?.displayName ?? 'The assigned reviewer';
  const notes: CardElement[] = [];
  if (r.standsInFor)
    notes.push(
      text(
        r.standsInFor.reason === 'delegation'
          ? `${reviewer} is reviewing for ${r.standsInFor.displayName}, as their delegate.`
          : `${reviewer} is reviewing for ${r.standsInFor.displayName} while away.`,
        { weight: 'bolder', spacing: 'small' },
      ),
    );
  if (r.escalatedFrom)
    notes.push(
      subtle(
        `Escalated to ${reviewer} from ${r.escalatedFrom.displayName}, after waiting too long for a decision.`,
      ),
    );
  if (view.disclosure.state === 'pending_review' && r.escalateAt && !r.escalatedAt)
    notes.push(subtle(`To be decided by ${formatDay(r.escalateAt)}, or it is escalated.`));
  return notes;
}

/** The former reviewer's card, after the review was escalated away from them. */
export function escalatedAwayNote(view: DisclosureCardView): CardElement[] {
  const reviewer = view.reviewer?.displayName ?? 'another reviewer';
  return [
    text(`Escalated to ${reviewer}: nothing more is needed from you.`, {
      weight: 'bolder',
      color: 'attention',
      spacing: 'small',
    }),
  ];
}

/** Whether `userId` is the reviewer this disclosure was escalated away from. */
export function escalatedAwayFrom(d: Disclosure, userId: string): boolean {
  return d.review?.escalatedFrom?.id === userId && d.reviewerId !== userId;
}

/** The short text of a reminder or escalation notice, to the person it is for. */
export function reviewClockText(
  notice: 'reminder' | 'escalated' | 'reassigned',
  view: DisclosureCardView,
): string {
  const d = view.disclosure;
  const ref = d.reference;
  const employee = view.employee.displayName;
  const reviewer = view.reviewer?.displayName ?? 'another reviewer';
  switch (notice) {
    case 'reminder': {
      if (d.review?.escalatedAt)
        return `Overdue: ${ref}, the ${disclosureName(d)} from ${employee}, is still waiting for your decision, and nobody above you may take it over. Please decide it: your review card is in this chat.`;
      const by = d.review?.escalateAt
        ? ` If it is not decided by ${formatDay(d.review.escalateAt)}, it will be escalated.`
        : '';
      return `Reminder: ${ref}, the ${disclosureName(d)} from ${employee}, is waiting for your decision.${by} Your review card is in this chat.`;
    }
    case 'escalated':
      return `Your ${disclosureName(d)} (${ref}) waited too long for a decision from ${d.review?.escalatedFrom?.displayName ?? 'your reviewer'}, so it was escalated to ${reviewer}, who will now review it.`;
    case 'reassigned':
      return `${ref} from ${employee} waited too long for your decision and was escalated to ${reviewer}. Nothing more is needed from you; your card is now read-only.`;
  }
}
