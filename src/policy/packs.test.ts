import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConflictDetails, ConflictFacts, GiftDetails, PolicyOutcome } from '../domain/disclosure/types';
import { ConfigError } from '../domain/errors';
import { evaluateDisclosure, FALLBACK_RULE_ID, type DisclosureInput } from '../domain/policy/evaluate';
import { parsePolicyPack } from '../domain/policy/pack-schema';
import type { PolicyPack } from '../domain/policy/types';
import { DEFAULT_PACKS_DIR, listPackIds, loadPolicyPacks } from './load-packs';

/** The policies the packs quote (see DESIGN.md): ../shared/seeds beside the repository. */
const SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');
const SEED_OF_PACK: Record<string, string> = {
  'chro-ethical-conduct': '000_',
  'chro-state-equipment': '001_',
  'torrington-boe-code-of-ethics': '002_',
};

const ALL_IDS = listPackIds();
const byId = new Map(loadPolicyPacks(ALL_IDS).map((p) => [p.id, p]));
const packs = (...ids: string[]): PolicyPack[] => ids.map((id) => byId.get(id) as PolicyPack);
const CHRO = packs('chro-ethical-conduct', 'chro-state-equipment', 'ct-gift-statute');
const ETHICS_ONLY = packs('chro-ethical-conduct');
const SCHOOL = packs('torrington-boe-code-of-ethics');

function gift(overrides: Partial<GiftDetails> = {}): DisclosureInput {
  return {
    type: 'gift',
    gift: {
      donorName: 'Pat Doe',
      donorOrganization: null,
      relationship: 'coworker',
      occasion: 'birthday',
      kind: 'item',
      description: 'A gift',
      valueCents: 2000,
      dateReceived: '2026-05-04',
      asGroupMember: false,
      disposition: 'accepted',
      ...overrides,
    },
  };
}

function earlierGift(overrides: Partial<GiftDetails>): GiftDetails {
  return (gift(overrides) as { gift: GiftDetails }).gift;
}

function conflict(category: ConflictDetails['category'], facts: ConflictFacts = {}): DisclosureInput {
  return {
    type: 'conflict',
    conflict: {
      category,
      description: 'Described by the employee',
      parties: 'Someone',
      startDate: '2026-01-01',
      endDate: null,
      ongoing: true,
      facts,
    },
  };
}

interface Case {
  it: string;
  packs: PolicyPack[];
  input: DisclosureInput;
  earlier?: GiftDetails[];
  outcome: PolicyOutcome;
  /** The first citation's rule id: the decisive rule. */
  first: string;
  /** Other rule ids that must be cited too. */
  alsoCites?: string[];
}

const restricted = [
  'contractor_vendor_bidder',
  'party_to_matter',
  'regulated_or_applicant',
  'lobbyist',
] as const;

const CASES: Case[] = [
  // Gifts under the agency's packs
  ...restricted.map((relationship): Case => ({
    it: `prohibits a gift from a donor with business before the agency (${relationship})`,
    packs: CHRO,
    input: gift({
      relationship,
      donorOrganization: 'Acme',
      occasion: 'holiday',
      kind: 'meal',
      valueCents: 2500,
    }),
    outcome: 'prohibited',
    first: 'chro-gift-business-relationship',
    alsoCites: ['ct-restricted-donor-limits'],
  })),
  {
    it: 'prohibits a gift from a contractor even when accepted as a member of a group',
    packs: CHRO,
    input: gift({
      relationship: 'contractor_vendor_bidder',
      asGroupMember: true,
      kind: 'meal',
      valueCents: 20000,
    }),
    outcome: 'prohibited',
    first: 'chro-gift-business-relationship',
  },
  {
    it: "prohibits a lobbyist's gift even under the state's $10 item limit, because the agency policy is stricter",
    packs: CHRO,
    input: gift({ relationship: 'lobbyist', occasion: 'none', valueCents: 800 }),
    outcome: 'prohibited',
    first: 'chro-gift-business-relationship',
    alsoCites: ['ct-restricted-donor-limits'],
  },
  {
    it: 'permits a pen offered to the public at large',
    packs: CHRO,
    input: gift({ relationship: 'public_at_large', occasion: 'conference_or_event', valueCents: 200 }),
    outcome: 'permitted',
    first: 'chro-gift-public-nominal',
  },
  {
    it: 'permits an item offered to the public at large just under the nominal $10',
    packs: CHRO,
    input: gift({ relationship: 'public_at_large', occasion: 'none', valueCents: 999 }),
    outcome: 'permitted',
    first: 'chro-gift-public-nominal',
  },
  {
    it: 'reviews an item offered to the public at large worth $10 or more',
    packs: CHRO,
    input: gift({ relationship: 'public_at_large', occasion: 'conference_or_event', valueCents: 1000 }),
    outcome: 'review',
    first: 'chro-gift-public-above-nominal',
  },
  {
    it: "permits a coworker's birthday gift under $50",
    packs: CHRO,
    input: gift({ relationship: 'coworker', occasion: 'birthday', valueCents: 4999 }),
    outcome: 'permitted',
    first: 'chro-gift-coworker-occasion-under-50',
  },
  {
    it: "permits a supervisor's holiday gift under $50 and cites the state's $100 limit beside it",
    packs: CHRO,
    input: gift({ relationship: 'supervisor', occasion: 'holiday', valueCents: 3000 }),
    outcome: 'permitted',
    first: 'chro-gift-coworker-occasion-under-50',
    alsoCites: ['ct-supervisor-subordinate-under-100'],
  },
  {
    it: 'permits a farewell gift from coworkers under $50',
    packs: CHRO,
    input: gift({
      relationship: 'coworker',
      occasion: 'retirement_or_farewell',
      asGroupMember: true,
      valueCents: 2500,
    }),
    outcome: 'permitted',
    first: 'chro-gift-coworker-occasion-under-50',
  },
  {
    it: "reviews a coworker's special-occasion gift of exactly $50",
    packs: CHRO,
    input: gift({ relationship: 'coworker', occasion: 'special_occasion', valueCents: 5000 }),
    outcome: 'review',
    first: 'chro-gift-coworker-occasion-50-or-more',
  },
  {
    it: "reviews a subordinate's $75 holiday gift under the agency's $50 limit although the statute allows it",
    packs: CHRO,
    input: gift({ relationship: 'subordinate', occasion: 'holiday', valueCents: 7500 }),
    outcome: 'review',
    first: 'chro-gift-coworker-occasion-50-or-more',
    alsoCites: ['ct-supervisor-subordinate-under-100'],
  },
  {
    it: "prohibits a supervisor's gift of $100 or more under the statute",
    packs: CHRO,
    input: gift({ relationship: 'supervisor', occasion: 'birthday', valueCents: 10000 }),
    outcome: 'prohibited',
    first: 'ct-supervisor-subordinate-100-or-more',
    alsoCites: ['chro-gift-coworker-occasion-50-or-more'],
  },
  {
    it: 'reviews a gift from a coworker that is not for a birthday, holiday or special occasion',
    packs: CHRO,
    input: gift({ relationship: 'coworker', occasion: 'none', valueCents: 1000 }),
    outcome: 'review',
    first: 'chro-gift-coworker-no-occasion',
  },
  {
    it: 'reviews a gift from a coworker at a business meeting',
    packs: CHRO,
    input: gift({ relationship: 'coworker', occasion: 'business_meeting', valueCents: 1500 }),
    outcome: 'review',
    first: 'chro-gift-coworker-no-occasion',
  },
  {
    it: 'reviews a small gift when earlier gifts from the same donor this year push the total to $100',
    packs: CHRO,
    input: gift({ donorName: 'Pat Doe', occasion: 'birthday', valueCents: 4000, dateReceived: '2026-09-01' }),
    earlier: [
      earlierGift({
        donorName: 'pat  doe',
        occasion: 'holiday',
        valueCents: 3500,
        dateReceived: '2026-01-02',
      }),
      earlierGift({
        donorName: 'Pat Doe.',
        occasion: 'special_occasion',
        valueCents: 2500,
        dateReceived: '2026-04-02',
      }),
    ],
    outcome: 'review',
    first: 'chro-gift-repeated-same-donor',
    alsoCites: ['chro-gift-coworker-occasion-under-50'],
  },
  {
    it: 'does not count a gift from the same donor last year towards the yearly total',
    packs: CHRO,
    input: gift({ valueCents: 4000, dateReceived: '2026-01-05' }),
    earlier: [earlierGift({ valueCents: 9000, dateReceived: '2025-12-20' })],
    outcome: 'permitted',
    first: 'chro-gift-coworker-occasion-under-50',
  },
  {
    it: 'does not count a returned gift from the same donor towards the yearly total',
    packs: CHRO,
    input: gift({ valueCents: 4000 }),
    earlier: [earlierGift({ valueCents: 9000, dateReceived: '2026-02-01', disposition: 'returned' })],
    outcome: 'permitted',
    first: 'chro-gift-coworker-occasion-under-50',
  },
  {
    it: 'falls back to review and the Ethics Commission for a gift no rule decides',
    packs: CHRO,
    input: gift({ relationship: 'other', occasion: 'none', valueCents: 3000 }),
    outcome: 'review',
    first: FALLBACK_RULE_ID,
  },
  // Gifts under the school board's code
  {
    it: "permits a student's customary holiday gift",
    packs: SCHOOL,
    input: gift({ relationship: 'student_or_family', occasion: 'holiday', valueCents: 2000 }),
    outcome: 'permitted',
    first: 'boe-gift-customary-student-family',
  },
  {
    it: "permits a family's end-of-year gift of baked goods",
    packs: SCHOOL,
    input: gift({
      relationship: 'student_or_family',
      occasion: 'end_of_school_year',
      kind: 'meal',
      valueCents: 1500,
    }),
    outcome: 'permitted',
    first: 'boe-gift-customary-student-family',
  },
  {
    it: 'reviews a gift card from a family even for the end of the year',
    packs: SCHOOL,
    input: gift({
      relationship: 'student_or_family',
      occasion: 'end_of_school_year',
      kind: 'cash_or_gift_card',
      valueCents: 2500,
    }),
    outcome: 'review',
    first: 'boe-gift-student-cash-or-gift-card',
  },
  {
    it: 'reviews a holiday gift from a family worth $50 or more',
    packs: SCHOOL,
    input: gift({ relationship: 'student_or_family', occasion: 'holiday', valueCents: 6000 }),
    outcome: 'review',
    first: 'boe-gift-student-above-customary',
  },
  {
    it: 'reviews concert tickets from a family',
    packs: SCHOOL,
    input: gift({
      relationship: 'student_or_family',
      occasion: 'holiday',
      kind: 'ticket_or_entertainment',
      valueCents: 4000,
    }),
    outcome: 'review',
    first: 'boe-gift-student-unusual-kind',
  },
  {
    it: 'reviews a gift from a family that is not for a customary occasion',
    packs: SCHOOL,
    input: gift({ relationship: 'student_or_family', occasion: 'none', valueCents: 1000 }),
    outcome: 'review',
    first: 'boe-gift-student-other-occasion',
  },
  {
    it: 'reviews customary gifts from the same family that reach $100 in a calendar year',
    packs: SCHOOL,
    input: gift({
      relationship: 'student_or_family',
      donorName: 'The Smiths',
      occasion: 'end_of_school_year',
      valueCents: 3000,
    }),
    earlier: [
      earlierGift({
        relationship: 'student_or_family',
        donorName: 'the smiths',
        occasion: 'holiday',
        valueCents: 4500,
      }),
      earlierGift({
        relationship: 'student_or_family',
        donorName: 'The Smiths',
        occasion: 'birthday',
        valueCents: 2500,
      }),
    ],
    outcome: 'review',
    first: 'boe-gift-student-family-repeated',
    alsoCites: ['boe-gift-customary-student-family'],
  },
  {
    it: "reviews a vendor's gift to school staff",
    packs: SCHOOL,
    input: gift({ relationship: 'contractor_vendor_bidder', donorOrganization: 'Bus Co', valueCents: 3000 }),
    outcome: 'review',
    first: 'boe-gift-business-relationship',
  },
  {
    it: "falls back to review for a coworker's gift, which the school code does not address",
    packs: SCHOOL,
    input: gift({ relationship: 'coworker' }),
    outcome: 'review',
    first: FALLBACK_RULE_ID,
  },
  // Conflicts under the agency's packs
  {
    it: 'prohibits outside employment with a contractor of the agency',
    packs: CHRO,
    input: conflict('outside_employment', { employerIsAgencyContractor: true }),
    outcome: 'prohibited',
    first: 'chro-outside-employment-agency-contractor',
  },
  {
    it: 'prohibits outside employment with an organisation under contract with the agency',
    packs: CHRO,
    input: conflict('outside_employment', {
      employerIsAgencyContractor: false,
      counterpartyDealsWithAgency: true,
    }),
    outcome: 'prohibited',
    first: 'chro-outside-employment-under-contract',
    alsoCites: ['chro-outside-employment-other'],
  },
  {
    it: 'reviews other outside employment',
    packs: CHRO,
    input: conflict('outside_employment', { employerIsAgencyContractor: false }),
    outcome: 'review',
    first: 'chro-outside-employment-other',
  },
  {
    it: 'prohibits an outside job done on state time or with state equipment',
    packs: CHRO,
    input: conflict('outside_employment', {
      employerIsAgencyContractor: false,
      onStateTimeOrResources: true,
    }),
    outcome: 'prohibited',
    first: 'equipment-private-business',
    alsoCites: ['chro-outside-employment-other'],
  },
  {
    it: 'falls back to review for outside employment whose employer was not described',
    packs: CHRO,
    input: conflict('outside_employment'),
    outcome: 'review',
    first: FALLBACK_RULE_ID,
  },
  {
    it: 'reviews a financial interest in a business dealing with the agency, asking to divest or recuse',
    packs: CHRO,
    input: conflict('financial_interest', { counterpartyDealsWithAgency: true }),
    outcome: 'review',
    first: 'chro-financial-interest-agency-business',
  },
  {
    it: 'permits a financial interest in a business that does not deal with the agency',
    packs: CHRO,
    input: conflict('financial_interest', { counterpartyDealsWithAgency: false }),
    outcome: 'permitted',
    first: 'chro-financial-interest-unrelated',
  },
  {
    it: 'permits a relative merely employed by the agency',
    packs: CHRO,
    input: conflict('relative', { relativeInvolvement: 'employed_by_agency' }),
    outcome: 'permitted',
    first: 'chro-relative-employed-by-agency',
  },
  {
    it: "prohibits influencing a relative's hiring",
    packs: CHRO,
    input: conflict('relative', { relativeInvolvement: 'influence_hiring' }),
    outcome: 'prohibited',
    first: 'chro-relative-influence-hiring',
  },
  {
    it: 'prohibits supervising a relative',
    packs: CHRO,
    input: conflict('relative', { relativeInvolvement: 'supervises_relative' }),
    outcome: 'prohibited',
    first: 'chro-relative-supervision',
  },
  {
    it: 'prohibits signing a document that financially benefits a relative',
    packs: CHRO,
    input: conflict('relative', { relativeInvolvement: 'signs_benefiting_document' }),
    outcome: 'prohibited',
    first: 'chro-relative-signs-benefiting-document',
  },
  {
    it: 'permits seeking public office',
    packs: CHRO,
    input: conflict('public_office', { publicOfficeStatus: 'seeking', officeTerm: '2027–2029' }),
    outcome: 'permitted',
    first: 'chro-public-office',
  },
  {
    it: 'reviews holding public office in a federally funded position under the Hatch Act',
    packs: CHRO,
    input: conflict('public_office', {
      publicOfficeStatus: 'holding',
      officeTerm: '2025–2029',
      federallyFunded: true,
    }),
    outcome: 'review',
    first: 'chro-hatch-act',
    alsoCites: ['chro-public-office'],
  },
  {
    it: 'prohibits partisan political activity on state time',
    packs: CHRO,
    input: conflict('political_activity', { onStateTimeOrResources: true, partisan: true }),
    outcome: 'prohibited',
    first: 'chro-political-partisan-on-state-time',
    alsoCites: ['equipment-political-activity'],
  },
  {
    it: 'prohibits non-partisan political activity with state equipment under the equipment policy',
    packs: CHRO,
    input: conflict('political_activity', { onStateTimeOrResources: true, partisan: false }),
    outcome: 'prohibited',
    first: 'equipment-political-activity',
    alsoCites: ['chro-political-nonpartisan-on-state-time'],
  },
  {
    it: 'reviews non-partisan political activity on state time under the ethical conduct policy alone',
    packs: ETHICS_ONLY,
    input: conflict('political_activity', { onStateTimeOrResources: true, partisan: false }),
    outcome: 'review',
    first: 'chro-political-nonpartisan-on-state-time',
  },
  {
    it: 'permits political activity on your own time',
    packs: CHRO,
    input: conflict('political_activity', { onStateTimeOrResources: false, partisan: true }),
    outcome: 'permitted',
    first: 'chro-political-own-time',
  },
  {
    it: 'reviews political activity on your own time under the Hatch Act when the position is federally funded',
    packs: CHRO,
    input: conflict('political_activity', {
      onStateTimeOrResources: false,
      partisan: true,
      federallyFunded: true,
    }),
    outcome: 'review',
    first: 'chro-hatch-act',
    alsoCites: ['chro-political-own-time'],
  },
  {
    it: 'reviews personal business that may take precedence over agency duties',
    packs: CHRO,
    input: conflict('personal_business', {
      counterpartyDealsWithAgency: false,
      onStateTimeOrResources: false,
    }),
    outcome: 'review',
    first: 'chro-personal-business',
  },
  {
    it: 'prohibits personal business run with state resources',
    packs: CHRO,
    input: conflict('personal_business', {
      counterpartyDealsWithAgency: false,
      onStateTimeOrResources: true,
    }),
    outcome: 'prohibited',
    first: 'equipment-private-business',
    alsoCites: ['chro-personal-business'],
  },
  {
    it: 'reviews personal business that deals with the agency, asking to divest or recuse',
    packs: CHRO,
    input: conflict('personal_business', {
      counterpartyDealsWithAgency: true,
      onStateTimeOrResources: false,
    }),
    outcome: 'review',
    first: 'chro-personal-business-deals-with-agency',
    alsoCites: ['chro-personal-business'],
  },
  {
    it: 'prohibits personal use of state equipment',
    packs: CHRO,
    input: conflict('state_resources', { onStateTimeOrResources: true, briefOccasionalPersonalCall: false }),
    outcome: 'prohibited',
    first: 'chro-state-equipment-personal-use',
    alsoCites: ['equipment-personal-use'],
  },
  {
    it: 'permits an occasional brief personal call',
    packs: CHRO,
    input: conflict('state_resources', { onStateTimeOrResources: true, briefOccasionalPersonalCall: true }),
    outcome: 'permitted',
    first: 'equipment-brief-personal-call',
  },
  {
    it: 'falls back to review for use of state equipment when you did not say whether it was a brief call',
    packs: CHRO,
    input: conflict('state_resources', { onStateTimeOrResources: true }),
    outcome: 'review',
    first: FALLBACK_RULE_ID,
  },
  {
    it: 'falls back to review for an arrest, which the agency policy does not address',
    packs: CHRO,
    input: conflict('arrest_or_conviction'),
    outcome: 'review',
    first: FALLBACK_RULE_ID,
  },
  // Conflicts under the school board's code
  {
    it: 'reviews an arrest reported by school staff and sends it to the HR director',
    packs: SCHOOL,
    input: conflict('arrest_or_conviction'),
    outcome: 'review',
    first: 'boe-arrest-or-conviction',
  },
  {
    it: 'reviews outside employment of school staff as a possibly incompatible activity',
    packs: SCHOOL,
    input: conflict('outside_employment', { employerIsAgencyContractor: false }),
    outcome: 'review',
    first: 'boe-incompatible-activity',
  },
  {
    it: "falls back to review for a relative's employment, which the school code does not address",
    packs: SCHOOL,
    input: conflict('relative', { relativeInvolvement: 'employed_by_agency' }),
    outcome: 'review',
    first: FALLBACK_RULE_ID,
  },
];

describe('the policy packs', () => {
  it.each(CASES)('$it', (c) => {
    const result = evaluateDisclosure(c.input, c.packs, c.earlier);
    const ruleIds = result.citations.map((x) => x.ruleId);
    expect({ outcome: result.outcome, first: ruleIds[0] }).toEqual({ outcome: c.outcome, first: c.first });
    expect(ruleIds).toEqual(expect.arrayContaining(c.alsoCites ?? []));
    expect(result.guidance).toHaveLength(result.citations.length);
  });

  it('have at least one table case for every rule', () => {
    const tested = new Set(CASES.flatMap((c) => [c.first, ...(c.alsoCites ?? [])]));
    const untested = [...byId.values()]
      .flatMap((p) => p.rules.map((r) => r.id))
      .filter((id) => !tested.has(id));
    expect(untested).toEqual([]);
  });

  it('asks you to decline or return a prohibited gift', () => {
    const result = evaluateDisclosure(gift({ relationship: 'lobbyist' }), CHRO);
    expect(result.actions).toEqual(['decline_or_return_gift']);
  });

  it('ends outside employment with a contractor', () => {
    const result = evaluateDisclosure(
      conflict('outside_employment', { employerIsAgencyContractor: true }),
      CHRO,
    );
    expect(result.actions).toEqual(['end_outside_employment']);
  });

  it('asks to divest or recuse for a financial interest and awaits the supervisor', () => {
    const result = evaluateDisclosure(
      conflict('financial_interest', { counterpartyDealsWithAgency: true }),
      CHRO,
    );
    expect(result.actions).toEqual(['divest_or_recuse', 'await_supervisor_decision']);
  });

  it('treats a public-office disclosure as the written notice and copies HR', () => {
    const result = evaluateDisclosure(conflict('public_office', { publicOfficeStatus: 'seeking' }), CHRO);
    expect(result.actions).toEqual(['notify_supervisor_in_writing', 'copy_hr']);
    expect(result.copyHr).toBe(true);
  });

  it('asks school staff to report an arrest to the HR director and copies HR', () => {
    const result = evaluateDisclosure(conflict('arrest_or_conviction'), SCHOOL);
    expect(result.actions).toEqual(['copy_hr', 'report_to_hr_director', 'await_supervisor_decision']);
    expect(result.copyHr).toBe(true);
  });

  it("falls back with the policy's own advice to contact the Ethics Commission", () => {
    const result = evaluateDisclosure(gift({ relationship: 'other' }), ETHICS_ONLY);
    expect(result.actions).toEqual(['contact_ethics_commission', 'await_supervisor_decision']);
    expect(result.citations).toEqual([
      expect.objectContaining({
        packId: 'chro-ethical-conduct',
        quote: 'When in doubt, contact the Ethics Commission.',
      }),
    ]);
    expect(result.guidance[0]).toContain('contact the Ethics Commission');
  });

  describe('for pre-clearance of a gift', () => {
    it('tells you that you may accept a permitted gift', () => {
      const result = evaluateDisclosure(gift({ disposition: 'undecided' }), CHRO);
      expect(result.guidance[0]).toMatch(/^You may accept this gift\. /);
    });

    it('tells you not to accept a gift from a contractor', () => {
      const result = evaluateDisclosure(
        gift({ disposition: 'undecided', relationship: 'contractor_vendor_bidder' }),
        CHRO,
      );
      expect(result.guidance[0]).toMatch(/^Do not accept this gift/);
    });

    it("tells you to wait for your supervisor's decision before accepting a gift under review", () => {
      const result = evaluateDisclosure(gift({ disposition: 'undecided', valueCents: 6000 }), CHRO);
      expect(result.guidance[0]).toContain("wait for your supervisor's decision before accepting");
    });
  });
});

describe('the pack files', () => {
  it('are all listed and all parse', () => {
    expect(ALL_IDS).toEqual([
      'chro-ethical-conduct',
      'chro-state-equipment',
      'ct-gift-statute',
      'torrington-boe-code-of-ethics',
    ]);
    expect([...byId.keys()]).toEqual(ALL_IDS);
  });

  describe.each(Object.entries(SEED_OF_PACK))('pack %s', (packId, seedPrefix) => {
    const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();
    const seedFile = fs.readdirSync(SEEDS_DIR).find((f) => f.startsWith(seedPrefix));
    const seed = normalise(fs.readFileSync(path.join(SEEDS_DIR, seedFile ?? 'missing'), 'utf8'));
    const pack = byId.get(packId) as PolicyPack;
    const quotes = [
      ...pack.rules.map((r) => [r.id, r.citation.quote] as const),
      [FALLBACK_RULE_ID, pack.fallback.citation.quote] as const,
    ];

    it.each(quotes)('quotes the policy verbatim in %s', (_id, quote) => {
      expect(seed).toContain(normalise(quote));
    });
  });

  it('keep the source of every statute summary', () => {
    const statute = byId.get('ct-gift-statute') as PolicyPack;
    for (const r of statute.rules) expect(r.citation.source).toMatch(/CGS §1-79 and §1-84/);
  });

  it('address the employee as "you" in every guidance paragraph', () => {
    for (const p of byId.values()) {
      for (const text of [...p.rules.map((r) => r.guidance), p.fallback.guidance]) {
        expect(text).toMatch(/\byou(r)?\b/i);
      }
    }
  });
});

describe('parsePolicyPack', () => {
  const valid = (): Record<string, unknown> & { rules: Array<Record<string, unknown>> } =>
    JSON.parse(fs.readFileSync(path.join(DEFAULT_PACKS_DIR, 'chro-ethical-conduct.json'), 'utf8'));

  function refusal(json: unknown, name?: string): string {
    try {
      parsePolicyPack(json, name);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('the pack was accepted');
  }

  it('refuses an unknown outcome, naming the pack and the path of the problem', () => {
    const json = valid();
    (json.rules[0] as { outcome: string }).outcome = 'frowned_upon';
    const message = refusal(json);
    expect(message).toContain('Policy pack "chro-ethical-conduct" is invalid');
    expect(message).toContain('rules[0] (chro-gift-business-relationship).outcome');
  });

  it('refuses a misspelt condition key instead of ignoring it', () => {
    const json = valid();
    (json.rules[1] as { when: Record<string, unknown> }).when = { type: 'gift', valueBelowCent: 1000 };
    expect(refusal(json)).toMatch(/rules\[1\] \(chro-gift-public-nominal\)\.when: .*valueBelowCent/);
  });

  it('refuses an unknown action and a value that is not whole cents', () => {
    const json = valid();
    (json.rules[0] as { actions: string[] }).actions = ['apologise'];
    (json.rules[1] as { when: Record<string, unknown> }).when = { type: 'gift', valueBelowCents: 9.99 };
    const message = refusal(json);
    expect(message).toContain('rules[0] (chro-gift-business-relationship).actions[0]');
    expect(message).toContain('rules[1] (chro-gift-public-nominal).when.valueBelowCents');
  });

  it('refuses duplicate rule ids', () => {
    const json = valid();
    json.rules.push({ ...json.rules[0] });
    expect(refusal(json)).toContain('duplicate rule id "chro-gift-business-relationship"');
  });

  it('refuses a rule that mixes gift and conflict facts', () => {
    const json = valid();
    (json.rules[0] as { when: Record<string, unknown> }).when = {
      relationshipIn: ['lobbyist'],
      partisan: true,
    };
    expect(refusal(json)).toContain('mixes gift facts with conflict facts');
  });

  it('refuses a pack without a fallback', () => {
    const json = valid();
    delete json.fallback;
    expect(refusal(json)).toContain('fallback');
  });

  it('names the pack by the name given when the JSON is not a pack at all', () => {
    expect(refusal([], 'broken-pack')).toContain('Policy pack "broken-pack" is invalid: (pack)');
  });
});

describe('loadPolicyPacks', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-packs-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the packs in the order asked', () => {
    expect(loadPolicyPacks(['ct-gift-statute', 'chro-ethical-conduct']).map((p) => p.id)).toEqual([
      'ct-gift-statute',
      'chro-ethical-conduct',
    ]);
  });

  it('fails naming an unknown pack id and the known ones', () => {
    expect(() => loadPolicyPacks(['chro-ethical-conduct', 'nyc-rules'])).toThrow(ConfigError);
    expect(() => loadPolicyPacks(['nyc-rules'])).toThrow(
      /Unknown policy pack "nyc-rules".*chro-ethical-conduct/,
    );
  });

  it('fails when no pack is configured or one is listed twice', () => {
    expect(() => loadPolicyPacks([])).toThrow(ConfigError);
    expect(() => loadPolicyPacks(['ct-gift-statute', 'ct-gift-statute'])).toThrow(/listed more than once/);
  });

  it('fails naming a pack file that is not valid JSON', () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ "id": ');
    expect(() => loadPolicyPacks(['bad'], dir)).toThrow(/Policy pack "bad" cannot be read/);
  });

  it('fails when a file declares another id than its name', () => {
    const json = fs.readFileSync(path.join(DEFAULT_PACKS_DIR, 'ct-gift-statute.json'), 'utf8');
    fs.writeFileSync(path.join(dir, 'copy.json'), json);
    expect(listPackIds(dir)).toEqual(['copy']);
    expect(() => loadPolicyPacks(['copy'], dir)).toThrow(/declares id "ct-gift-statute"/);
  });

  it('fails with the problem when a pack file is invalid', () => {
    fs.writeFileSync(path.join(dir, 'empty.json'), JSON.stringify({ id: 'empty', rules: [] }));
    expect(() => loadPolicyPacks(['empty'], dir)).toThrow(/Policy pack "empty" is invalid: .*organization/);
  });
});
