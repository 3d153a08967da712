/** The employee's own disclosure card: what they disclosed, what the policy says, and what happens next. */
import type { Disclosure } from '../../src/domain/disclosure/types';
import { INPUTS, VERBS } from './verbs';
import {
  adaptiveCard,
  execute,
  heading,
  refreshFor,
  subheading,
  text,
  type AdaptiveCard,
  type CardElement,
  type ExecuteAction,
} from './card';
import { textInput } from './form-fields';
import { TYPE_LABELS } from './labels';
import {
  actionsSection,
  citationsSection,
  guidanceSection,
  hrLine,
  headlineBanner,
  statusSection,
  summaryFacts,
  tabLink,
} from './sections';
import type { DisclosureCardView } from './view';
import { isOpen } from '../../src/domain/disclosure/state-machine';

/** For a gift not yet accepted (pre-clearance): may the employee accept it? */
function acceptanceLine(d: Disclosure): CardElement[] {
  if (!d.gift || d.gift.disposition !== 'undecided') return [];
  const answers: Partial<Record<Disclosure['state'], string>> = {
    recorded: 'You may accept this gift.',
    approved: 'You may accept this gift.',
    approved_with_conditions: 'You may accept this gift if you follow the conditions below.',
    pending_review: 'Please do not accept the gift until your supervisor decides.',
    info_requested: 'Please do not accept the gift until your supervisor decides.',
    denied: 'Do not accept this gift.',
    action_required: 'Do not accept this gift.',
  };
  const answer =
    d.state === 'recorded' && d.evaluation.outcome !== 'permitted' ? undefined : answers[d.state];
  return answer ? [text(answer, { weight: 'bolder', spacing: 'small' })] : [];
}

/** After a "no": what to do now. */
function deniedLine(d: Disclosure): CardElement[] {
  if (d.state !== 'denied') return [];
  return [
    text(
      d.type === 'gift'
        ? 'Decline the gift, or return it if you already have it. Ask your supervisor if anything is unclear.'
        : 'Do not go ahead with it, or end it. Ask your supervisor if anything is unclear.',
      { spacing: 'small' },
    ),
  ];
}

function stateInputs(d: Disclosure): { inputs: CardElement[]; actions: ExecuteAction[] } {
  const data = { disclosureId: d.id, version: d.version };
  const withdraw = execute('Withdraw', VERBS.withdraw, data, {
    associatedInputs: 'none',
    style: 'destructive',
  });
  switch (d.state) {
    case 'pending_review':
      return { inputs: [], actions: [withdraw] };
    case 'info_requested':
      return {
        inputs: [
          textInput(INPUTS.answer, 'Your answer', {
            required: true,
            errorMessage: 'Type your answer before you send it.',
            multiline: true,
            maxLength: 2000,
          }),
        ],
        actions: [
          execute('Send answer', VERBS.answerInfo, data, { associatedInputs: 'auto', style: 'positive' }),
          withdraw,
        ],
      };
    case 'action_required':
      return {
        inputs: [
          textInput(INPUTS.resolution, 'What did you do?', {
            required: true,
            errorMessage: 'Tell us what you did before you send it.',
            placeholder: 'For example: I returned the tickets on March 3.',
            multiline: true,
            maxLength: 2000,
          }),
        ],
        actions: [
          execute('Record what I did', VERBS.recordResolution, data, {
            associatedInputs: 'auto',
            style: 'positive',
          }),
        ],
      };
    default:
      return { inputs: [], actions: [] };
  }
}

export function disclosureResultCard(view: DisclosureCardView): AdaptiveCard {
  const d = view.disclosure;
  const { inputs, actions } = stateInputs(d);
  const body: CardElement[] = [
    heading(`Your ${TYPE_LABELS[d.type].toLowerCase()} disclosure`),
    text(`Reference ${d.reference}`, { isSubtle: true, spacing: 'none' }),
    headlineBanner(d, view.reviewer?.displayName ?? null, 'employee'),
    ...acceptanceLine(d),
    ...deniedLine(d),
    subheading('What you disclosed'),
    ...summaryFacts(d),
    // For a gift not yet accepted, the acceptance line above already says to wait.
    ...actionsSection(
      d,
      'employee',
      d.gift?.disposition === 'undecided' ? ['await_supervisor_decision'] : [],
    ),
    ...citationsSection(d.evaluation.citations),
    ...guidanceSection(d.evaluation.guidance, 'employee'),
    ...statusSection(view, 'employee'),
    ...hrLine(d),
    ...inputs,
    ...tabLink(view),
  ];
  const refresh = isOpen(d.state)
    ? refreshFor(VERBS.refreshDisclosure, { disclosureId: d.id }, view.employeeUserIds)
    : undefined;
  return adaptiveCard(body, actions, refresh);
}
