import {
  CONFLICT_CATEGORIES,
  DISCLOSURE_STATES,
  type Citation,
  type Decision,
  type ConflictDetails,
  type Disclosure,
  type DisclosureState,
  type GiftDetails,
  type PolicyEvaluation,
  type Person,
} from '../../src/domain/disclosure/types';
import { CONFLICT_QUESTIONS, parseGiftForm } from '../../src/domain/disclosure/validate';
import type { AdaptiveCard } from './card';
import { conflictFormCard } from './conflict-form';
import { giftFormCard } from './gift-form';
import { helpCard } from './help';
import { disclosureListCard } from './list';
import { decisionNoticeCard, infoRequestedNoticeCard, informedCard } from './notice';
import { disclosureResultCard } from './result';
import { reviewCard } from './review';
import { cardProblems } from './validate-card.test-helper';
import { INPUTS, VERBS } from './verbs';
import type { DisclosureCardView } from './view';
import { welcomeCard } from './welcome';

// ---------- fixtures ----------

const employee: Person = {
  id: 'emp-1',
  displayName: 'Maria Lopez',
  email: 'maria.lopez@example.gov',
  jobTitle: 'Investigator',
  department: 'Housing Unit',
};
const reviewer: Person = {
  id: 'sup-1',
  displayName: 'Daniel Ortiz',
  email: 'daniel.ortiz@example.gov',
  jobTitle: 'Regional Manager',
  department: null,
};

const gift: GiftDetails = {
  donorName: 'Sam Reed',
  donorOrganization: 'Acme Staffing LLC',
  relationship: 'contractor_vendor_bidder',
  occasion: 'holiday',
  kind: 'ticket_or_entertainment',
  description: 'Two tickets to a Yard Goats game',
  valueCents: 12000,
  dateReceived: '2026-03-02',
  asGroupMember: false,
  disposition: 'undecided',
};

const conflict: ConflictDetails = {
  category: 'outside_employment',
  description: 'Weekend cashier at a hardware store, about 10 hours a week.',
  parties: 'Main Street Hardware',
  startDate: '2026-04-01',
  endDate: null,
  ongoing: true,
  facts: { employerIsAgencyContractor: false },
};

const citation: Citation = {
  ruleId: 'gift-relationship',
  packId: 'chro',
  document: 'CHRO Ethical Conduct Policy',
  clause: 'Gifts',
  quote: 'You-as an individual or as the member of a group-may not solicit or accept a gift or gratuity…',
};
const statute: Citation = {
  ruleId: 'cgs-1-84',
  packId: 'ct-statute',
  document: 'Connecticut General Statutes',
  clause: '§1-84(j)',
  quote: 'No public official or state employee shall accept any gift from a restricted donor…',
};

function evaluationFor(state: DisclosureState): PolicyEvaluation {
  const outcome = state === 'recorded' ? 'permitted' : state === 'action_required' ? 'prohibited' : 'review';
  return {
    outcome,
    citations: [citation, statute],
    actions:
      outcome === 'prohibited'
        ? ['decline_or_return_gift', 'copy_hr']
        : outcome === 'review'
          ? ['await_supervisor_decision', 'contact_ethics_commission']
          : ['none'],
    copyHr: outcome === 'prohibited',
    guidance: ['Gifts from anyone doing business with the agency need a decision before you accept them.'],
    donorYearTotalCents: 15000,
  };
}

const DECISION_OF: Partial<Record<DisclosureState, Decision>> = {
  approved: 'approve',
  approved_with_conditions: 'approve_with_conditions',
  denied: 'deny',
};

function disclosure(
  type: 'gift' | 'conflict',
  state: DisclosureState,
  overrides: Partial<Disclosure> = {},
): Disclosure {
  const decided = state === 'approved' || state === 'approved_with_conditions' || state === 'denied';
  return {
    id: `dis-${type}-${state}`,
    reference: 'D-2026-0042',
    type,
    employeeId: employee.id,
    gift: type === 'gift' ? gift : null,
    conflict: type === 'conflict' ? conflict : null,
    evaluation: evaluationFor(state),
    state,
    reviewerId: reviewer.id,
    hrCopied: state === 'action_required',
    decision: DECISION_OF[state] ?? null,
    decidedBy: decided ? reviewer.id : null,
    decidedAt: decided ? new Date('2026-03-04T03:30:00Z') : null, // March 3 in New York
    decisionComment: decided ? 'Fine, enjoy the game.' : null,
    conditions: state === 'approved_with_conditions' ? 'Share the tickets with the unit.' : null,
    infoRequest: state === 'info_requested' ? 'Who else was offered tickets?' : null,
    infoAnswer: null,
    resolution: null,
    version: 3,
    createdAt: new Date('2026-03-02T15:00:00Z'),
    updatedAt: new Date('2026-03-04T03:30:00Z'),
    ...overrides,
  };
}

function view(d: Disclosure, overrides: Partial<DisclosureCardView> = {}): DisclosureCardView {
  return {
    disclosure: d,
    employee,
    reviewer,
    employeeUserIds: ['29:employee'],
    reviewerUserIds: ['29:reviewer'],
    tabUrl: 'https://teams.microsoft.com/l/entity/app/candor',
    ...overrides,
  };
}

// ---------- walking card JSON ----------

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function nodes(value: unknown): Json[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (!isObject(value)) return [];
  return [value, ...Object.entries(value).flatMap(([k, v]) => (k === 'data' ? [] : nodes(v)))];
}

const json = (card: AdaptiveCard): Json => JSON.parse(JSON.stringify(card)) as Json;
const bodyNodes = (card: AdaptiveCard) => nodes(json(card).body);
const actionsOf = (card: AdaptiveCard) =>
  nodes(json(card)).filter((n) => String(n.type).startsWith('Action.'));
const verbsOf = (card: AdaptiveCard) => actionsOf(card).map((a) => a.verb);
const inputsOf = (card: AdaptiveCard) => bodyNodes(card).filter((n) => String(n.type).startsWith('Input.'));
const inputIds = (card: AdaptiveCard) => inputsOf(card).map((n) => n.id);
const input = (card: AdaptiveCard, id: string) => inputsOf(card).find((n) => n.id === id);
const texts = (card: AdaptiveCard) =>
  bodyNodes(card).flatMap((n) => (typeof n.text === 'string' ? [n.text] : []));
const allText = (card: AdaptiveCard) =>
  [
    ...texts(card),
    ...bodyNodes(card).flatMap((n) => (n.type === 'FactSet' ? [JSON.stringify(n.facts)] : [])),
  ].join('\n');
const bodyStrings = (card: AdaptiveCard): string[] =>
  bodyNodes(card).flatMap((n) => Object.values(n).filter((v): v is string => typeof v === 'string'));

// ---------- every card ----------

const allCards: Array<[string, AdaptiveCard]> = [
  ['welcome', welcomeCard('Commission on Human Rights and Opportunities')],
  ['welcome without an agency name', welcomeCard('')],
  ['help', helpCard()],
  ['help after an unknown message', helpCard('show me the money')],
  ['empty gift form', giftFormCard({}, [])],
  [
    'gift form with errors',
    giftFormCard({ donorName: 'Sam', value: 'forty', asGroupMember: 'true', relationship: 'lobbyist' }, [
      { field: 'value', message: 'Enter the estimated value in dollars, for example 45.00' },
      { field: 'dateReceived', message: 'Enter the date the gift was offered or received.' },
      { field: 'general', message: 'Something else went wrong.' },
    ]),
  ],
  ['conflict category chooser', conflictFormCard(null, {}, [])],
  [
    'conflict chooser with an error',
    conflictFormCard(null, {}, [{ field: 'category', message: 'Choose one.' }]),
  ],
  ...CONFLICT_CATEGORIES.map((c): [string, AdaptiveCard] => [
    `conflict form for ${c}`,
    conflictFormCard(c, {}, []),
  ]),
  [
    'conflict form with values and errors',
    conflictFormCard(
      'public_office',
      { description: 'School board', publicOfficeStatus: 'seeking', ongoing: 'true' },
      [{ field: 'officeTerm', message: 'Enter the term of office, for example 2026–2030.' }],
    ),
  ],
  ...(['gift', 'conflict'] as const).flatMap((type) =>
    DISCLOSURE_STATES.flatMap((state): Array<[string, AdaptiveCard]> => {
      const v = view(disclosure(type, state));
      return [
        [`${type} result card, ${state}`, disclosureResultCard(v)],
        [`${type} review card for the reviewer, ${state}`, reviewCard(v, 'reviewer')],
        [`${type} read-only review card, ${state}`, reviewCard(v, 'readonly')],
        [`${type} decision notice, ${state}`, decisionNoticeCard(v)],
        [`${type} info-requested notice, ${state}`, infoRequestedNoticeCard(v)],
        [`${type} informed card, ${state}`, informedCard(v)],
      ];
    }),
  ),
  [
    'result card without reviewer, tab link or Teams ids',
    disclosureResultCard(
      view(disclosure('gift', 'pending_review'), { reviewer: null, tabUrl: null, employeeUserIds: [] }),
    ),
  ],
  [
    'review card without reviewer',
    reviewCard(view(disclosure('conflict', 'pending_review'), { reviewer: null }), 'readonly'),
  ],
  ['empty list', disclosureListCard('My disclosures', [], 'You have not made any disclosures yet.')],
  [
    'list',
    disclosureListCard(
      'Waiting for your review',
      [
        { disclosure: disclosure('gift', 'pending_review'), counterpart: employee },
        { disclosure: disclosure('conflict', 'info_requested'), counterpart: null },
      ],
      'Nothing is waiting.',
    ),
  ],
];

describe('every card', () => {
  it.each(allCards)('the %s card parses in the adaptivecards package without errors', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
  });

  it.each(allCards)('the %s card is Adaptive Card version 1.5', (_name, card) => {
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
  });

  it.each(allCards)('the %s card uses only Action.Execute with a verb from VERBS', (_name, card) => {
    const known: unknown[] = Object.values(VERBS);
    for (const action of actionsOf(card)) {
      expect(action.type).toBe('Action.Execute');
      expect(known).toContain(action.verb);
    }
  });

  it.each(allCards)('the %s card shows no "undefined", "null" or "NaN"', (_name, card) => {
    for (const value of bodyStrings(card))
      expect(value).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|\[object /);
  });

  it.each(allCards)('the %s card is plain JSON with no undefined properties', (_name, card) => {
    expect(json(card)).toStrictEqual(card);
  });

  it.each(allCards)('the %s card refreshes for at most 60 users', (_name, card) => {
    expect(card.refresh?.userIds.length ?? 0).toBeLessThanOrEqual(60);
  });
});

describe('card size', () => {
  it('stays under the 28 KB Teams allows for a message, even with the longest texts', () => {
    const long = 'x'.repeat(2000);
    const d = disclosure('conflict', 'approved_with_conditions', {
      conflict: { ...conflict, description: long, parties: 'p'.repeat(200) },
      decisionComment: long,
      conditions: long,
      infoRequest: long,
      infoAnswer: long,
      resolution: long,
      evaluation: { ...evaluationFor('pending_review'), guidance: [long.slice(0, 600), long.slice(0, 600)] },
    });
    for (const card of [disclosureResultCard(view(d)), reviewCard(view(d), 'readonly')]) {
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    }
    const many = Array.from({ length: 40 }, () => ({ disclosure: d, counterpart: reviewer }));
    expect(Buffer.byteLength(JSON.stringify(disclosureListCard('My disclosures', many, '')))).toBeLessThan(
      28 * 1024,
    );
  });
});

describe('the card validator', () => {
  it('reports a misspelled element type', () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlok', text: 'Hello' }] };
    expect(cardProblems(card)).toEqual([expect.stringContaining('Unknown element type "TextBlok"')]);
  });

  it('reports a bad property value', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Hi', color: 'red' }],
    };
    expect(cardProblems(card)).toEqual([expect.stringContaining('Invalid value "red" for property "color"')]);
  });

  it('reports a misspelled property name, which the library itself ignores', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.Text', id: 'a', lable: 'Name' }],
      refresh: { action: { type: 'Action.Execute', verb: 'x' }, userIds: [], usrIds: [] },
    };
    expect(cardProblems(card)).toEqual([
      expect.stringContaining('unknown property "lable" on Input.Text'),
      expect.stringContaining('unknown property "usrIds" on card.refresh'),
    ]);
  });

  it('reports a required input without a label or error message', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.Text', id: 'a', isRequired: true }],
    };
    expect(cardProblems(card)).toEqual([
      'validate: Required inputs should have a label',
      'validate: Required inputs should have an error message',
    ]);
  });

  it('does not look inside the free-form data of an action', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [],
      actions: [{ type: 'Action.Execute', verb: 'x', title: 'Go', data: { anything: { goes: true } } }],
    };
    expect(cardProblems(card)).toEqual([]);
  });
});

// ---------- welcome and help ----------

describe('welcomeCard', () => {
  it('names the agency and offers the four starting points', () => {
    const card = welcomeCard('Commission on Human Rights and Opportunities');
    expect(texts(card).slice(0, 3)).toEqual([
      'Welcome to Candor',
      'Commission on Human Rights and Opportunities',
      'Candor helps you disclose gifts and possible conflicts of interest.',
    ]);
    expect(verbsOf(card)).toEqual([
      VERBS.openGiftForm,
      VERBS.openConflictForm,
      VERBS.listMine,
      VERBS.listPending,
    ]);
    expect(allText(card)).toContain('my disclosures');
  });
});

describe('helpCard', () => {
  it('lists the commands gift, conflict, my disclosures, pending and help', () => {
    const text = allText(helpCard());
    for (const command of ['gift', 'conflict', 'my disclosures', 'pending', 'help']) {
      expect(text).toContain(`"title":"${command}"`);
    }
    expect(text).not.toContain('understand');
  });

  it('first says which message it did not understand', () => {
    expect(texts(helpCard('show me the money'))[0]).toBe("I didn't understand “show me the money”.");
  });

  it('shortens a long message it did not understand', () => {
    expect(texts(helpCard('x'.repeat(500)))[0]?.length).toBeLessThan(110);
  });
});

// ---------- forms ----------

describe('giftFormCard', () => {
  const errors = [
    { field: 'value', message: 'Enter the estimated value in dollars, for example 45.00' },
    { field: 'donorName', message: 'Enter the name of the person who offered the gift.' },
  ];
  const card = giftFormCard(
    {
      donorName: ' ',
      value: 'forty',
      asGroupMember: 'true',
      relationship: 'lobbyist',
      dateReceived: '2026-03-02',
    },
    errors,
  );

  it('asks for every field that parseGiftForm reads, under the same ids', () => {
    const ids = inputIds(giftFormCard({}, []));
    const values: Record<string, unknown> = {
      description: 'Tickets',
      kind: 'item',
      value: '45',
      donorName: 'Sam',
      donorOrganization: '',
      relationship: 'other',
      occasion: 'none',
      dateReceived: '2026-03-02',
      asGroupMember: 'false',
      disposition: 'declined',
    };
    expect([...ids].sort()).toEqual(Object.keys(values).sort());
    expect(() => parseGiftForm(values, '2026-03-14')).not.toThrow();
  });

  it('keeps the values already entered', () => {
    expect(input(card, 'value')?.value).toBe('forty');
    expect(input(card, 'relationship')?.value).toBe('lobbyist');
    expect(input(card, 'asGroupMember')?.value).toBe('true');
    expect(input(card, 'dateReceived')?.value).toBe('2026-03-02');
  });

  it('shows each error in red right under its field', () => {
    const body = json(card).body as Json[];
    for (const error of errors) {
      const at = body.findIndex((n) => n.id === error.field);
      expect(body[at + 1]).toMatchObject({ type: 'TextBlock', text: error.message, color: 'attention' });
    }
  });

  it('sums up the errors at the top, by field label', () => {
    const body = json(card).body as Json[];
    const summaryAt = body.findIndex((n) => n.type === 'Container' && n.style === 'attention');
    const firstInput = body.findIndex((n) => String(n.type).startsWith('Input.'));
    expect(summaryAt).toBeGreaterThan(-1);
    expect(summaryAt).toBeLessThan(firstInput);
    const summary = JSON.stringify(body[summaryAt]);
    expect(summary).toContain('Please check these 2 answers');
    expect(summary).toContain('Estimated value in dollars: Enter the estimated value');
    expect(summary).toContain('Who offered it: Enter the name');
  });

  it('shows no error text when there are no errors', () => {
    expect(bodyNodes(giftFormCard({}, [])).some((n) => n.color === 'attention')).toBe(false);
  });

  it('labels every input and offers a human label for every choice', () => {
    for (const i of inputsOf(giftFormCard({}, []))) {
      expect(i.label).toEqual(expect.any(String));
      for (const choice of (i.choices as Json[] | undefined) ?? []) expect(choice.title).not.toMatch(/_/);
    }
  });

  it('marks the required inputs with an error message for Teams to show', () => {
    const required = inputsOf(giftFormCard({}, [])).filter((i) => i.isRequired);
    expect(required.map((i) => i.id).sort()).toEqual(
      [
        'description',
        'kind',
        'value',
        'donorName',
        'relationship',
        'occasion',
        'dateReceived',
        'disposition',
      ].sort(),
    );
    for (const i of required) expect(i.errorMessage).toEqual(expect.any(String));
  });

  it('uses a date picker, a toggle and a multi-line description', () => {
    expect(input(card, 'dateReceived')?.type).toBe('Input.Date');
    expect(input(card, 'asGroupMember')).toMatchObject({
      type: 'Input.Toggle',
      valueOn: 'true',
      valueOff: 'false',
    });
    expect(input(card, 'description')).toMatchObject({ type: 'Input.Text', isMultiline: true });
  });

  it('submits with the submitGift verb and all inputs', () => {
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({ verb: VERBS.submitGift, associatedInputs: 'auto' }),
    ]);
  });
});

describe('conflictFormCard', () => {
  it('without a category asks for one, with a Next button that sends it', () => {
    const card = conflictFormCard(null, {}, []);
    expect(inputIds(card)).toEqual(['category']);
    expect(((input(card, 'category')?.choices as Json[]) ?? []).map((c) => c.value)).toEqual([
      ...CONFLICT_CATEGORIES,
    ]);
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({ title: 'Next', verb: VERBS.openConflictForm, associatedInputs: 'auto' }),
    ]);
  });

  it('keeps a chosen category and shows its error', () => {
    const card = conflictFormCard(null, { category: 'relative' }, [
      { field: 'category', message: 'Choose one.' },
    ]);
    expect(input(card, 'category')?.value).toBe('relative');
    expect(texts(card)).toContain('Choose one.');
  });

  it.each(CONFLICT_CATEGORIES)('for %s asks only the questions that category needs', (category) => {
    const card = conflictFormCard(category, {}, []);
    const { required, optional } = CONFLICT_QUESTIONS[category];
    expect(inputIds(card)).toEqual([
      'description',
      'parties',
      ...required,
      ...optional,
      'startDate',
      'endDate',
      'ongoing',
    ]);
    for (const field of required) expect(input(card, field)?.isRequired).toBe(true);
    expect(input(card, 'parties')?.isRequired ?? false).toBe(CONFLICT_QUESTIONS[category].partiesRequired);
  });

  it('sends the category with the answers on submit, and can go back to the chooser', () => {
    const card = conflictFormCard('relative', {}, []);
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({
        verb: VERBS.submitConflict,
        data: { category: 'relative' },
        associatedInputs: 'auto',
      }),
      expect.objectContaining({ verb: VERBS.openConflictForm, associatedInputs: 'none' }),
    ]);
  });

  it('asks yes/no questions as a Yes/No choice, so an unanswered question is not taken as No', () => {
    const card = conflictFormCard('political_activity', {}, []);
    expect(input(card, 'partisan')).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'expanded',
      choices: [
        { title: 'Yes', value: 'true' },
        { title: 'No', value: 'false' },
      ],
    });
    expect(input(card, 'partisan')?.value).toBeUndefined();
  });

  it('keeps entered values and shows errors under their fields', () => {
    const card = conflictFormCard(
      'public_office',
      {
        description: 'School board',
        publicOfficeStatus: 'seeking',
        ongoing: 'true',
        federallyFunded: 'false',
      },
      [{ field: 'officeTerm', message: 'Enter the term of office, for example 2026–2030.' }],
    );
    expect(input(card, 'description')?.value).toBe('School board');
    expect(input(card, 'publicOfficeStatus')?.value).toBe('seeking');
    expect(input(card, 'federallyFunded')?.value).toBe('false');
    expect(input(card, 'ongoing')?.value).toBe('true');
    const body = json(card).body as Json[];
    const at = body.findIndex((n) => n.id === 'officeTerm');
    expect(body[at + 1]).toMatchObject({
      color: 'attention',
      text: 'Enter the term of office, for example 2026–2030.',
    });
  });

  it('drops a value a choice cannot show', () => {
    expect(
      input(conflictFormCard('relative', { relativeInvolvement: 'cousin' }, []), 'relativeInvolvement')
        ?.value,
    ).toBeUndefined();
  });
});

// ---------- the employee's result card ----------

describe('disclosureResultCard', () => {
  it('says the outcome in plain words', () => {
    expect(allText(disclosureResultCard(view(disclosure('gift', 'recorded'))))).toContain(
      'Permitted — recorded',
    );
    expect(allText(disclosureResultCard(view(disclosure('gift', 'pending_review'))))).toContain(
      "Needs your supervisor's review",
    );
    expect(allText(disclosureResultCard(view(disclosure('gift', 'action_required'))))).toContain(
      'Not permitted — action required',
    );
  });

  it('shows the reference and a summary of the gift', () => {
    const text = allText(disclosureResultCard(view(disclosure('gift', 'pending_review'))));
    expect(text).toContain('D-2026-0042');
    expect(text).toContain('Two tickets to a Yard Goats game');
    expect(text).toContain('$120.00');
    expect(text).toContain('March 2, 2026');
    expect(text).toContain('Sam Reed, Acme Staffing LLC');
    expect(text).toContain('$150.00'); // from this giver this year
  });

  it('shows a long description once, shortened', () => {
    const long = 'word '.repeat(400).trim();
    const card = disclosureResultCard(
      view(disclosure('conflict', 'pending_review', { conflict: { ...conflict, description: long } })),
    );
    const text = allText(card);
    expect(text.split('word word word').length).toBeLessThan(120);
    expect(text).toContain('…');
  });

  it('quotes each clause in a shaded container, in italics, under its document and clause', () => {
    const body = bodyNodes(disclosureResultCard(view(disclosure('gift', 'pending_review'))));
    for (const c of [citation, statute]) {
      expect(body).toContainEqual(
        expect.objectContaining({ type: 'TextBlock', text: `${c.document}, ${c.clause}` }),
      );
      expect(body).toContainEqual({
        type: 'Container',
        style: 'emphasis',
        items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: c.quote, italic: true }] }],
      });
    }
  });

  it('lists the required actions in plain words and the guidance', () => {
    const text = allText(disclosureResultCard(view(disclosure('gift', 'action_required'))));
    expect(text).toContain('Decline the gift, or return it if you already have it.');
    expect(text).toContain('A copy was sent to Human Resources.');
    const pending = allText(disclosureResultCard(view(disclosure('gift', 'pending_review'))));
    expect(pending).toContain('Gifts from anyone doing business with the agency');
  });

  it('tells an employee asking first whether they may accept the gift', () => {
    expect(allText(disclosureResultCard(view(disclosure('gift', 'recorded'))))).toContain(
      'You may accept this gift.',
    );
    expect(allText(disclosureResultCard(view(disclosure('gift', 'pending_review'))))).toContain(
      'Please do not accept the gift until your supervisor decides.',
    );
    expect(allText(disclosureResultCard(view(disclosure('gift', 'denied'))))).toContain(
      'Do not accept this gift.',
    );
  });

  it('names the reviewer in the state', () => {
    expect(allText(disclosureResultCard(view(disclosure('gift', 'pending_review'))))).toContain(
      'Waiting for a decision from Daniel Ortiz.',
    );
    expect(allText(disclosureResultCard(view(disclosure('gift', 'approved'))))).toContain(
      'Approved by Daniel Ortiz on March 3, 2026: Fine, enjoy the game.',
    );
  });

  it('shows the conditions of a conditional approval', () => {
    const text = allText(disclosureResultCard(view(disclosure('gift', 'approved_with_conditions'))));
    expect(text).toContain('Conditions');
    expect(text).toContain('Share the tickets with the unit.');
  });

  it('offers Withdraw while waiting for review', () => {
    const card = disclosureResultCard(view(disclosure('gift', 'pending_review')));
    expect(actionsOf(card).filter((a) => a.verb !== VERBS.refreshDisclosure)).toEqual([
      {
        type: 'Action.Execute',
        title: 'Withdraw',
        verb: VERBS.withdraw,
        data: { disclosureId: 'dis-gift-pending_review', version: 3 },
        associatedInputs: 'none',
        style: 'destructive',
      },
    ]);
    expect(inputIds(card)).toEqual([]);
  });

  it('asks for an answer when information is requested, and still offers Withdraw', () => {
    const card = disclosureResultCard(view(disclosure('gift', 'info_requested')));
    expect(input(card, INPUTS.answer)).toMatchObject({
      type: 'Input.Text',
      isMultiline: true,
      isRequired: true,
    });
    expect(card.actions?.map((a) => a.verb)).toEqual([VERBS.answerInfo, VERBS.withdraw]);
    expect(allText(card)).toContain('Who else was offered tickets?');
  });

  it('asks what the employee did when action is required', () => {
    const card = disclosureResultCard(view(disclosure('gift', 'action_required')));
    expect(input(card, INPUTS.resolution)).toMatchObject({ type: 'Input.Text', isRequired: true });
    expect(card.actions).toEqual([
      expect.objectContaining({
        title: 'Record what I did',
        verb: VERBS.recordResolution,
        associatedInputs: 'auto',
      }),
    ]);
  });

  it.each(['recorded', 'approved', 'approved_with_conditions', 'denied', 'withdrawn'] as const)(
    'offers no buttons and no refresh once %s',
    (state) => {
      const card = disclosureResultCard(view(disclosure('gift', state)));
      expect(card.actions).toBeUndefined();
      expect(card.refresh).toBeUndefined();
      expect(inputIds(card)).toEqual([]);
    },
  );

  it.each(['pending_review', 'info_requested', 'action_required'] as const)(
    'refreshes for the employee while %s',
    (state) => {
      expect(disclosureResultCard(view(disclosure('gift', state))).refresh).toEqual({
        action: {
          type: 'Action.Execute',
          verb: VERBS.refreshDisclosure,
          data: { disclosureId: `dis-gift-${state}` },
        },
        userIds: ['29:employee'],
      });
    },
  );

  it('shows what the employee did once recorded', () => {
    const d = disclosure('gift', 'recorded', { resolution: 'Returned the tickets on March 3.' });
    expect(allText(disclosureResultCard(view(d)))).toContain('Returned the tickets on March 3.');
  });

  it('links to the Candor tab when its address is known', () => {
    expect(allText(disclosureResultCard(view(disclosure('gift', 'recorded'))))).toContain(
      '[Open in Candor](https://teams.microsoft.com/l/entity/app/candor)',
    );
    expect(
      allText(disclosureResultCard(view(disclosure('gift', 'recorded'), { tabUrl: null }))),
    ).not.toContain('Open in Candor');
  });
});

// ---------- the review card ----------

describe('reviewCard', () => {
  const pending = disclosure('gift', 'pending_review');

  it('gives the reviewer the four decision buttons with the disclosure id and version', () => {
    const card = reviewCard(view(pending), 'reviewer');
    expect(card.actions?.map((a) => [a.title, a.verb])).toEqual([
      ['Approve', VERBS.approve],
      ['Approve with conditions', VERBS.approveWithConditions],
      ['Deny', VERBS.deny],
      ['Request info', VERBS.requestInfo],
    ]);
    for (const action of card.actions ?? []) {
      expect(action.data).toEqual({ disclosureId: pending.id, version: 3 });
      expect(action.associatedInputs).toBe('auto');
    }
    expect(inputIds(card)).toEqual([INPUTS.comment, INPUTS.conditions]);
  });

  it('shows the employee, what was disclosed, the outcome with its quoted clauses and whether HR was copied', () => {
    const text = allText(reviewCard(view(pending), 'reviewer'));
    expect(text).toContain('From Maria Lopez · Investigator · Housing Unit');
    expect(text).toContain('Two tickets to a Yard Goats game');
    expect(text).toContain('Needs a supervisor’s decision');
    expect(text).toContain(citation.quote);
    expect(text).toContain('Human Resources was not copied.');
    expect(allText(reviewCard(view(disclosure('gift', 'action_required')), 'readonly'))).toContain(
      'A copy was sent to Human Resources.',
    );
  });

  it('read-only shows the same facts with no inputs and no buttons', () => {
    const card = reviewCard(view(pending), 'readonly');
    expect(card.actions).toBeUndefined();
    expect(inputIds(card)).toEqual([]);
    expect(allText(card)).toContain('Two tickets to a Yard Goats game');
    expect(allText(card)).toContain('Only Daniel Ortiz can decide on this disclosure.');
  });

  it('read-only states the decision, who made it, when, and the comment', () => {
    const card = reviewCard(view(disclosure('gift', 'approved')), 'readonly');
    expect(allText(card)).toContain('Approved by Daniel Ortiz on March 3, 2026: Fine, enjoy the game.');
  });

  it.each(DISCLOSURE_STATES.filter((s) => s !== 'pending_review'))(
    'gives even the reviewer no decision buttons once %s',
    (state) => {
      const card = reviewCard(view(disclosure('gift', state)), 'reviewer');
      const decisionVerbs: unknown[] = [
        VERBS.approve,
        VERBS.approveWithConditions,
        VERBS.deny,
        VERBS.requestInfo,
      ];
      expect(verbsOf(card).filter((v) => decisionVerbs.includes(v))).toEqual([]);
      expect(inputIds(card)).toEqual([]);
    },
  );

  it.each(['recorded', 'action_required'] as const)(
    'marks a %s item "For your information" with no decision',
    (state) => {
      const card = reviewCard(view(disclosure('conflict', state)), 'reviewer');
      expect(texts(card)[0]).toMatch(/^For your information/);
      expect(allText(card)).toContain('No decision is needed from you.');
      expect(card.actions).toBeUndefined();
    },
  );

  it('refreshes for at most 60 reviewer ids while pending, in both modes', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `29:user-${i}`);
    for (const mode of ['reviewer', 'readonly'] as const) {
      const card = reviewCard(view(pending, { reviewerUserIds: ids }), mode);
      expect(card.refresh?.action).toEqual({
        type: 'Action.Execute',
        verb: VERBS.refreshReview,
        data: { disclosureId: pending.id },
      });
      expect(card.refresh?.userIds).toEqual(ids.slice(0, 60));
    }
  });

  it('shows the question asked and the employee’s answer once answered', () => {
    const answered = disclosure('gift', 'pending_review', {
      infoRequest: 'Who else was offered tickets?',
      infoAnswer: 'The whole unit, through the director.',
    });
    const text = allText(reviewCard(view(answered), 'reviewer'));
    expect(text).toContain('Daniel Ortiz asked:');
    expect(text).toContain('Maria Lopez answered:');
    expect(text).toContain('The whole unit, through the director.');
    expect(allText(disclosureResultCard(view(answered)))).toContain('You answered:');
  });

  it('stops refreshing once decided', () => {
    expect(reviewCard(view(disclosure('gift', 'denied')), 'readonly').refresh).toBeUndefined();
  });

  it('states what the employee asked about when information was requested', () => {
    expect(allText(reviewCard(view(disclosure('gift', 'info_requested')), 'readonly'))).toContain(
      'Daniel Ortiz asked Maria Lopez for more information on March 3, 2026:',
    );
  });
});

// ---------- lists ----------

describe('disclosureListCard', () => {
  const many = Array.from({ length: 25 }, (_, i) => ({
    disclosure: disclosure('gift', 'pending_review', {
      id: `d${i}`,
      reference: `D-2026-${String(i).padStart(4, '0')}`,
    }),
    counterpart: reviewer,
  }));

  it('shows the empty text when there is nothing', () => {
    expect(texts(disclosureListCard('My disclosures', [], 'Nothing yet.'))).toEqual([
      'My disclosures',
      'Nothing yet.',
    ]);
  });

  it('shows at most 20 rows and says how many more are in the tab', () => {
    const card = disclosureListCard('My disclosures', many, 'Nothing yet.');
    const text = allText(card);
    expect(text).toContain('D-2026-0019');
    expect(text).not.toContain('D-2026-0020');
    expect(text).toContain('And 5 more — open the Candor tab');
    expect(text).toContain('25 disclosures');
  });

  it('gives each row its reference, type, state, summary, date and the other person', () => {
    const card = disclosureListCard(
      'Waiting for your review',
      [{ disclosure: disclosure('gift', 'pending_review'), counterpart: employee }],
      '',
    );
    const text = allText(card);
    expect(text).toContain('D-2026-0042 · Gift · Waiting for review');
    expect(text).toContain('Two tickets to a Yard Goats game from Sam Reed (Acme Staffing LLC), $120.00');
    expect(text).toContain('March 2, 2026 · From Maria Lopez');
    const mine = allText(disclosureListCard('My disclosures', many.slice(0, 1), ''));
    expect(mine).toContain('Reviewer: Daniel Ortiz');
  });
});

// ---------- notices ----------

describe('notices', () => {
  it('tells the employee the decision with the comment and conditions', () => {
    const card = decisionNoticeCard(view(disclosure('gift', 'approved_with_conditions')));
    const text = allText(card);
    expect(texts(card)[0]).toBe('Your disclosure was approved with conditions');
    expect(text).toContain('Daniel Ortiz approved your gift disclosure D-2026-0042 on March 3, 2026.');
    expect(text).toContain('Fine, enjoy the game.');
    expect(text).toContain('Share the tickets with the unit.');
  });

  it('tells the employee what to do after a refusal', () => {
    const text = allText(decisionNoticeCard(view(disclosure('gift', 'denied'))));
    expect(text).toContain('Daniel Ortiz did not approve your gift disclosure');
    expect(text).toContain('Decline the gift, or return it if you already have it.');
  });

  it('asks the employee the question and lets them answer in place', () => {
    const card = infoRequestedNoticeCard(view(disclosure('gift', 'info_requested')));
    expect(texts(card)[0]).toBe('Daniel Ortiz needs more information');
    expect(allText(card)).toContain('Who else was offered tickets?');
    expect(inputIds(card)).toEqual([INPUTS.answer]);
    expect(card.actions?.map((a) => a.verb)).toEqual([VERBS.answerInfo]);
  });

  it('informs the supervisor of a permitted item without asking for a decision', () => {
    const card = informedCard(view(disclosure('gift', 'recorded')));
    expect(texts(card)[0]).toBe('For your information: Maria Lopez made a gift disclosure');
    expect(allText(card)).toContain('No decision is needed from you.');
    expect(card.actions).toBeUndefined();
    expect(card.refresh).toBeUndefined();
  });

  it('informs the supervisor of a prohibited item, with what the employee must do, refreshing until resolved', () => {
    const card = informedCard(view(disclosure('gift', 'action_required')));
    expect(allText(card)).toContain('Not permitted — the employee must act');
    expect(allText(card)).toContain('Decline the gift, or return it if you already have it.');
    expect(card.refresh?.action.verb).toBe(VERBS.refreshReview);
  });
});
