import { ValidationError, type FieldError } from '../errors';
import { CONFLICT_QUESTIONS, parseConflictForm, parseDollarsToCents, parseGiftForm } from './validate';
import { CONFLICT_CATEGORIES } from './types';

const TODAY = '2026-03-14';

const validGift = (): Record<string, unknown> => ({
  donorName: '  Maria Lopez ',
  donorOrganization: 'Acme Staffing LLC',
  relationship: 'contractor_vendor_bidder',
  occasion: 'holiday',
  kind: 'ticket_or_entertainment',
  description: 'Two tickets to a Yard Goats game',
  value: '45.50',
  dateReceived: '2026-03-10',
  asGroupMember: 'false',
  disposition: 'undecided',
});

function fieldErrors(run: () => unknown): FieldError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const fieldsOf = (errors: FieldError[]) => errors.map((e) => e.field);
const giftErrors = (changes: Record<string, unknown>) =>
  fieldErrors(() => parseGiftForm({ ...validGift(), ...changes }, TODAY));

describe('parseGiftForm', () => {
  it('reads a complete gift form into GiftDetails, trimming text and converting dollars to cents', () => {
    expect(parseGiftForm(validGift(), TODAY)).toEqual({
      donorName: 'Maria Lopez',
      donorOrganization: 'Acme Staffing LLC',
      relationship: 'contractor_vendor_bidder',
      occasion: 'holiday',
      kind: 'ticket_or_entertainment',
      description: 'Two tickets to a Yard Goats game',
      valueCents: 4550,
      dateReceived: '2026-03-10',
      asGroupMember: false,
      disposition: 'undecided',
    });
  });

  it('treats a blank organization as none', () => {
    expect(parseGiftForm({ ...validGift(), donorOrganization: '   ' }, TODAY).donorOrganization).toBeNull();
  });

  it('reads the toggle strings "true" and "false" and JSON booleans', () => {
    expect(parseGiftForm({ ...validGift(), asGroupMember: 'true' }, TODAY).asGroupMember).toBe(true);
    expect(parseGiftForm({ ...validGift(), asGroupMember: 'false' }, TODAY).asGroupMember).toBe(false);
    expect(parseGiftForm({ ...validGift(), asGroupMember: true }, TODAY).asGroupMember).toBe(true);
  });

  it('treats a missing group toggle as not given to a group', () => {
    const { asGroupMember: _omitted, ...raw } = validGift();
    expect(parseGiftForm(raw, TODAY).asGroupMember).toBe(false);
  });

  it('rejects a toggle value that is neither true nor false', () => {
    expect(giftErrors({ asGroupMember: 'maybe' })).toEqual([
      { field: 'asGroupMember', message: 'Answer Yes or No.' },
    ]);
  });

  it.each([
    ['45', 4500],
    ['45.5', 4550],
    ['45.50', 4550],
    ['$1,200.00', 120000],
    ['1200', 120000],
    [' $ 12 ', 1200],
    ['.99', 99],
    ['0', 0],
    ['1000000', 100000000],
    ['$1,000,000.00', 100000000],
    [45, 4500],
    [45.5, 4550],
    [0.29, 29],
  ])('reads the value %p as %p cents', (value, cents) => {
    expect(parseGiftForm({ ...validGift(), value }, TODAY).valueCents).toBe(cents);
  });

  it.each([
    ['-5', 'The value cannot be negative'],
    [-5, 'The value cannot be negative'],
    ['$-5', 'The value cannot be negative'],
    ['forty', 'Enter the estimated value in dollars'],
    ['12,34', 'Enter the estimated value in dollars'],
    ['1e3', 'Enter the estimated value in dollars'],
    ['.', 'Enter the estimated value in dollars'],
    ['45.505', 'Use at most two decimal places'],
    [45.505, 'Use at most two decimal places'],
    ['1000000.01', 'Enter a value of $1,000,000 or less'],
    ['99999999999999999999', 'Enter a value of $1,000,000 or less'],
    [1_000_001, 'Enter a value of $1,000,000 or less'],
    [Number.NaN, 'Enter the estimated value in dollars'],
    [true, 'Enter the estimated value in dollars'],
  ])('rejects the value %p saying "%s"', (value, message) => {
    const errors = giftErrors({ value });
    expect(fieldsOf(errors)).toEqual(['value']);
    expect(errors[0]?.message).toContain(message);
  });

  it('asks for the value, with an example, when it is blank', () => {
    expect(giftErrors({ value: '' })).toEqual([
      { field: 'value', message: 'Enter the estimated value in dollars, for example 45.00' },
    ]);
  });

  it('requires the donor name, description and every choice', () => {
    const errors = giftErrors({
      donorName: ' ',
      description: '',
      relationship: '',
      occasion: undefined,
      kind: null,
      disposition: '',
    });
    expect(fieldsOf(errors)).toEqual([
      'donorName',
      'relationship',
      'occasion',
      'kind',
      'description',
      'disposition',
    ]);
  });

  it('rejects choices that are not in the lists', () => {
    const errors = giftErrors({
      relationship: 'friend',
      occasion: 'Holiday',
      kind: 'car',
      disposition: 'kept',
    });
    expect(fieldsOf(errors)).toEqual(['relationship', 'occasion', 'kind', 'disposition']);
    expect(errors.every((e) => e.message === 'Choose one of the options in the list.')).toBe(true);
  });

  it('limits names to 200 characters and the description to 2,000', () => {
    expect(parseGiftForm({ ...validGift(), donorName: 'a'.repeat(200) }, TODAY).donorName).toHaveLength(200);
    const errors = giftErrors({
      donorName: 'a'.repeat(201),
      donorOrganization: 'b'.repeat(201),
      description: 'c'.repeat(2001),
    });
    expect(errors).toEqual([
      { field: 'donorName', message: 'Shorten this to 200 characters or fewer.' },
      { field: 'donorOrganization', message: 'Shorten this to 200 characters or fewer.' },
      { field: 'description', message: 'Shorten this to 2,000 characters or fewer.' },
    ]);
  });

  it('rejects a date that is not written as yyyy-mm-dd', () => {
    expect(giftErrors({ dateReceived: '03/10/2026' })[0]?.message).toContain('yyyy-mm-dd');
  });

  it('rejects a date that does not exist on the calendar', () => {
    expect(giftErrors({ dateReceived: '2025-02-29' })[0]?.message).toContain('does not exist');
    expect(giftErrors({ dateReceived: '2026-13-01' })[0]?.message).toContain('does not exist');
    expect(parseGiftForm({ ...validGift(), dateReceived: '2024-02-29' }, '2025-06-01').dateReceived).toBe(
      '2024-02-29',
    );
  });

  it('accepts today but not a date in the future', () => {
    expect(parseGiftForm({ ...validGift(), dateReceived: TODAY }, TODAY).dateReceived).toBe(TODAY);
    expect(giftErrors({ dateReceived: '2026-03-15' })[0]?.message).toContain('cannot be in the future');
  });

  it('accepts a date exactly two years back but not one day more', () => {
    expect(parseGiftForm({ ...validGift(), dateReceived: '2024-03-14' }, TODAY).dateReceived).toBe(
      '2024-03-14',
    );
    expect(giftErrors({ dateReceived: '2024-03-13' })[0]?.message).toContain('within the last two years');
  });

  it('counts two years back from 29 February as 28 February', () => {
    const leapToday = '2028-02-29';
    expect(parseGiftForm({ ...validGift(), dateReceived: '2026-02-28' }, leapToday).dateReceived).toBe(
      '2026-02-28',
    );
  });

  it('requires the date', () => {
    expect(giftErrors({ dateReceived: '' })).toEqual([
      { field: 'dateReceived', message: 'Enter the date the gift was offered or received.' },
    ]);
  });

  it('reports every bad field at once, one error per field', () => {
    const errors = fieldErrors(() =>
      parseGiftForm({ donorName: '', value: 'abc', dateReceived: '2030-01-01', asGroupMember: 'yes' }, TODAY),
    );
    expect(fieldsOf(errors)).toEqual([
      'donorName',
      'relationship',
      'occasion',
      'kind',
      'description',
      'value',
      'dateReceived',
      'asGroupMember',
      'disposition',
    ]);
  });

  it('names the bad fields in the error message', () => {
    expect(() => parseGiftForm({ ...validGift(), value: '' }, TODAY)).toThrow(
      'Some fields need attention: value',
    );
  });

  it('refuses a malformed today, which is a programming error', () => {
    expect(() => parseGiftForm(validGift(), '14/03/2026')).toThrow(/today/);
  });

  it('rejects a text field given as an object', () => {
    expect(giftErrors({ donorName: { first: 'Maria' } })).toEqual([
      { field: 'donorName', message: 'Enter text here.' },
    ]);
  });
});

const validOutsideJob = (): Record<string, unknown> => ({
  category: 'outside_employment',
  description: 'Weekend cashier at a hardware store',
  parties: 'Main Street Hardware',
  startDate: '2026-04-01',
  endDate: '',
  ongoing: 'true',
  employerIsAgencyContractor: 'false',
});

const conflictErrors = (raw: Record<string, unknown>) => fieldErrors(() => parseConflictForm(raw, TODAY));

describe('parseConflictForm', () => {
  it('reads a complete outside-employment form', () => {
    expect(parseConflictForm(validOutsideJob(), TODAY)).toEqual({
      category: 'outside_employment',
      description: 'Weekend cashier at a hardware store',
      parties: 'Main Street Hardware',
      startDate: '2026-04-01',
      endDate: null,
      ongoing: true,
      facts: { employerIsAgencyContractor: false },
    });
  });

  it('keeps the facts of other categories out of the result', () => {
    const result = parseConflictForm(
      {
        ...validOutsideJob(),
        partisan: 'true',
        relativeInvolvement: 'influence_hiring',
        officeTerm: '2026-2030',
      },
      TODAY,
    );
    expect(result.facts).toEqual({ employerIsAgencyContractor: false });
  });

  it('ignores bad values in the questions of other categories', () => {
    expect(parseConflictForm({ ...validOutsideJob(), partisan: 'perhaps' }, TODAY).facts).toEqual({
      employerIsAgencyContractor: false,
    });
  });

  it('requires the category', () => {
    expect(fieldsOf(conflictErrors({ ...validOutsideJob(), category: '' }))).toEqual(['category']);
    expect(conflictErrors({ ...validOutsideJob(), category: 'bribery' })).toEqual([
      { field: 'category', message: 'Choose one of the options in the list.' },
    ]);
  });

  it('requires a description for every category', () => {
    expect(conflictErrors({ ...validOutsideJob(), description: ' ' })).toEqual([
      { field: 'description', message: 'Describe the situation in a few sentences.' },
    ]);
  });

  it('reads the public-office questions: status and term, and the optional federal funding', () => {
    const result = parseConflictForm(
      {
        category: 'public_office',
        description: 'Running for the Hartford Board of Education',
        parties: 'Hartford Board of Education',
        publicOfficeStatus: 'seeking',
        officeTerm: '2026–2030',
        federallyFunded: false,
      },
      TODAY,
    );
    expect(result.facts).toEqual({
      publicOfficeStatus: 'seeking',
      officeTerm: '2026–2030',
      federallyFunded: false,
    });
    expect(result.ongoing).toBe(false);
    expect(result.startDate).toBeNull();
  });

  it('leaves an unanswered optional question out of the facts', () => {
    const result = parseConflictForm(
      {
        category: 'public_office',
        description: 'Holding a seat on the town council',
        parties: 'Town council',
        publicOfficeStatus: 'holding',
        officeTerm: '2025-2027',
        federallyFunded: '',
      },
      TODAY,
    );
    expect(result.facts).not.toHaveProperty('federallyFunded');
  });

  it.each([
    ['public_office', ['parties', 'publicOfficeStatus', 'officeTerm']],
    ['relative', ['parties', 'relativeInvolvement']],
    ['outside_employment', ['parties', 'employerIsAgencyContractor']],
    ['financial_interest', ['parties', 'counterpartyDealsWithAgency']],
    ['political_activity', ['onStateTimeOrResources', 'partisan']],
    ['personal_business', ['parties', 'counterpartyDealsWithAgency', 'onStateTimeOrResources']],
    ['state_resources', ['onStateTimeOrResources']],
    ['arrest_or_conviction', []],
    ['other', []],
  ])('for %s requires %p', (category, required) => {
    const raw = { category, description: 'Details' };
    if (required.length === 0) {
      expect(parseConflictForm(raw, TODAY).facts).toEqual({});
    } else {
      expect(fieldsOf(conflictErrors(raw))).toEqual(required);
    }
  });

  it('tells the employee what to answer for each missing question', () => {
    const errors = conflictErrors({
      category: 'political_activity',
      description: 'Volunteering for a campaign',
    });
    expect(errors).toEqual([
      {
        field: 'onStateTimeOrResources',
        message: 'Answer Yes or No: is any of it done on state time or with state equipment?',
      },
      {
        field: 'partisan',
        message: 'Answer Yes or No: is the activity partisan (for a party or a party candidate)?',
      },
    ]);
  });

  it('reads the yes/no answers given as toggle strings', () => {
    const result = parseConflictForm(
      {
        category: 'state_resources',
        description: 'Called my pharmacy from my desk phone',
        onStateTimeOrResources: 'true',
        briefOccasionalPersonalCall: 'TRUE',
      },
      TODAY,
    );
    expect(result.facts).toEqual({ onStateTimeOrResources: true, briefOccasionalPersonalCall: true });
  });

  it('rejects a relative involvement that is not in the list', () => {
    expect(
      conflictErrors({
        category: 'relative',
        description: 'My cousin applied',
        parties: 'Sam Lee',
        relativeInvolvement: 'x',
      }),
    ).toEqual([{ field: 'relativeInvolvement', message: 'Choose one of the options in the list.' }]);
  });

  it('rejects an end date before the start date', () => {
    expect(conflictErrors({ ...validOutsideJob(), ongoing: 'false', endDate: '2026-03-01' })).toEqual([
      { field: 'endDate', message: 'The end date cannot be before the start date.' },
    ]);
  });

  it('accepts an end date on the start date and future dates for planned activities', () => {
    const result = parseConflictForm(
      { ...validOutsideJob(), startDate: '2027-01-01', endDate: '2027-01-01', ongoing: 'false' },
      TODAY,
    );
    expect([result.startDate, result.endDate]).toEqual(['2027-01-01', '2027-01-01']);
  });

  it('rejects an ongoing matter whose end date has passed', () => {
    const errors = conflictErrors({ ...validOutsideJob(), startDate: '2025-01-01', endDate: '2026-01-01' });
    expect(errors[0]?.message).toContain('Clear the end date or turn off Ongoing');
  });

  it('rejects dates that are not real calendar dates', () => {
    expect(
      fieldsOf(conflictErrors({ ...validOutsideJob(), startDate: '2026-02-30', endDate: 'soon' })),
    ).toEqual(['startDate', 'endDate']);
  });

  it('reports several errors at once across common fields and category questions', () => {
    const errors = conflictErrors({
      category: 'public_office',
      description: '',
      parties: 'x'.repeat(201),
      startDate: '2026-05-01',
      endDate: '2026-04-01',
      ongoing: 'sometimes',
      publicOfficeStatus: 'retired',
    });
    expect(fieldsOf(errors)).toEqual([
      'description',
      'parties',
      'endDate',
      'ongoing',
      'publicOfficeStatus',
      'officeTerm',
    ]);
  });

  it('lists the questions of every category', () => {
    expect(Object.keys(CONFLICT_QUESTIONS).sort()).toEqual([...CONFLICT_CATEGORIES].sort());
  });
});

describe('parseDollarsToCents', () => {
  it('returns null for a blank amount so the caller can say it is required', () => {
    expect(parseDollarsToCents('  ')).toBeNull();
    expect(parseDollarsToCents(undefined)).toBeNull();
  });
});
