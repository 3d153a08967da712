/**
 * Evaluates one disclosure against the policy packs. Pure: no I/O, no clock, no SDK.
 *
 * A rule matches when every property of its condition holds. A conflict fact the employee did not
 * give (undefined) satisfies neither `true` nor `false`, so a missing answer never permits anything:
 * it leaves the decision to another rule or to the fallback (review).
 */
import {
  REQUIRED_ACTIONS,
  type Citation,
  type ConflictDetails,
  type GiftDetails,
  type PolicyEvaluation,
  type PolicyOutcome,
  type RequiredAction,
} from '../disclosure/types';
import type { PolicyPack, PolicyRule, RuleCondition } from './types';

export type DisclosureInput =
  { type: 'gift'; gift: GiftDetails } | { type: 'conflict'; conflict: ConflictDetails };

type Subject =
  | { type: 'gift'; gift: GiftDetails; donorYearTotalCents: number }
  | { type: 'conflict'; conflict: ConflictDetails };

const SEVERITY: Record<PolicyOutcome, number> = { permitted: 0, review: 1, prohibited: 2 };

/** Normalised donor identity: the organisation if given, else the person; case, accents, punctuation and spaces folded. */
export function donorKey(gift: Pick<GiftDetails, 'donorName' | 'donorOrganization'>): string {
  const fold = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[\p{P}\p{S}\s]/gu, '');
  const organization = fold(gift.donorOrganization ?? '');
  return organization || fold(gift.donorName);
}

const yearOf = (isoDate: string) => isoDate.slice(0, 4);

/**
 * This gift plus the employee's other gifts from the same donor in the same calendar year, leaving
 * out those declined or returned (a donated gift was accepted first, so it counts).
 */
export function donorYearTotalCents(gift: GiftDetails, earlierGifts: GiftDetails[]): number {
  const key = donorKey(gift);
  const year = yearOf(gift.dateReceived);
  return earlierGifts
    .filter((g) => g.disposition !== 'declined' && g.disposition !== 'returned')
    .filter((g) => yearOf(g.dateReceived) === year && donorKey(g) === key)
    .reduce((sum, g) => sum + g.valueCents, gift.valueCents);
}

type Check<K extends keyof RuleCondition> = (
  expected: NonNullable<RuleCondition[K]>,
  subject: Subject,
) => boolean;

const onGift =
  <K extends keyof RuleCondition>(
    test: (expected: NonNullable<RuleCondition[K]>, gift: GiftDetails, yearTotal: number) => boolean,
  ): Check<K> =>
  (expected, s) =>
    s.type === 'gift' && test(expected, s.gift, s.donorYearTotalCents);

const onConflict =
  <K extends keyof RuleCondition>(
    test: (expected: NonNullable<RuleCondition[K]>, conflict: ConflictDetails) => boolean,
  ): Check<K> =>
  (expected, s) =>
    s.type === 'conflict' && test(expected, s.conflict);

/** One check per condition property; the mapped type makes a new RuleCondition key a compile error here. */
type CheckMap = { [K in keyof RuleCondition]-?: Check<K> };
const CHECKS: CheckMap = {
  type: (expected, s) => s.type === expected,
  relationshipIn: onGift((list, g) => list.includes(g.relationship)),
  occasionIn: onGift((list, g) => list.includes(g.occasion)),
  occasionNotIn: onGift((list, g) => !list.includes(g.occasion)),
  kindIn: onGift((list, g) => list.includes(g.kind)),
  valueBelowCents: onGift((limit, g) => g.valueCents < limit),
  valueAtLeastCents: onGift((limit, g) => g.valueCents >= limit),
  asGroupMember: onGift((expected, g) => g.asGroupMember === expected),
  donorYearTotalAtLeastCents: onGift((limit, _g, total) => total >= limit),
  categoryIn: onConflict((list, c) => list.includes(c.category)),
  counterpartyDealsWithAgency: onConflict((v, c) => c.facts.counterpartyDealsWithAgency === v),
  employerIsAgencyContractor: onConflict((v, c) => c.facts.employerIsAgencyContractor === v),
  relativeInvolvementIn: onConflict(
    (list, c) => c.facts.relativeInvolvement !== undefined && list.includes(c.facts.relativeInvolvement),
  ),
  publicOfficeStatusIn: onConflict(
    (list, c) => c.facts.publicOfficeStatus !== undefined && list.includes(c.facts.publicOfficeStatus),
  ),
  onStateTimeOrResources: onConflict((v, c) => c.facts.onStateTimeOrResources === v),
  partisan: onConflict((v, c) => c.facts.partisan === v),
  briefOccasionalPersonalCall: onConflict((v, c) => c.facts.briefOccasionalPersonalCall === v),
  federallyFunded: onConflict((v, c) => c.facts.federallyFunded === v),
};

function holds<K extends keyof RuleCondition>(key: K, expected: RuleCondition[K], subject: Subject): boolean {
  if (expected === undefined) return true;
  // A key unknown to this version (the schema refuses them) never matches.
  if (!Object.hasOwn(CHECKS, key)) return false;
  // TypeScript cannot correlate CHECKS[key] with K; the mapped type above guarantees they agree.
  const check = CHECKS[key] as Check<K>;
  return check(expected, subject);
}

function matches(when: RuleCondition, subject: Subject): boolean {
  return (Object.keys(when) as Array<keyof RuleCondition>).every((key) => holds(key, when[key], subject));
}

const GIFT_KEYS = new Set<keyof RuleCondition>([
  'relationshipIn',
  'occasionIn',
  'occasionNotIn',
  'kindIn',
  'valueBelowCents',
  'valueAtLeastCents',
  'asGroupMember',
  'donorYearTotalAtLeastCents',
]);

/** The disclosure type a rule is about, from its `type` or else from the facts it tests. */
function ruleType(rule: PolicyRule): 'gift' | 'conflict' | null {
  if (rule.when.type) return rule.when.type;
  const keys = (Object.keys(rule.when) as Array<keyof RuleCondition>).filter(
    (k) => rule.when[k] !== undefined,
  );
  if (keys.length === 0) return null;
  return keys.some((k) => GIFT_KEYS.has(k)) ? 'gift' : 'conflict';
}

interface Match {
  pack: PolicyPack;
  rule: PolicyRule;
}

const citationOf = ({ pack, rule }: Match): Citation => ({
  ruleId: rule.id,
  packId: pack.id,
  document: rule.citation.document,
  clause: rule.citation.clause,
  quote: rule.citation.quote,
});

export const FALLBACK_RULE_ID = 'fallback';

/** Said when no pack is configured at all; the loader refuses that, so this is only a safe default. */
const NO_PACK_GUIDANCE =
  'No policy is configured to check this disclosure. Your supervisor will review it; when in doubt, contact the Ethics Commission.';

const PRE_CLEARANCE: Record<PolicyOutcome, string> = {
  permitted: 'You may accept this gift.',
  prohibited: 'Do not accept this gift: decline it.',
  review: "Do not accept this gift yet: wait for your supervisor's decision before accepting it.",
};

function orderedActions(actions: Iterable<RequiredAction>): RequiredAction[] {
  const set = new Set(actions);
  set.delete('none');
  const ordered = REQUIRED_ACTIONS.filter((a) => set.has(a));
  return ordered.length > 0 ? ordered : ['none'];
}

export function evaluateDisclosure(
  input: DisclosureInput,
  packs: PolicyPack[],
  earlierGifts: GiftDetails[] = [],
): PolicyEvaluation {
  const subject: Subject =
    input.type === 'gift'
      ? { type: 'gift', gift: input.gift, donorYearTotalCents: donorYearTotalCents(input.gift, earlierGifts) }
      : { type: 'conflict', conflict: input.conflict };

  const matched: Match[] = packs.flatMap((pack) =>
    pack.rules
      .filter((rule) => ruleType(rule) === input.type && matches(rule.when, subject))
      .map((rule) => ({ pack, rule })),
  );
  const deciding = matched.filter((m) => !m.rule.informational);

  let outcome: PolicyOutcome;
  let ordered: Array<{ citation: Citation; guidance: string }>;
  const actions: RequiredAction[] = matched.flatMap((m) => m.rule.actions);

  if (deciding.length > 0) {
    outcome = deciding.reduce<PolicyOutcome>(
      (worst, m) => (SEVERITY[m.rule.outcome] > SEVERITY[worst] ? m.rule.outcome : worst),
      'permitted',
    );
    const isDecisive = (m: Match) => !m.rule.informational && m.rule.outcome === outcome;
    ordered = [...matched.filter(isDecisive), ...matched.filter((m) => !isDecisive(m))].map((m) => ({
      citation: citationOf(m),
      guidance: m.rule.guidance,
    }));
  } else {
    // No rule decides: each pack that speaks to this type of disclosure gives its own advice.
    outcome = 'review';
    const speaking = packs.filter((p) => p.rules.some((r) => ruleType(r) === input.type));
    const fallbacks = (speaking.length > 0 ? speaking : packs).map((pack) => ({
      citation: { ruleId: FALLBACK_RULE_ID, packId: pack.id, ...pack.fallback.citation },
      guidance: pack.fallback.guidance,
    }));
    ordered = [...fallbacks, ...matched.map((m) => ({ citation: citationOf(m), guidance: m.rule.guidance }))];
    actions.push('contact_ethics_commission');
  }

  if (outcome === 'review') actions.push('await_supervisor_decision');
  const guidance = ordered.length > 0 ? ordered.map((o) => o.guidance) : [NO_PACK_GUIDANCE];
  if (input.type === 'gift' && input.gift.disposition === 'undecided') {
    guidance[0] = `${PRE_CLEARANCE[outcome]} ${guidance[0]}`;
  }

  return {
    outcome,
    citations: ordered.map((o) => o.citation),
    actions: orderedActions(actions),
    copyHr: matched.some(
      (m) => m.rule.actions.includes('copy_hr') || m.rule.actions.includes('report_to_hr_director'),
    ),
    guidance,
    donorYearTotalCents: subject.type === 'gift' ? subject.donorYearTotalCents : null,
  };
}
