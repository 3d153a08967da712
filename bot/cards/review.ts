/**
 * The review card. The assigned reviewer sees the decision inputs and buttons while the disclosure waits
 * for a decision; everyone else, and everyone once it is decided, sees the same facts read-only.
 */
import type { Disclosure } from '../../src/domain/disclosure/types';
import { INPUTS, VERBS } from './verbs';
import {
  adaptiveCard,
  container,
  execute,
  heading,
  refreshFor,
  subheading,
  subtle,
  text,
  type AdaptiveCard,
  type CardElement,
  type ExecuteAction,
} from './card';
import { textInput } from './form-fields';
import {
  actionsSection,
  citationsSection,
  disclosureName,
  guidanceSection,
  outcomeBanner,
  personLine,
  statusSection,
  summaryFacts,
  tabLink,
} from './sections';
import type { DisclosureCardView } from './view';
import { isOpen } from '../../src/domain/disclosure/state-machine';
import { escalatedAwayNote, reviewRoutingNotes } from './review-routing';

/** `escalated_away`: read-only, for the reviewer it was escalated away from. */
export type ReviewMode = 'reviewer' | 'readonly' | 'escalated_away';

/** Recorded or action-required items need no decision: the supervisor is only informed. */
export function isInformedOnly(d: Disclosure): boolean {
  return d.state === 'recorded' || d.state === 'action_required';
}

function title(d: Disclosure, deciding: boolean): string {
  const name = disclosureName(d);
  if (isInformedOnly(d)) return `For your information: ${name}`;
  if (deciding) return `Please review: ${name}`;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function decisionInputs(): CardElement[] {
  return [
    subheading('Your decision'),
    textInput(INPUTS.comment, 'Comment for the employee', {
      placeholder: 'Needed to deny (your reasons) or to request information (your question)',
      multiline: true,
      maxLength: 2000,
    }),
    textInput(INPUTS.conditions, 'Conditions (needed for “Approve with conditions”)', {
      placeholder: 'For example: share it with the unit, or stay out of matters that involve this party',
      multiline: true,
      maxLength: 2000,
    }),
  ];
}

function decisionButtons(d: Disclosure): ExecuteAction[] {
  const data = { disclosureId: d.id, version: d.version };
  const auto = { associatedInputs: 'auto' } as const;
  return [
    execute('Approve', VERBS.approve, data, { ...auto, style: 'positive' }),
    execute('Approve with conditions', VERBS.approveWithConditions, data, auto),
    execute('Deny', VERBS.deny, data, { ...auto, style: 'destructive' }),
    execute('Request info', VERBS.requestInfo, data, auto),
  ];
}

function whoCanDecide(view: DisclosureCardView, deciding: boolean): CardElement[] {
  const d = view.disclosure;
  if (isInformedOnly(d))
    return [text('No decision is needed from you.', { weight: 'bolder', spacing: 'small' })];
  if (deciding || d.state !== 'pending_review') return [];
  const reviewer = view.reviewer?.displayName ?? 'the assigned reviewer';
  return [subtle(`Only ${reviewer} can decide on this disclosure.`)];
}

export function reviewCard(view: DisclosureCardView, mode: ReviewMode): AdaptiveCard {
  const d = view.disclosure;
  const deciding = mode === 'reviewer' && d.state === 'pending_review';
  const body: CardElement[] = [
    heading(title(d, deciding)),
    container(
      [text(`From ${personLine(view.employee)}`, { weight: 'bolder' }), subtle(view.employee.email)],
      undefined,
      {
        spacing: 'medium',
      },
    ),
    outcomeBanner(d.evaluation.outcome, 'others'),
    ...(mode === 'escalated_away' ? escalatedAwayNote(view) : []),
    ...reviewRoutingNotes(view),
    ...whoCanDecide(view, deciding),
    subheading('What was disclosed'),
    ...summaryFacts(d),
    ...actionsSection(d, 'others'),
    ...citationsSection(d.evaluation.citations),
    ...guidanceSection(d.evaluation.guidance, 'others'),
    ...statusSection(view, 'others'),
    subtle(d.hrCopied ? 'A copy was sent to Human Resources.' : 'Human Resources was not copied.'),
    ...(deciding ? decisionInputs() : []),
    ...tabLink(view),
  ];
  const refresh = isOpen(d.state)
    ? refreshFor(VERBS.refreshReview, { disclosureId: d.id }, view.reviewerUserIds)
    : undefined;
  return adaptiveCard(body, deciding ? decisionButtons(d) : [], refresh);
}
