/**
 * Policy packs are data: one JSON file per organisation's policy, validated at load
 * (see pack-schema.ts) and evaluated by a pure function (evaluate.ts).
 */
import type {
  ConflictCategory,
  GiftKind,
  GiftOccasion,
  GiftRelationship,
  PolicyOutcome,
  RequiredAction,
} from '../disclosure/types';

/**
 * A rule's condition: every property given must hold (logical AND). Absent properties do not
 * constrain. Values are in US cents.
 */
export interface RuleCondition {
  type?: 'gift' | 'conflict';
  // gift facts
  relationshipIn?: GiftRelationship[];
  occasionIn?: GiftOccasion[];
  occasionNotIn?: GiftOccasion[];
  kindIn?: GiftKind[];
  valueBelowCents?: number;
  valueAtLeastCents?: number;
  asGroupMember?: boolean;
  /** The employee's gifts from this donor in this calendar year (this one included) reach this total. */
  donorYearTotalAtLeastCents?: number;
  // conflict facts
  categoryIn?: ConflictCategory[];
  counterpartyDealsWithAgency?: boolean;
  employerIsAgencyContractor?: boolean;
  relativeInvolvementIn?: Array<
    'employed_by_agency' | 'influence_hiring' | 'supervises_relative' | 'signs_benefiting_document'
  >;
  publicOfficeStatusIn?: Array<'seeking' | 'holding'>;
  onStateTimeOrResources?: boolean;
  partisan?: boolean;
  briefOccasionalPersonalCall?: boolean;
  federallyFunded?: boolean;
}

export interface PolicyRule {
  id: string;
  /** A short title for cards and reports. */
  title: string;
  citation: { document: string; clause: string; quote: string; source?: string };
  when: RuleCondition;
  outcome: PolicyOutcome;
  actions: RequiredAction[];
  /** Plain-language guidance shown to the employee when this rule matches. */
  guidance: string;
  /**
   * An informational rule (for example a statute cited beside the stricter agency policy) adds its
   * citation and guidance but does not decide the outcome on its own.
   */
  informational?: boolean;
}

export interface PolicyPack {
  id: string;
  organization: string;
  title: string;
  /** Effective date or adoption note, shown in citations. */
  adopted?: string;
  rules: PolicyRule[];
  /** Said when no rule decides: the policy's own advice (e.g. "When in doubt, contact the Ethics Commission"). */
  fallback: { guidance: string; citation: { document: string; clause: string; quote: string } };
}
