/**
 * Pieces shared by the disclosure cards (result, review, notices, list): the summary of what was
 * disclosed, the policy's answer with its quoted clauses, and the current state in words.
 */
import type {
  Citation,
  ConflictDetails,
  ConflictFacts,
  Disclosure,
  DisclosureState,
  GiftDetails,
  Person,
  PolicyOutcome,
  RequiredAction,
} from '../../src/domain/disclosure/types';
import { isOpen } from '../../src/domain/disclosure/state-machine';
import {
  bullets,
  container,
  facts,
  link,
  quote,
  subheading,
  text,
  truncate,
  type CardElement,
  type ContainerStyle,
} from './card';
import { formatCalendarDate, formatCents, formatDateRange, formatDay } from './format';
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  DISPOSITION_LABELS,
  FACT_LABELS,
  KIND_LABELS,
  OCCASION_LABELS,
  OUTCOME_LABELS,
  OUTCOME_LABELS_FOR_REVIEWER,
  PUBLIC_OFFICE_STATUS_LABELS,
  RELATIONSHIP_LABELS,
  RELATIVE_INVOLVEMENT_LABELS,
  STATE_LABELS,
  yesNo,
} from './labels';
import type { DisclosureCardView } from './view';

/** Who reads the card: the employee who disclosed, or anyone else (reviewer, HR, ethics officer). */
export type Audience = 'employee' | 'others';

/** Long free text is cut to this length on cards; the full text is in the Candor tab. */
export const SUMMARY_TEXT_MAX = 300;

/** "gift disclosure D-2026-0042" */
export function disclosureName(d: Disclosure): string {
  return `${d.type === 'gift' ? 'gift' : 'conflict of interest'} disclosure ${d.reference}`;
}

/** "Maria Lopez · Investigator · Housing Unit" */
export function personLine(p: Person): string {
  return [p.displayName, p.jobTitle, p.department].filter((part): part is string => !!part).join(' · ');
}

/** One line saying what was disclosed, for lists and notices. */
export function oneLineSummary(d: Disclosure): string {
  if (d.gift) {
    const g = d.gift;
    const from = g.donorOrganization ? `${g.donorName} (${g.donorOrganization})` : g.donorName;
    return `${truncate(g.description, 80)} from ${from}, ${formatCents(g.valueCents)}`;
  }
  if (d.conflict) {
    const c = d.conflict;
    const label = CATEGORY_LABELS[c.category];
    return c.parties ? `${label}: ${truncate(c.parties, 80)}` : `${label}: ${truncate(c.description, 80)}`;
  }
  return d.reference;
}

function giftFacts(g: GiftDetails, donorYearTotalCents: number | null): CardElement[] {
  const yearTotal =
    donorYearTotalCents !== null && donorYearTotalCents !== g.valueCents
      ? formatCents(donorYearTotalCents)
      : null;
  return facts([
    ['Gift', truncate(g.description, SUMMARY_TEXT_MAX)],
    ['Kind', KIND_LABELS[g.kind]],
    ['From', g.donorOrganization ? `${g.donorName}, ${g.donorOrganization}` : g.donorName],
    ['Relationship', RELATIONSHIP_LABELS[g.relationship]],
    ['Value', formatCents(g.valueCents)],
    ['From this giver this year', yearTotal],
    ['Date', formatCalendarDate(g.dateReceived)],
    ['Occasion', OCCASION_LABELS[g.occasion]],
    ['Group gift', yesNo(g.asGroupMember)],
    ['What happened', DISPOSITION_LABELS[g.disposition]],
  ]);
}

function factValue(key: keyof ConflictFacts, facts: ConflictFacts): string | null {
  switch (key) {
    case 'relativeInvolvement':
      return facts.relativeInvolvement ? RELATIVE_INVOLVEMENT_LABELS[facts.relativeInvolvement] : null;
    case 'publicOfficeStatus':
      return facts.publicOfficeStatus ? PUBLIC_OFFICE_STATUS_LABELS[facts.publicOfficeStatus] : null;
    case 'officeTerm':
      return facts.officeTerm ?? null;
    default: {
      const value = facts[key];
      return typeof value === 'boolean' ? yesNo(value) : null;
    }
  }
}

function conflictFacts(c: ConflictDetails): CardElement[] {
  const factKeys = Object.keys(FACT_LABELS) as Array<keyof ConflictFacts>;
  return facts([
    ['Kind', CATEGORY_LABELS[c.category]],
    ['Details', truncate(c.description, SUMMARY_TEXT_MAX)],
    ['Involved', c.parties],
    ['Dates', formatDateRange(c.startDate, c.endDate)],
    ['Ongoing', yesNo(c.ongoing)],
    ...factKeys.map((key): [string, string | null] => [FACT_LABELS[key], factValue(key, c.facts)]),
  ]);
}

/** What was disclosed, as a FactSet. */
export function summaryFacts(d: Disclosure): CardElement[] {
  if (d.gift) return giftFacts(d.gift, d.evaluation.donorYearTotalCents);
  if (d.conflict) return conflictFacts(d.conflict);
  return [];
}

const OUTCOME_STYLES: Record<PolicyOutcome, ContainerStyle> = {
  permitted: 'good',
  review: 'warning',
  prohibited: 'attention',
};

/** The policy's answer in a coloured band. */
export function outcomeBanner(outcome: PolicyOutcome, audience: Audience): CardElement {
  const label = audience === 'employee' ? OUTCOME_LABELS[outcome] : OUTCOME_LABELS_FOR_REVIEWER[outcome];
  return container([text(label, { weight: 'bolder', size: 'medium' })], OUTCOME_STYLES[outcome], {
    spacing: 'medium',
  });
}

const FINAL_STYLES: Partial<Record<DisclosureState, ContainerStyle>> = {
  approved: 'good',
  approved_with_conditions: 'good',
  denied: 'attention',
  withdrawn: 'emphasis',
};

/**
 * The banner at the top of a card: once the disclosure is decided or withdrawn, that is the news;
 * before, the policy check's outcome is.
 */
export function headlineBanner(d: Disclosure, reviewerName: string | null, audience: Audience): CardElement {
  const style = FINAL_STYLES[d.state];
  if (!style) return outcomeBanner(d.evaluation.outcome, audience);
  const by = d.state !== 'withdrawn' && reviewerName ? ` by ${reviewerName}` : '';
  return container([text(`${STATE_LABELS[d.state]}${by}`, { weight: 'bolder', size: 'medium' })], style, {
    spacing: 'medium',
  });
}

function sameClause(a: Citation, b: Citation): boolean {
  return a.document === b.document && a.clause === b.clause && a.quote === b.quote;
}

/** Each clause the decision rests on: where it is, then the words themselves. */
export function citationsSection(citations: readonly Citation[], limit = citations.length): CardElement[] {
  const unique = citations.filter((c, i) => citations.findIndex((o) => sameClause(o, c)) === i);
  if (unique.length === 0) return [];
  const shown = unique.slice(0, limit);
  const elements: CardElement[] = [subheading('What the policy says')];
  for (const c of shown) {
    elements.push(text(`${c.document}, ${c.clause}`, { weight: 'bolder', spacing: 'small' }), quote(c.quote));
  }
  if (unique.length > shown.length) {
    const more = unique.length - shown.length;
    elements.push(
      text(`And ${more} more ${more === 1 ? 'clause' : 'clauses'} — open the Candor tab.`, {
        isSubtle: true,
      }),
    );
  }
  return elements;
}

export function guidanceSection(guidance: readonly string[], audience: Audience): CardElement[] {
  const paragraphs = guidance.map((g) => g.trim()).filter((g) => g !== '');
  if (paragraphs.length === 0) return [];
  const title = audience === 'employee' ? 'What this means' : 'Guidance given to the employee';
  return [subheading(title), ...paragraphs.map((p) => text(p, { spacing: 'small' }))];
}

/**
 * The policy's required actions still worth reading in the disclosure's current state. Waiting for the
 * supervisor is the employee's affair: left out for others, and where `omit` says it is said elsewhere.
 */
export function pendingActions(d: Disclosure, omit: readonly RequiredAction[] = []): RequiredAction[] {
  if (!isOpen(d.state)) return [];
  return d.evaluation.actions.filter(
    (a, i, all) =>
      a !== 'none' &&
      a !== 'copy_hr' &&
      !omit.includes(a) &&
      all.indexOf(a) === i &&
      (a !== 'await_supervisor_decision' || d.state !== 'action_required'),
  );
}

export function actionsSection(
  d: Disclosure,
  audience: Audience,
  omit: readonly RequiredAction[] = [],
): CardElement[] {
  const actions = pendingActions(d, audience === 'employee' ? omit : [...omit, 'await_supervisor_decision']);
  if (actions.length === 0) return [];
  const title = audience === 'employee' ? 'What you need to do' : 'What the policy asks of the employee';
  return [subheading(title), ...bullets(actions.map((a) => ACTION_LABELS[a]))];
}

function reviewerName(view: DisclosureCardView, audience: Audience): string {
  if (view.reviewer) return view.reviewer.displayName;
  return audience === 'employee' ? 'your supervisor' : 'the reviewer';
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

const DECIDED_WORDS: Partial<Record<DisclosureState, string>> = {
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  denied: 'Not approved',
};

/** The current state in words, with who and when, and what the reviewer said. */
export function statusSection(view: DisclosureCardView, audience: Audience): CardElement[] {
  const d = view.disclosure;
  const reviewer = reviewerName(view, audience);
  const employee = audience === 'employee' ? 'you' : view.employee.displayName;
  const when = formatDay(d.updatedAt);
  const decidedOn = formatDay(d.decidedAt ?? d.updatedAt);
  const elements: CardElement[] = [subheading('Status')];

  switch (d.state) {
    case 'recorded':
      elements.push(
        text(
          audience === 'employee'
            ? `Recorded on ${when}. ${capitalize(reviewer)} has been informed.`
            : `Recorded on ${when}. No decision is needed.`,
        ),
      );
      break;
    case 'pending_review':
      elements.push(text(`Waiting for a decision from ${reviewer}.`));
      break;
    case 'info_requested':
      elements.push(text(`${capitalize(reviewer)} asked ${employee} for more information on ${when}:`));
      if (d.infoRequest) elements.push(quote(d.infoRequest));
      break;
    case 'approved':
    case 'approved_with_conditions':
    case 'denied': {
      const comment = d.decisionComment ? `: ${d.decisionComment}` : '.';
      elements.push(text(`${DECIDED_WORDS[d.state] ?? ''} by ${reviewer} on ${decidedOn}${comment}`));
      if (d.conditions) elements.push(subheading('Conditions'), text(d.conditions, { spacing: 'small' }));
      break;
    }
    case 'action_required':
      elements.push(
        text(
          audience === 'employee'
            ? `Action required: do what is listed under “What you need to do”, then tell us what you did. ${capitalize(reviewer)} has been informed.`
            : `${view.employee.displayName} must act and record what they did.`,
        ),
      );
      break;
    case 'withdrawn':
      elements.push(
        text(
          audience === 'employee'
            ? `You withdrew this disclosure on ${when}.`
            : `Withdrawn by ${employee} on ${when}.`,
        ),
      );
      break;
  }

  if (d.infoRequest && d.infoAnswer && d.state !== 'info_requested') {
    elements.push(
      text(`${capitalize(reviewer)} asked:`, { weight: 'bolder', spacing: 'small' }),
      quote(d.infoRequest),
      text(audience === 'employee' ? 'You answered:' : `${view.employee.displayName} answered:`, {
        weight: 'bolder',
        spacing: 'small',
      }),
      quote(d.infoAnswer),
    );
  }

  if (d.resolution) {
    elements.push(
      text(audience === 'employee' ? 'What you did:' : `What ${view.employee.displayName} did:`, {
        weight: 'bolder',
        spacing: 'small',
      }),
      text(d.resolution, { spacing: 'small' }),
    );
  }
  return elements;
}

export function hrLine(d: Disclosure): CardElement[] {
  return d.hrCopied ? [subtleLine('A copy was sent to Human Resources.')] : [];
}

function subtleLine(value: string): CardElement {
  return text(value, { isSubtle: true, spacing: 'small' });
}

export function tabLink(view: DisclosureCardView): CardElement[] {
  return view.tabUrl ? [link('Open in Candor', view.tabUrl)] : [];
}
