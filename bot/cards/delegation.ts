/**
 * The delegation card (`delegate`): who decides your new reviews while you are out, from one day to
 * another. Shows the current delegation with a button to end it, and the form to set (or replace) one.
 */
import type { FieldError } from '../../src/domain/errors';
import {
  adaptiveCard,
  execute,
  heading,
  subheading,
  subtle,
  text,
  type AdaptiveCard,
  type CardElement,
} from './card';
import { formatCalendarDate } from './format';
import { choiceInput, dateInput, errorText } from './form-fields';

export const DELEGATION_VERBS = {
  save: 'delegation.save',
  end: 'delegation.end',
} as const;

export const DELEGATION_INPUTS = {
  delegate: 'delegateId',
  startsOn: 'startsOn',
  endsOn: 'endsOn',
} as const;

export interface DelegationCardView {
  delegation: { delegate: { displayName: string }; startsOn: string; endsOn: string } | null;
  /** Today in the agency's time zone: the form's first day by default. */
  today: string;
  candidates: ReadonlyArray<{ id: string; displayName: string; jobTitle: string | null }>;
  /** What was entered, shown again with the errors when a save is refused. */
  values?: Readonly<Record<string, string>>;
  errors?: readonly FieldError[];
}

export function delegationCard(view: DelegationCardView): AdaptiveCard {
  const values = view.values ?? {};
  const d = view.delegation;
  const body: CardElement[] = [heading('Delegate your reviews')];
  if (d) {
    body.push(
      text(
        `${d.delegate.displayName} decides your new reviews from ${formatCalendarDate(d.startsOn)} to ${formatCalendarDate(d.endsOn)}.`,
        { weight: 'bolder' },
      ),
      subtle('Reviews already sent to you stay with you. Save again below to change it.'),
    );
  } else {
    body.push(
      text(
        'While you are out, disclosures that would come to you for review go to the colleague you choose. Reviews already sent to you stay with you.',
      ),
    );
  }
  for (const e of view.errors ?? []) body.push(errorText(e.message));
  const labels = Object.fromEntries(
    view.candidates.map((c) => [c.id, c.jobTitle ? `${c.displayName}, ${c.jobTitle}` : c.displayName]),
  );
  const delegate = choiceInput(DELEGATION_INPUTS.delegate, 'Who decides for you', labels, {
    required: true,
    errorMessage: 'Choose who decides for you.',
    placeholder: 'Choose a colleague',
  });
  const chosen = values[DELEGATION_INPUTS.delegate];
  const start = values[DELEGATION_INPUTS.startsOn] ?? view.today;
  const end = values[DELEGATION_INPUTS.endsOn];
  body.push(
    subheading(d ? 'Change your delegation' : 'Set a delegation'),
    { ...delegate, style: 'filtered', ...(chosen && labels[chosen] ? { value: chosen } : {}) },
    {
      ...dateInput(DELEGATION_INPUTS.startsOn, 'First day', { required: true }),
      ...(start ? { value: start } : {}),
    },
    {
      ...dateInput(DELEGATION_INPUTS.endsOn, 'Last day', { required: true }),
      ...(end ? { value: end } : {}),
    },
  );
  const actions = [
    execute(
      d ? 'Save changes' : 'Delegate',
      DELEGATION_VERBS.save,
      {},
      { associatedInputs: 'auto', style: 'positive' },
    ),
    ...(d ? [execute('End delegation', DELEGATION_VERBS.end, {}, { associatedInputs: 'none' })] : []),
  ];
  return adaptiveCard(body, actions);
}
