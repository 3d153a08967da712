/**
 * The conflict of interest form, in two steps: choose the kind of conflict, then answer the questions
 * that kind needs (CONFLICT_QUESTIONS, the same list parseConflictForm checks).
 */
import { CONFLICT_CATEGORIES, type ConflictCategory } from '../../src/domain/disclosure/types';
import {
  CONFLICT_QUESTIONS,
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  type ConflictFactField,
} from '../../src/domain/disclosure/validate';
import type { FieldError } from '../../src/domain/errors';
import {
  adaptiveCard,
  execute,
  heading,
  subheading,
  text,
  type AdaptiveCard,
  type CardElement,
} from './card';
import { choiceInput, dateInput, FormLayout, textInput, toggleInput, yesNoInput } from './form-fields';
import {
  CATEGORY_HINTS,
  CATEGORY_LABELS,
  PUBLIC_OFFICE_STATUS_LABELS,
  RELATIVE_INVOLVEMENT_CHOICES,
} from './labels';
import { VERBS } from './verbs';

/** The "who is involved" question, in the words of each kind of conflict. */
const PARTIES_LABELS: Record<ConflictCategory, string> = {
  outside_employment: 'Employer or client',
  financial_interest: 'Business or organization',
  relative: 'Your relative: name and how you are related',
  public_office: 'The office, for example “Hartford Board of Education”',
  political_activity: 'Campaign, party or organization, if any',
  personal_business: 'Your business and its main clients',
  state_resources: 'Anyone else involved, if any',
  arrest_or_conviction: 'Court or police department, if known',
  other: 'People or organizations involved, if any',
};

const DESCRIPTION_PLACEHOLDERS: Record<ConflictCategory, string> = {
  outside_employment: 'What you do, how many hours, and whether any of it happens during work hours',
  financial_interest: 'What you own or invest in, and how the business deals with the agency',
  relative: 'Their job or the job they applied for, and how your work touches theirs',
  public_office: 'The office, how you were chosen or are running, and the time it takes',
  political_activity: 'What you do, when, and where',
  personal_business: 'What the business does and how it could touch your work here',
  state_resources: 'What you used, when, and for what',
  arrest_or_conviction: 'What happened and when',
  other: 'What is going on, and why it might look like a conflict',
};

const QUESTIONS: Record<ConflictFactField, string> = {
  counterpartyDealsWithAgency: 'Does the business have contracts or other dealings with the agency?',
  employerIsAgencyContractor:
    'Is the employer a consultant, contractor or appraiser for the agency, or under any agreement with it?',
  relativeInvolvement: 'How are you involved?',
  publicOfficeStatus: 'Are you seeking the office or holding it?',
  officeTerm: 'Term of office',
  onStateTimeOrResources:
    'Is any of it done on state time, or with state equipment, supplies or information?',
  partisan: 'Is it partisan, that is, for a political party or a party’s candidate?',
  briefOccasionalPersonalCall: 'Is it only an occasional, brief personal phone call?',
  federallyFunded:
    'Is your job paid for, in whole or in part, by federal loans or grants? Leave blank if you do not know.',
};

function questionInput(field: ConflictFactField, required: boolean) {
  const label = QUESTIONS[field];
  const options = { required, errorMessage: 'Answer this question.' };
  switch (field) {
    case 'relativeInvolvement':
      return choiceInput(field, label, RELATIVE_INVOLVEMENT_CHOICES, { ...options, expanded: true });
    case 'publicOfficeStatus':
      return choiceInput(field, label, PUBLIC_OFFICE_STATUS_LABELS, { ...options, expanded: true });
    case 'officeTerm':
      return textInput(field, label, {
        ...options,
        errorMessage: 'Enter the term of office.',
        placeholder: 'For example 2026–2030',
        maxLength: NAME_MAX_LENGTH,
      });
    default:
      return yesNoInput(field, label, options);
  }
}

function categoryChooser(values: Record<string, string>, errors: FieldError[]): AdaptiveCard {
  const form = new FormLayout(values, errors);
  const choices = Object.fromEntries(
    CONFLICT_CATEGORIES.map((c) => [c, `${CATEGORY_LABELS[c]} — ${CATEGORY_HINTS[c]}`]),
  );
  const fields = form.field(
    choiceInput('category', 'What kind of situation is it?', choices, {
      required: true,
      errorMessage: 'Choose the kind of situation.',
      expanded: true,
    }),
  );
  return adaptiveCard(
    [
      heading('Disclose a conflict of interest'),
      text(
        'Tell us about anything that could conflict, or look like it conflicts, with your work here. When in doubt, disclose.',
      ),
      ...form.summary(),
      ...fields,
    ],
    [execute('Next', VERBS.openConflictForm, undefined, { associatedInputs: 'auto', style: 'positive' })],
  );
}

function categoryForm(
  category: ConflictCategory,
  values: Record<string, string>,
  errors: FieldError[],
): AdaptiveCard {
  const form = new FormLayout(values, errors);
  const questions = CONFLICT_QUESTIONS[category];
  const fields: CardElement[] = [
    ...form.field(
      textInput('description', 'Describe the situation', {
        required: true,
        errorMessage: 'Describe the situation.',
        placeholder: DESCRIPTION_PLACEHOLDERS[category],
        multiline: true,
        maxLength: DESCRIPTION_MAX_LENGTH,
      }),
    ),
    ...form.field(
      textInput('parties', PARTIES_LABELS[category], {
        required: questions.partiesRequired,
        errorMessage: 'Name who is involved.',
        maxLength: NAME_MAX_LENGTH,
      }),
    ),
    ...questions.required.flatMap((field) => form.field(questionInput(field, true))),
    ...questions.optional.flatMap((field) => form.field(questionInput(field, false))),
    ...form.field(dateInput('startDate', 'Start date, if any')),
    ...form.field(dateInput('endDate', 'End date, if any')),
    ...form.field(toggleInput('ongoing', 'Still going on', 'This is still going on')),
  ];

  return adaptiveCard(
    [
      heading('Disclose a conflict of interest'),
      subheading(CATEGORY_LABELS[category]),
      text(CATEGORY_HINTS[category], { isSubtle: true, spacing: 'small' }),
      ...form.summary(),
      ...fields,
    ],
    [
      execute(
        'Send disclosure',
        VERBS.submitConflict,
        { category },
        { associatedInputs: 'auto', style: 'positive' },
      ),
      execute('Choose another kind', VERBS.openConflictForm, undefined, { associatedInputs: 'none' }),
    ],
  );
}

/**
 * With no category: the chooser, whose Next button sends the chosen `category` (verb openConflictForm).
 * With a category: its questions; Send disclosure carries `category` in the action's data.
 */
export function conflictFormCard(
  category: ConflictCategory | null,
  values: Record<string, string>,
  errors: FieldError[],
): AdaptiveCard {
  return category === null ? categoryChooser(values, errors) : categoryForm(category, values, errors);
}
