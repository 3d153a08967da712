/**
 * Words shown in the tab. The codes' labels are the bot's own (bot/cards/labels.ts), so the chat and the
 * tab say the same thing; only what the cards never show is defined here.
 */
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
  TYPE_LABELS,
  yesNo,
} from '../../bot/cards/labels';
import type { Decision, DisclosureState, PolicyOutcome, Role } from './types';

export {
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
  TYPE_LABELS,
  yesNo,
};

/** Outcome as a short word for tables and charts (the long labels are for the employee's own view). */
export const OUTCOME_SHORT_LABELS: Record<PolicyOutcome, string> = {
  permitted: 'Permitted',
  review: 'Needs review',
  prohibited: 'Not permitted',
};

export const DECISION_LABELS: Record<Decision, string> = {
  approve: 'Approve',
  approve_with_conditions: 'Approve with conditions',
  deny: 'Deny',
  request_info: 'Request more information',
};

export const ROLE_LABELS: Record<Role, string> = {
  employee: 'Employee',
  ethics_officer: 'Ethics officer',
  hr: 'Human Resources',
  outreach: 'Outreach staff',
  admin: 'Administrator',
};

/** A summary's `category`: a gift's relationship or a conflict's category. */
export function categoryLabel(code: string): string {
  return (
    (RELATIONSHIP_LABELS as Record<string, string>)[code] ??
    (CATEGORY_LABELS as Record<string, string>)[code] ??
    humanize(code)
  );
}

export function stateLabel(state: string): string {
  return (STATE_LABELS as Record<string, string>)[state] ?? humanize(state);
}

export function outcomeLabel(outcome: string, short = true): string {
  const labels = (short ? OUTCOME_SHORT_LABELS : OUTCOME_LABELS) as Record<string, string>;
  return labels[outcome] ?? humanize(outcome);
}

/** What happened, in the timeline: the audit log's action, and the state it led to. */
export function timelineLabel(action: string, toState: DisclosureState | null): string {
  switch (action) {
    case 'submitted':
      return toState ? `Disclosed — ${stateLabel(toState).toLowerCase()}` : 'Disclosed';
    case 'decided':
      return toState ? `Decided: ${stateLabel(toState).toLowerCase()}` : 'Decided';
    case 'info_requested':
      return 'Asked for more information';
    case 'info_answered':
      return 'Answered the question';
    case 'withdrawn':
      return 'Withdrawn';
    case 'resolved':
      return 'Recorded what was done';
    case 'refused':
      return 'An attempt to decide was refused';
    case 'reminded':
      return 'Reviewer reminded';
    case 'escalated':
      return 'Passed up the chain';
    case 'escalation_impossible':
      return 'Overdue, with nobody above the reviewer to pass it to';
    case 'delegated':
      return 'Passed to a delegate';
    default:
      return humanize(action);
  }
}

export function humanize(code: string): string {
  const s = code.replace(/[_.-]+/g, ' ').trim();
  return s ? s[0]!.toUpperCase() + s.slice(1) : code;
}

export const STATE_ORDER: DisclosureState[] = Object.keys(STATE_LABELS) as DisclosureState[];
