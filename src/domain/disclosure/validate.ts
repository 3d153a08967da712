/**
 * Parsing and validation of the gift and conflict forms. The raw values come from Adaptive Card inputs
 * (strings, blank when left empty) or from the tab's JSON API (strings, numbers, booleans). Every bad
 * field is reported at once, keyed by the input id, with a message that says what to do.
 */
import { ValidationError, type FieldError } from '../errors';
import {
  CONFLICT_CATEGORIES,
  GIFT_DISPOSITIONS,
  GIFT_KINDS,
  GIFT_OCCASIONS,
  GIFT_RELATIONSHIPS,
  type ConflictCategory,
  type ConflictDetails,
  type ConflictFacts,
  type GiftDetails,
} from './types';

export const NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 2000;
export const MAX_VALUE_CENTS = 1_000_000_00;
/** How far back a gift may be dated, in years. */
export const GIFT_LOOKBACK_YEARS = 2;

type RelativeInvolvement = NonNullable<ConflictFacts['relativeInvolvement']>;
type PublicOfficeStatus = NonNullable<ConflictFacts['publicOfficeStatus']>;

export const RELATIVE_INVOLVEMENTS = [
  'employed_by_agency',
  'influence_hiring',
  'supervises_relative',
  'signs_benefiting_document',
] as const satisfies readonly RelativeInvolvement[];
export const PUBLIC_OFFICE_STATUSES = ['seeking', 'holding'] as const satisfies readonly PublicOfficeStatus[];

// Compile-time check that the arrays above list every member of the model's unions.
type Missing<Union, List extends readonly unknown[]> = Exclude<Union, List[number]>;
const _allInvolvements: Missing<RelativeInvolvement, typeof RELATIVE_INVOLVEMENTS> extends never
  ? true
  : never = true;
const _allStatuses: Missing<PublicOfficeStatus, typeof PUBLIC_OFFICE_STATUSES> extends never ? true : never =
  true;

export type ConflictFactField = keyof ConflictFacts;

/** The questions a conflict category asks beyond description, parties, dates and ongoing. */
export interface ConflictQuestions {
  /** Facts that must be answered. */
  required: readonly ConflictFactField[];
  /** Facts that may be answered; left out of the result when blank. */
  optional: readonly ConflictFactField[];
  /** Whether the parties (employer, business, relative, office…) must be named. */
  partiesRequired: boolean;
}

export const CONFLICT_QUESTIONS: Record<ConflictCategory, ConflictQuestions> = {
  outside_employment: { required: ['employerIsAgencyContractor'], optional: [], partiesRequired: true },
  financial_interest: { required: ['counterpartyDealsWithAgency'], optional: [], partiesRequired: true },
  relative: { required: ['relativeInvolvement'], optional: [], partiesRequired: true },
  public_office: {
    required: ['publicOfficeStatus', 'officeTerm'],
    optional: ['federallyFunded'],
    partiesRequired: true,
  },
  political_activity: {
    required: ['onStateTimeOrResources', 'partisan'],
    optional: ['federallyFunded'],
    partiesRequired: false,
  },
  personal_business: {
    required: ['counterpartyDealsWithAgency', 'onStateTimeOrResources'],
    optional: [],
    partiesRequired: true,
  },
  state_resources: {
    required: ['onStateTimeOrResources'],
    optional: ['briefOccasionalPersonalCall'],
    partiesRequired: false,
  },
  arrest_or_conviction: { required: [], optional: [], partiesRequired: false },
  other: { required: [], optional: [], partiesRequired: false },
};

const BOOLEAN_FACTS = [
  'counterpartyDealsWithAgency',
  'employerIsAgencyContractor',
  'onStateTimeOrResources',
  'partisan',
  'briefOccasionalPersonalCall',
  'federallyFunded',
] as const satisfies readonly ConflictFactField[];
type BooleanFact = (typeof BOOLEAN_FACTS)[number];

/** What to say when a required fact is not answered. */
const FACT_MESSAGES: Record<ConflictFactField, string> = {
  counterpartyDealsWithAgency:
    'Answer Yes or No: does the business have contracts or dealings with the agency?',
  employerIsAgencyContractor:
    'Answer Yes or No: is the employer a contractor, consultant or appraiser of the agency?',
  relativeInvolvement: 'Choose how you are involved with your relative.',
  publicOfficeStatus: 'Choose whether you are seeking or holding the office.',
  officeTerm: 'Enter the term of office, for example 2026–2030.',
  onStateTimeOrResources: 'Answer Yes or No: is any of it done on state time or with state equipment?',
  partisan: 'Answer Yes or No: is the activity partisan (for a party or a party candidate)?',
  briefOccasionalPersonalCall: 'Answer Yes or No: is it only an occasional, brief personal call?',
  federallyFunded: 'Answer Yes or No, or leave blank if you do not know.',
};

const MESSAGES = {
  tooLong: (max: number) => `Shorten this to ${max.toLocaleString('en-US')} characters or fewer.`,
  notText: 'Enter text here.',
  yesNo: 'Answer Yes or No.',
  chooseFromList: 'Choose one of the options in the list.',
  dateFormat: 'Enter the date as yyyy-mm-dd, for example 2026-03-14.',
  dateNotReal: 'That date does not exist. Check the day and the month.',
  value: 'Enter the estimated value in dollars, for example 45.00',
  valueNegative: 'The value cannot be negative. Enter an amount such as 45.00',
  valueDecimals: 'Use at most two decimal places, for example 45.50',
  valueTooHigh: 'Enter a value of $1,000,000 or less. For more, contact the ethics officer.',
};

/** Collects field errors while reading one form. */
class FormReader {
  readonly errors: FieldError[] = [];

  constructor(private readonly raw: Record<string, unknown>) {}

  fail(field: string, message: string): void {
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, message });
  }

  has(field: string): boolean {
    return this.errors.some((e) => e.field === field);
  }

  /** The trimmed text, or null when blank or missing. Numbers are accepted as their decimal text. */
  private string(field: string): string | null {
    const value = this.raw[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.fail(field, MESSAGES.notText);
      return null;
    }
    const trimmed = String(value).trim();
    return trimmed === '' ? null : trimmed;
  }

  /** Trimmed text of at most `maxLength` characters, or null when blank. */
  text(field: string, maxLength: number): string | null {
    const value = this.string(field);
    if (value !== null && value.length > maxLength) {
      this.fail(field, MESSAGES.tooLong(maxLength));
      return null;
    }
    return value;
  }

  requiredText(field: string, maxLength: number, missingMessage: string): string {
    const value = this.text(field, maxLength);
    if (value === null && !this.has(field)) this.fail(field, missingMessage);
    return value ?? '';
  }

  /** A member of `options`, or null when blank; anything else is an error. */
  choice<T extends string>(field: string, options: readonly T[]): T | null {
    const value = this.string(field);
    if (value === null) return null;
    const found = options.find((o) => o === value);
    if (found === undefined) this.fail(field, MESSAGES.chooseFromList);
    return found ?? null;
  }

  requiredChoice<T extends string>(field: string, options: readonly T[], missingMessage: string): T {
    const value = this.choice(field, options);
    if (value === null && !this.has(field)) this.fail(field, missingMessage);
    // The fallback is never returned to the caller: an error makes the parse throw.
    return value ?? (options[0] as T);
  }

  /** true / false from a JSON boolean or the strings "true" / "false" (Input.Toggle); null when blank. */
  boolean(field: string): boolean | null {
    const value = this.raw[field];
    if (typeof value === 'boolean') return value;
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') {
      const normalized = value.trim().toLowerCase();
      if (normalized === '') return null;
      if (normalized === 'true') return true;
      if (normalized === 'false') return false;
    }
    this.fail(field, MESSAGES.yesNo);
    return null;
  }

  /** An ISO yyyy-mm-dd calendar date, or null when blank. */
  date(field: string): string | null {
    const value = this.string(field);
    if (value === null) return null;
    const problem = isoDateProblem(value);
    if (problem !== null) {
      this.fail(field, problem);
      return null;
    }
    return value;
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDateProblem(value: string): string | null {
  const match = ISO_DATE.exec(value);
  if (!match) return MESSAGES.dateFormat;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return MESSAGES.dateNotReal;
  }
  return null;
}

function assertToday(today: string): void {
  if (isoDateProblem(today) !== null) throw new Error(`today must be an ISO yyyy-mm-dd date, got "${today}"`);
}

/** The same day `years` years earlier; 29 February becomes 28 February. */
function yearsBefore(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const day = Math.min(d, daysInMonth(year, m));
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const PLAIN_AMOUNT = /^(\d+)(?:\.(\d*))?$/;
const GROUPED_AMOUNT = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d*))?$/;

type AmountResult = { cents: number } | { error: string };

/** Dollars as typed ("45", "45.50", "$1,200.00") or a JSON number, to whole cents. */
export function parseDollarsToCents(value: unknown): AmountResult | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { error: MESSAGES.value };
    if (value < 0) return { error: MESSAGES.valueNegative };
    if (value > MAX_VALUE_CENTS / 100) return { error: MESSAGES.valueTooHigh };
    const cents = Math.round(value * 100);
    if (Math.abs(cents - value * 100) > 1e-6) return { error: MESSAGES.valueDecimals };
    return { cents };
  }
  if (typeof value !== 'string') return { error: MESSAGES.value };
  let text = value.trim().replace(/\s+/g, '');
  if (text === '') return null;
  const negative = text.startsWith('-') || text.startsWith('$-') || text.startsWith('($');
  if (negative) return { error: MESSAGES.valueNegative };
  if (text.startsWith('$')) text = text.slice(1);
  if (!/\d/.test(text)) return { error: MESSAGES.value };
  if (text.startsWith('.')) text = `0${text}`;
  const match = PLAIN_AMOUNT.exec(text) ?? GROUPED_AMOUNT.exec(text);
  if (!match) return { error: MESSAGES.value };
  const whole = (match[1] ?? '').replace(/,/g, '');
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return { error: MESSAGES.valueDecimals };
  // More than 7 whole digits is over the limit whatever the fraction; this also keeps Number exact.
  if (whole.replace(/^0+/, '').length > 7) return { error: MESSAGES.valueTooHigh };
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MAX_VALUE_CENTS) return { error: MESSAGES.valueTooHigh };
  return { cents };
}

/** Reads the gift form. Throws ValidationError listing every bad field. `today` is yyyy-mm-dd. */
export function parseGiftForm(raw: Record<string, unknown>, today: string): GiftDetails {
  assertToday(today);
  const form = new FormReader(raw);

  const donorName = form.requiredText(
    'donorName',
    NAME_MAX_LENGTH,
    'Enter the name of the person who offered the gift.',
  );
  const donorOrganization = form.text('donorOrganization', NAME_MAX_LENGTH);
  const relationship = form.requiredChoice(
    'relationship',
    GIFT_RELATIONSHIPS,
    "Choose the giver's relationship to the agency, or Other.",
  );
  const occasion = form.requiredChoice(
    'occasion',
    GIFT_OCCASIONS,
    'Choose the occasion, or No particular occasion.',
  );
  const kind = form.requiredChoice('kind', GIFT_KINDS, 'Choose what kind of gift it is, or Other.');
  const description = form.requiredText(
    'description',
    DESCRIPTION_MAX_LENGTH,
    'Describe the gift, for example "Two tickets to a Yard Goats game".',
  );

  const amount = parseDollarsToCents(raw.value);
  let valueCents = 0;
  if (amount === null) form.fail('value', MESSAGES.value);
  else if ('error' in amount) form.fail('value', amount.error);
  else valueCents = amount.cents;

  const dateReceived = form.date('dateReceived');
  if (dateReceived === null) {
    if (!form.has('dateReceived'))
      form.fail('dateReceived', 'Enter the date the gift was offered or received.');
  } else if (dateReceived > today) {
    form.fail('dateReceived', 'The date cannot be in the future. Enter the day the gift was offered.');
  } else if (dateReceived < yearsBefore(today, GIFT_LOOKBACK_YEARS)) {
    form.fail(
      'dateReceived',
      'Enter a date within the last two years. For older gifts, contact the ethics officer.',
    );
  }

  const asGroupMember = form.boolean('asGroupMember') ?? false;
  const disposition = form.requiredChoice(
    'disposition',
    GIFT_DISPOSITIONS,
    'Choose what happened to the gift, or Not decided yet.',
  );

  if (form.errors.length > 0) throw new ValidationError(form.errors);
  return {
    donorName,
    donorOrganization,
    relationship,
    occasion,
    kind,
    description,
    valueCents,
    dateReceived: dateReceived ?? '',
    asGroupMember,
    disposition,
  };
}

function isBooleanFact(field: ConflictFactField): field is BooleanFact {
  return (BOOLEAN_FACTS as readonly string[]).includes(field);
}

/** Reads one fact; undefined when blank (the caller decides whether that is an error). */
function readFact(form: FormReader, field: ConflictFactField): ConflictFacts[ConflictFactField] {
  if (isBooleanFact(field)) return form.boolean(field) ?? undefined;
  switch (field) {
    case 'relativeInvolvement':
      return form.choice(field, RELATIVE_INVOLVEMENTS) ?? undefined;
    case 'publicOfficeStatus':
      return form.choice(field, PUBLIC_OFFICE_STATUSES) ?? undefined;
    case 'officeTerm':
      return form.text(field, NAME_MAX_LENGTH) ?? undefined;
  }
}

function readFacts(form: FormReader, category: ConflictCategory): ConflictFacts {
  const questions = CONFLICT_QUESTIONS[category];
  const facts: Record<string, unknown> = {};
  for (const field of questions.required) {
    const value = readFact(form, field);
    if (value === undefined) {
      if (!form.has(field)) form.fail(field, FACT_MESSAGES[field]);
    } else {
      facts[field] = value;
    }
  }
  for (const field of questions.optional) {
    const value = readFact(form, field);
    if (value !== undefined) facts[field] = value;
  }
  // Every key comes from the category's own questions and each value was read by its own reader.
  return facts as ConflictFacts;
}

/** Reads the conflict form. Throws ValidationError listing every bad field. `today` is yyyy-mm-dd. */
export function parseConflictForm(raw: Record<string, unknown>, today: string): ConflictDetails {
  assertToday(today);
  const form = new FormReader(raw);

  const category = form.choice('category', CONFLICT_CATEGORIES);
  if (category === null && !form.has('category')) form.fail('category', 'Choose the kind of conflict.');

  const description = form.requiredText(
    'description',
    DESCRIPTION_MAX_LENGTH,
    'Describe the situation in a few sentences.',
  );
  const parties =
    category !== null && CONFLICT_QUESTIONS[category].partiesRequired
      ? form.requiredText('parties', NAME_MAX_LENGTH, 'Name the people or organizations involved.')
      : (form.text('parties', NAME_MAX_LENGTH) ?? '');

  const startDate = form.date('startDate');
  const endDate = form.date('endDate');
  if (startDate !== null && endDate !== null && endDate < startDate) {
    form.fail('endDate', 'The end date cannot be before the start date.');
  }
  const ongoing = form.boolean('ongoing') ?? false;
  if (ongoing && endDate !== null && endDate < today && !form.has('endDate')) {
    form.fail('endDate', 'An ongoing matter cannot have ended. Clear the end date or turn off Ongoing.');
  }

  const facts = category === null ? {} : readFacts(form, category);

  if (form.errors.length > 0 || category === null) throw new ValidationError(form.errors);
  return { category, description, parties, startDate, endDate, ongoing, facts };
}
