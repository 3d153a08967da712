/** Short notices: the employee hears the decision or a question; the supervisor is informed. */
import { INPUTS, VERBS } from './verbs';
import {
  adaptiveCard,
  bullets,
  execute,
  heading,
  quote,
  refreshFor,
  subheading,
  text,
  type AdaptiveCard,
  type CardElement,
} from './card';
import { formatDay } from './format';
import { textInput } from './form-fields';
import { ACTION_LABELS } from './labels';
import {
  citationsSection,
  disclosureName,
  oneLineSummary,
  outcomeBanner,
  pendingActions,
  personLine,
  tabLink,
} from './sections';
import type { DisclosureCardView } from './view';

function reviewerName(view: DisclosureCardView): string {
  return view.reviewer?.displayName ?? 'Your supervisor';
}

const DECISION_HEADINGS = {
  approved: 'Your disclosure was approved',
  approved_with_conditions: 'Your disclosure was approved with conditions',
  denied: 'Your disclosure was not approved',
} as const;

/** To the employee: the supervisor's decision, with their comment and conditions. */
export function decisionNoticeCard(view: DisclosureCardView): AdaptiveCard {
  const d = view.disclosure;
  const decided =
    d.state === 'approved' || d.state === 'approved_with_conditions' || d.state === 'denied' ? d.state : null;
  const verb = decided === 'denied' ? 'did not approve' : 'approved';
  const body: CardElement[] = [
    heading(decided ? DECISION_HEADINGS[decided] : 'Update on your disclosure'),
    text(
      decided
        ? `${reviewerName(view)} ${verb} your ${disclosureName(d)} on ${formatDay(d.decidedAt ?? d.updatedAt)}.`
        : `Your ${disclosureName(d)} was updated on ${formatDay(d.updatedAt)}.`,
    ),
    text(oneLineSummary(d), { isSubtle: true, spacing: 'small' }),
  ];
  if (d.decisionComment) body.push(subheading('Comment'), quote(d.decisionComment));
  if (d.conditions)
    body.push(subheading('Conditions you must follow'), text(d.conditions, { spacing: 'small' }));
  if (decided === 'denied') {
    body.push(
      text(
        d.type === 'gift'
          ? 'Decline the gift, or return it if you already have it.'
          : 'Do not go ahead with it, or end it.',
        { weight: 'bolder', spacing: 'medium' },
      ),
    );
  } else if (decided && d.gift?.disposition === 'undecided') {
    body.push(text('You may accept the gift.', { weight: 'bolder', spacing: 'medium' }));
  }
  body.push(...tabLink(view));
  return adaptiveCard(body);
}

/** To the employee: the supervisor's question, with a box to answer it right here. */
export function infoRequestedNoticeCard(view: DisclosureCardView): AdaptiveCard {
  const d = view.disclosure;
  const open = d.state === 'info_requested';
  const body: CardElement[] = [
    heading(`${reviewerName(view)} needs more information`),
    text(`About your ${disclosureName(d)}: ${oneLineSummary(d)}.`),
    ...(d.infoRequest ? [subheading('Question'), quote(d.infoRequest)] : []),
  ];
  if (open) {
    body.push(
      textInput(INPUTS.answer, 'Your answer', {
        required: true,
        errorMessage: 'Type your answer before you send it.',
        multiline: true,
        maxLength: 2000,
      }),
    );
  } else {
    body.push(text('This question has been dealt with.', { isSubtle: true }));
  }
  body.push(...tabLink(view));
  const actions = open
    ? [
        execute(
          'Send answer',
          VERBS.answerInfo,
          { disclosureId: d.id, version: d.version },
          { associatedInputs: 'auto', style: 'positive' },
        ),
      ]
    : [];
  return adaptiveCard(body, actions);
}

/** To the supervisor: a disclosure that needs no decision (permitted, or not permitted and being dealt with). */
export function informedCard(view: DisclosureCardView): AdaptiveCard {
  const d = view.disclosure;
  const employee = view.employee.displayName;
  const actions = pendingActions(d, ['await_supervisor_decision']);
  const body: CardElement[] = [
    heading(
      `For your information: ${employee} made a ${d.type === 'gift' ? 'gift' : 'conflict of interest'} disclosure`,
    ),
    text(`${personLine(view.employee)} · ${d.reference}`, { isSubtle: true, spacing: 'none' }),
    text(oneLineSummary(d), { spacing: 'medium' }),
    outcomeBanner(d.evaluation.outcome, 'others'),
    text('No decision is needed from you.', { weight: 'bolder', spacing: 'small' }),
    ...(actions.length > 0
      ? [subheading(`What ${employee} must do`), ...bullets(actions.map((a) => ACTION_LABELS[a]))]
      : []),
    ...(d.resolution ? [subheading(`What ${employee} did`), text(d.resolution, { spacing: 'small' })] : []),
    ...citationsSection(d.evaluation.citations, 1),
    ...tabLink(view),
  ];
  const refresh =
    d.state === 'action_required'
      ? refreshFor(VERBS.refreshReview, { disclosureId: d.id }, view.reviewerUserIds)
      : undefined;
  return adaptiveCard(body, [], refresh);
}
