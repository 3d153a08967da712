import type { ConflictDetails, ConflictFacts, GiftDetails } from '../disclosure/types';
import { donorKey, donorYearTotalCents, evaluateDisclosure, FALLBACK_RULE_ID } from './evaluate';
import type { PolicyPack, PolicyRule } from './types';

function gift(overrides: Partial<GiftDetails> = {}): GiftDetails {
  return {
    donorName: 'Pat Doe',
    donorOrganization: null,
    relationship: 'coworker',
    occasion: 'birthday',
    kind: 'item',
    description: 'A scarf',
    valueCents: 2000,
    dateReceived: '2026-03-10',
    asGroupMember: false,
    disposition: 'accepted',
    ...overrides,
  };
}

function conflict(category: ConflictDetails['category'], facts: ConflictFacts = {}): ConflictDetails {
  return {
    category,
    description: 'Described by the employee',
    parties: 'Someone',
    startDate: null,
    endDate: null,
    ongoing: true,
    facts,
  };
}

function rule(
  id: string,
  when: PolicyRule['when'],
  outcome: PolicyRule['outcome'],
  extra: Partial<PolicyRule> = {},
) {
  return {
    id,
    title: id,
    citation: { document: 'Test Policy', clause: `Clause ${id}`, quote: `Quote ${id}` },
    when,
    outcome,
    actions: [],
    guidance: `Guidance ${id}.`,
    ...extra,
  } satisfies PolicyRule;
}

function pack(id: string, rules: PolicyRule[]): PolicyPack {
  return {
    id,
    organization: 'Test agency',
    title: 'Test Policy',
    rules,
    fallback: {
      guidance: `When in doubt (${id}), contact the Ethics Commission.`,
      citation: {
        document: 'Test Policy',
        clause: 'Fallback',
        quote: 'When in doubt, contact the Ethics Commission.',
      },
    },
  };
}

const giftPack = pack('gifts', [
  rule('vendor-banned', { type: 'gift', relationshipIn: ['contractor_vendor_bidder'] }, 'prohibited', {
    actions: ['decline_or_return_gift'],
  }),
  rule('small-ok', { type: 'gift', valueBelowCents: 5000 }, 'permitted'),
  rule('big-review', { type: 'gift', valueAtLeastCents: 5000 }, 'review', { actions: ['copy_hr'] }),
  rule('yearly-review', { type: 'gift', donorYearTotalAtLeastCents: 10000 }, 'review'),
  rule('statute-note', { type: 'gift', relationshipIn: ['contractor_vendor_bidder'] }, 'prohibited', {
    informational: true,
    actions: ['contact_ethics_commission'],
  }),
  rule('group-note', { type: 'gift', asGroupMember: true, relationshipIn: ['lobbyist'] }, 'permitted', {
    informational: true,
  }),
]);

const conflictPack = pack('conflicts', [
  rule(
    'contractor-job',
    { categoryIn: ['outside_employment'], employerIsAgencyContractor: true },
    'prohibited',
    {
      actions: ['end_outside_employment'],
    },
  ),
  rule('other-job', { categoryIn: ['outside_employment'], employerIsAgencyContractor: false }, 'review'),
  rule('office', { categoryIn: ['public_office'] }, 'permitted', {
    actions: ['copy_hr', 'notify_supervisor_in_writing'],
  }),
  rule('hatch', { categoryIn: ['public_office'], federallyFunded: true }, 'review'),
  rule('arrest', { categoryIn: ['arrest_or_conviction'] }, 'review', { actions: ['report_to_hr_director'] }),
]);

const ids = (e: { citations: Array<{ ruleId: string }> }) => e.citations.map((c) => c.ruleId);

describe('donorKey', () => {
  it.each([
    ['folds case, punctuation and spaces', { donorName: 'x', donorOrganization: 'Acme, Inc.' }, 'acmeinc'],
    [
      'treats differently spaced names alike',
      { donorName: 'x', donorOrganization: '  ACME   inc ' },
      'acmeinc',
    ],
    ['folds accents', { donorName: 'José Núñez', donorOrganization: null }, 'josenunez'],
    [
      'uses the name when there is no organisation',
      { donorName: "O'Brien, Kim", donorOrganization: null },
      'obrienkim',
    ],
    [
      'uses the name when the organisation is blank',
      { donorName: 'Kim Lee', donorOrganization: ' ' },
      'kimlee',
    ],
  ])('%s', (_name, donor, expected) => {
    expect(donorKey(donor)).toBe(expected);
  });

  it('prefers the organisation to the person who handed the gift over', () => {
    expect(donorKey({ donorName: 'Alice', donorOrganization: 'Acme' })).toBe(
      donorKey({ donorName: 'Bob', donorOrganization: 'ACME' }),
    );
  });
});

describe('donorYearTotalCents', () => {
  const thisGift = gift({ donorOrganization: 'Acme Corp', valueCents: 3000, dateReceived: '2026-06-01' });

  it('adds the earlier gifts from the same donor in the same calendar year to this one', () => {
    const earlier = [
      gift({ donorOrganization: 'ACME corp.', valueCents: 4000, dateReceived: '2026-01-15' }),
      gift({
        donorOrganization: 'Acme Corp',
        valueCents: 1000,
        dateReceived: '2026-12-31',
        disposition: 'donated',
      }),
    ];
    expect(donorYearTotalCents(thisGift, earlier)).toBe(8000);
  });

  it('leaves out gifts from last year', () => {
    const earlier = [gift({ donorOrganization: 'Acme Corp', valueCents: 9000, dateReceived: '2025-12-31' })];
    expect(donorYearTotalCents(thisGift, earlier)).toBe(3000);
  });

  it('leaves out gifts that were declined or returned', () => {
    const earlier = [
      gift({ donorOrganization: 'Acme Corp', valueCents: 9000, disposition: 'declined' }),
      gift({ donorOrganization: 'Acme Corp', valueCents: 9000, disposition: 'returned' }),
    ];
    expect(donorYearTotalCents(thisGift, earlier)).toBe(3000);
  });

  it('leaves out gifts from other donors', () => {
    const earlier = [gift({ donorOrganization: 'Other LLC', valueCents: 9000 })];
    expect(donorYearTotalCents(thisGift, earlier)).toBe(3000);
  });
});

describe('evaluateDisclosure', () => {
  it('takes the most severe outcome among the matching rules and cites the decisive rules first', () => {
    const result = evaluateDisclosure(
      { type: 'gift', gift: gift({ relationship: 'contractor_vendor_bidder', valueCents: 1000 }) },
      [giftPack],
    );
    expect(result.outcome).toBe('prohibited');
    expect(ids(result)).toEqual(['vendor-banned', 'small-ok', 'statute-note']);
    expect(result.guidance).toEqual([
      'Guidance vendor-banned.',
      'Guidance small-ok.',
      'Guidance statute-note.',
    ]);
    expect(result.citations[0]).toEqual({
      ruleId: 'vendor-banned',
      packId: 'gifts',
      document: 'Test Policy',
      clause: 'Clause vendor-banned',
      quote: 'Quote vendor-banned',
    });
  });

  it('lets review outweigh permitted', () => {
    const result = evaluateDisclosure({ type: 'gift', gift: gift({ valueCents: 6000 }) }, [giftPack]);
    expect(result.outcome).toBe('review');
    expect(ids(result)).toEqual(['big-review']);
  });

  it('unions the actions of every matched rule in a stable order without duplicates', () => {
    const result = evaluateDisclosure(
      { type: 'gift', gift: gift({ relationship: 'contractor_vendor_bidder', valueCents: 6000 }) },
      [giftPack, giftPack],
    );
    expect(result.actions).toEqual(['decline_or_return_gift', 'copy_hr', 'contact_ethics_commission']);
  });

  it('adds await_supervisor_decision when the outcome is review', () => {
    const result = evaluateDisclosure({ type: 'gift', gift: gift({ valueCents: 6000 }) }, [giftPack]);
    expect(result.actions).toEqual(['copy_hr', 'await_supervisor_decision']);
  });

  it('says none when a permitted disclosure needs no action', () => {
    const result = evaluateDisclosure({ type: 'gift', gift: gift() }, [giftPack]);
    expect(result).toMatchObject({ outcome: 'permitted', actions: ['none'], copyHr: false });
  });

  it('copies HR when a matched rule copies HR or reports to the HR director', () => {
    const copy = evaluateDisclosure({ type: 'gift', gift: gift({ valueCents: 6000 }) }, [giftPack]);
    const report = evaluateDisclosure({ type: 'conflict', conflict: conflict('arrest_or_conviction') }, [
      conflictPack,
    ]);
    expect(copy.copyHr).toBe(true);
    expect(report.copyHr).toBe(true);
    expect(report.actions).toEqual(['report_to_hr_director', 'await_supervisor_decision']);
  });

  it('keeps the actions of a permitting rule when another rule raises the outcome to review', () => {
    const result = evaluateDisclosure(
      {
        type: 'conflict',
        conflict: conflict('public_office', { publicOfficeStatus: 'seeking', federallyFunded: true }),
      },
      [conflictPack],
    );
    expect(result.outcome).toBe('review');
    expect(ids(result)).toEqual(['hatch', 'office']);
    expect(result.actions).toEqual(['notify_supervisor_in_writing', 'copy_hr', 'await_supervisor_decision']);
  });

  it('reports the yearly total from the same donor and lets it decide', () => {
    const earlier = [gift({ valueCents: 4500, dateReceived: '2026-01-02' }), gift({ valueCents: 4000 })];
    const result = evaluateDisclosure(
      { type: 'gift', gift: gift({ valueCents: 2000 }) },
      [giftPack],
      earlier,
    );
    expect(result.donorYearTotalCents).toBe(10500);
    expect(result.outcome).toBe('review');
    expect(ids(result)).toEqual(['yearly-review', 'small-ok']);
  });

  it('does not let a gift from last year count towards the yearly total', () => {
    const earlier = [gift({ valueCents: 9000, dateReceived: '2025-12-30' })];
    const result = evaluateDisclosure(
      { type: 'gift', gift: gift({ valueCents: 2000 }) },
      [giftPack],
      earlier,
    );
    expect(result).toMatchObject({ outcome: 'permitted', donorYearTotalCents: 2000 });
  });

  it('reports no donor total for a conflict', () => {
    const result = evaluateDisclosure({ type: 'conflict', conflict: conflict('public_office') }, [
      conflictPack,
    ]);
    expect(result.donorYearTotalCents).toBeNull();
  });

  it('falls back to review with the advice of each pack that speaks to the type when no rule decides', () => {
    const result = evaluateDisclosure({ type: 'conflict', conflict: conflict('relative') }, [
      giftPack,
      conflictPack,
    ]);
    expect(result.outcome).toBe('review');
    expect(result.citations).toEqual([
      {
        ruleId: FALLBACK_RULE_ID,
        packId: 'conflicts',
        document: 'Test Policy',
        clause: 'Fallback',
        quote: 'When in doubt, contact the Ethics Commission.',
      },
    ]);
    expect(result.guidance).toEqual(['When in doubt (conflicts), contact the Ethics Commission.']);
    expect(result.actions).toEqual(['contact_ethics_commission', 'await_supervisor_decision']);
  });

  it('falls back when only informational rules match, and still cites them after the fallback', () => {
    const result = evaluateDisclosure(
      { type: 'gift', gift: gift({ relationship: 'lobbyist', asGroupMember: true, valueCents: 5000 }) },
      [pack('notes-only', [giftPack.rules[5] as PolicyRule])],
    );
    expect(result.outcome).toBe('review');
    expect(ids(result)).toEqual([FALLBACK_RULE_ID, 'group-note']);
  });

  it('treats a fact the employee did not give as neither true nor false', () => {
    const result = evaluateDisclosure({ type: 'conflict', conflict: conflict('outside_employment') }, [
      conflictPack,
    ]);
    expect(ids(result)).toEqual([FALLBACK_RULE_ID]);
  });

  it('never matches a gift rule against a conflict or a conflict rule against a gift', () => {
    const everything = pack('mixed', [
      rule('any-gift', { type: 'gift' }, 'prohibited'),
      rule('any-conflict', { categoryIn: ['other'] }, 'prohibited'),
    ]);
    expect(ids(evaluateDisclosure({ type: 'conflict', conflict: conflict('other') }, [everything]))).toEqual([
      'any-conflict',
    ]);
    expect(ids(evaluateDisclosure({ type: 'gift', gift: gift() }, [everything]))).toEqual(['any-gift']);
  });

  it('asks for review when no pack is configured at all', () => {
    const result = evaluateDisclosure({ type: 'gift', gift: gift() }, []);
    expect(result.outcome).toBe('review');
    expect(result.citations).toEqual([]);
    expect(result.guidance).toHaveLength(1);
  });

  describe('for a gift not yet accepted (pre-clearance)', () => {
    it.each([
      ['permitted', gift({ disposition: 'undecided' }), 'You may accept this gift. '],
      [
        'prohibited',
        gift({ disposition: 'undecided', relationship: 'contractor_vendor_bidder' }),
        'Do not accept this gift: decline it. ',
      ],
      [
        'review',
        gift({ disposition: 'undecided', valueCents: 6000 }),
        "Do not accept this gift yet: wait for your supervisor's decision before accepting it. ",
      ],
    ])('says plainly whether you may accept it when the outcome is %s', (outcome, g, opening) => {
      const result = evaluateDisclosure({ type: 'gift', gift: g }, [giftPack]);
      expect(result.outcome).toBe(outcome);
      expect(result.guidance[0]?.startsWith(opening)).toBe(true);
      expect(result.guidance).toHaveLength(result.citations.length);
    });

    it('says nothing about accepting once the gift is accepted', () => {
      const result = evaluateDisclosure({ type: 'gift', gift: gift() }, [giftPack]);
      expect(result.guidance[0]).toBe('Guidance small-ok.');
    });
  });
});
