/** The gift disclosure form. Input ids are the field names that parseGiftForm reads. */
import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH } from '../../src/domain/disclosure/validate';
import type { FieldError } from '../../src/domain/errors';
import { adaptiveCard, execute, heading, text, type AdaptiveCard, type CardElement } from './card';
import { choiceInput, dateInput, FormLayout, textInput, toggleInput } from './form-fields';
import { DISPOSITION_CHOICES, KIND_LABELS, OCCASION_LABELS, RELATIONSHIP_LABELS } from './labels';
import { VERBS } from './verbs';

export function giftFormCard(values: Record<string, string>, errors: FieldError[]): AdaptiveCard {
  const form = new FormLayout(values, errors);
  const fields: CardElement[] = [
    ...form.field(
      textInput('description', 'What is the gift?', {
        required: true,
        errorMessage: 'Describe the gift.',
        placeholder: 'For example: two tickets to a Yard Goats game',
        multiline: true,
        maxLength: DESCRIPTION_MAX_LENGTH,
      }),
    ),
    ...form.field(
      choiceInput('kind', 'Kind of gift', KIND_LABELS, {
        required: true,
        errorMessage: 'Choose the kind of gift.',
      }),
    ),
    ...form.field(
      textInput('value', 'Estimated value in dollars', {
        required: true,
        errorMessage: 'Enter the estimated value, for example 45.00',
        placeholder: '45.00',
        maxLength: 20,
      }),
    ),
    ...form.field(
      textInput('donorName', 'Who offered it?', {
        required: true,
        errorMessage: 'Enter the name of the person who offered it.',
        placeholder: 'Their full name',
        maxLength: NAME_MAX_LENGTH,
      }),
    ),
    ...form.field(
      textInput('donorOrganization', 'Their organization, if any', {
        placeholder: 'Company, agency or group',
        maxLength: NAME_MAX_LENGTH,
      }),
    ),
    ...form.field(
      choiceInput('relationship', 'Their relationship to the agency', RELATIONSHIP_LABELS, {
        required: true,
        errorMessage: 'Choose their relationship to the agency.',
      }),
    ),
    ...form.field(
      choiceInput('occasion', 'Occasion', OCCASION_LABELS, {
        required: true,
        errorMessage: 'Choose the occasion.',
      }),
    ),
    ...form.field(
      dateInput('dateReceived', 'Date offered or received', {
        required: true,
        errorMessage: 'Enter the date.',
      }),
    ),
    ...form.field(
      toggleInput(
        'asGroupMember',
        'Group gift',
        'It was given to me as a member of a group (for example, lunch for the unit)',
      ),
    ),
    ...form.field(
      choiceInput('disposition', 'What happened to it?', DISPOSITION_CHOICES, {
        required: true,
        errorMessage: 'Choose what happened to the gift.',
        expanded: true,
      }),
    ),
  ];

  return adaptiveCard(
    [
      heading('Disclose a gift'),
      text(
        'Tell us about a gift you were offered or received. If you have not decided yet, ' +
          'choose “Not decided yet” and Candor will tell you whether you may accept it.',
      ),
      ...form.summary(),
      ...fields,
    ],
    [
      execute('Send disclosure', VERBS.submitGift, undefined, {
        associatedInputs: 'auto',
        style: 'positive',
      }),
    ],
  );
}
