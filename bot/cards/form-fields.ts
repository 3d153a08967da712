/**
 * Inputs for the disclosure forms: labelled, with the value the employee already entered, and the
 * server's error for the field shown in red right under it, plus a summary of all errors at the top.
 */
import type { FieldError } from '../../src/domain/errors';
import {
  bullets,
  container,
  text,
  type CardElement,
  type InputChoiceSet,
  type InputDate,
  type InputElement,
  type InputText,
  type InputToggle,
} from './card';
import { YES_NO_LABELS } from './labels';

interface FieldOptions {
  required?: boolean;
  /** Shown by Teams when a required field is left empty, before anything is sent. */
  errorMessage?: string;
  placeholder?: string;
}

function base(id: string, label: string, options: FieldOptions) {
  return {
    id,
    label,
    ...(options.required
      ? { isRequired: true, errorMessage: options.errorMessage ?? `Fill in “${label}”.` }
      : {}),
  };
}

export function textInput(
  id: string,
  label: string,
  options: FieldOptions & { multiline?: boolean; maxLength?: number } = {},
): InputText {
  return {
    type: 'Input.Text',
    ...base(id, label, options),
    ...(options.placeholder ? { placeholder: options.placeholder } : {}),
    ...(options.multiline ? { isMultiline: true } : {}),
    ...(options.maxLength ? { maxLength: options.maxLength } : {}),
  };
}

export function dateInput(id: string, label: string, options: FieldOptions = {}): InputDate {
  return { type: 'Input.Date', ...base(id, label, options) };
}

export function toggleInput(id: string, label: string, title: string): InputToggle {
  return {
    type: 'Input.Toggle',
    id,
    label,
    title,
    value: 'false',
    valueOn: 'true',
    valueOff: 'false',
    wrap: true,
  };
}

/** A list of choices in the order of `labels`' keys (the model's `as const` order). */
export function choiceInput(
  id: string,
  label: string,
  labels: Readonly<Record<string, string>>,
  options: FieldOptions & { expanded?: boolean } = {},
): InputChoiceSet {
  return {
    type: 'Input.ChoiceSet',
    ...base(id, label, options),
    choices: Object.entries(labels).map(([value, title]) => ({ title, value })),
    style: options.expanded ? 'expanded' : 'compact',
    ...(options.expanded ? {} : { placeholder: options.placeholder ?? 'Choose one' }),
    wrap: true,
  };
}

/** A Yes / No question. A choice rather than a toggle, so "not answered" cannot pass for "No". */
export function yesNoInput(id: string, label: string, options: FieldOptions = {}): InputChoiceSet {
  return choiceInput(
    id,
    label,
    { true: YES_NO_LABELS.true, false: YES_NO_LABELS.false },
    { ...options, expanded: true },
  );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The input with the employee's earlier answer, when it is one the input can show. */
function withValue(input: InputElement, value: string | undefined): InputElement {
  if (value === undefined || value === '') return input;
  switch (input.type) {
    case 'Input.Text':
      return { ...input, value };
    case 'Input.Date':
      return ISO_DATE.test(value) ? { ...input, value } : input;
    case 'Input.Toggle':
      return { ...input, value: value.trim().toLowerCase() === 'true' ? 'true' : 'false' };
    case 'Input.ChoiceSet':
      return input.choices.some((c) => c.value === value) ? { ...input, value } : input;
  }
}

export function errorText(message: string): CardElement {
  return text(message, { color: 'attention', spacing: 'small' });
}

/** Lays out one form: call `field` for each input, then `summary` for the errors at the top. */
export class FormLayout {
  private readonly labels = new Map<string, string>();

  constructor(
    private readonly values: Readonly<Record<string, string>>,
    private readonly errors: readonly FieldError[],
  ) {}

  /** The input, with the entered value kept, and its error (if any) right under it. */
  field(input: InputElement): CardElement[] {
    this.labels.set(input.id, input.label);
    const error = this.errors.find((e) => e.field === input.id);
    return [withValue(input, this.values[input.id]), ...(error ? [errorText(error.message)] : [])];
  }

  /** "Please check these answers", listing each error by its field's label; nothing when all is well. */
  summary(): CardElement[] {
    if (this.errors.length === 0) return [];
    const lines = this.errors.map((e) => {
      const label = this.labels.get(e.field);
      return label ? `${label.replace(/[?:]$/, '')}: ${e.message}` : e.message;
    });
    const title =
      this.errors.length === 1
        ? 'Please check this answer'
        : `Please check these ${this.errors.length} answers`;
    return [
      container([text(title, { weight: 'bolder' }), ...bullets(lines)], 'attention', { spacing: 'medium' }),
    ];
  }
}
