/**
 * The disclosure model: what an employee tells the agency about a gift or a conflict of interest.
 * Plain data, no behaviour; the state machine is in state-machine.ts, validation in validate.ts.
 */

export type DisclosureType = 'gift' | 'conflict';

/** The donor's relationship to the agency, as the employee describes it. */
export const GIFT_RELATIONSHIPS = [
  'contractor_vendor_bidder',
  'party_to_matter',
  'regulated_or_applicant',
  'lobbyist',
  'coworker',
  'supervisor',
  'subordinate',
  'student_or_family',
  'public_at_large',
  'other',
] as const;
export type GiftRelationship = (typeof GIFT_RELATIONSHIPS)[number];

export const GIFT_OCCASIONS = [
  'birthday',
  'holiday',
  'special_occasion',
  'end_of_school_year',
  'retirement_or_farewell',
  'business_meeting',
  'conference_or_event',
  'none',
  'other',
] as const;
export type GiftOccasion = (typeof GIFT_OCCASIONS)[number];

/** What happened to the gift. `undecided` makes the disclosure a pre-clearance request. */
export const GIFT_DISPOSITIONS = ['undecided', 'declined', 'accepted', 'returned', 'donated'] as const;
export type GiftDisposition = (typeof GIFT_DISPOSITIONS)[number];

export const GIFT_KINDS = [
  'item',
  'meal',
  'ticket_or_entertainment',
  'travel',
  'cash_or_gift_card',
  'other',
] as const;
export type GiftKind = (typeof GIFT_KINDS)[number];

export interface GiftDetails {
  donorName: string;
  donorOrganization: string | null;
  relationship: GiftRelationship;
  occasion: GiftOccasion;
  kind: GiftKind;
  description: string;
  /** Estimated fair market value in US cents, so sums never suffer from floating point. */
  valueCents: number;
  /** The date the gift was offered or received, ISO yyyy-mm-dd. */
  dateReceived: string;
  /** Given to the employee as a member of a group (a team lunch, a basket for the unit). */
  asGroupMember: boolean;
  disposition: GiftDisposition;
}

export const CONFLICT_CATEGORIES = [
  'outside_employment',
  'financial_interest',
  'relative',
  'public_office',
  'political_activity',
  'personal_business',
  'state_resources',
  'arrest_or_conviction',
  'other',
] as const;
export type ConflictCategory = (typeof CONFLICT_CATEGORIES)[number];

/**
 * Facts that decide how a conflict is treated. Each is optional because each applies only to some
 * categories; validation (validate.ts) says which are required for which category.
 */
export interface ConflictFacts {
  /** outside_employment / financial_interest: the other party is under contract or does business with the agency. */
  counterpartyDealsWithAgency?: boolean;
  /** outside_employment: the employer is a consultant, contractor or appraiser of the agency. */
  employerIsAgencyContractor?: boolean;
  /** relative: what the employee's involvement is. */
  relativeInvolvement?:
    'employed_by_agency' | 'influence_hiring' | 'supervises_relative' | 'signs_benefiting_document';
  /** public_office: seeking or holding, and the term of office (free text, e.g. "2026–2030"). */
  publicOfficeStatus?: 'seeking' | 'holding';
  officeTerm?: string;
  /** political_activity / state_resources: done on state time or with state equipment or materials. */
  onStateTimeOrResources?: boolean;
  /** political_activity: the activity is partisan. */
  partisan?: boolean;
  /** state_resources: an occasional, brief personal call — tolerated by the equipment policy. */
  briefOccasionalPersonalCall?: boolean;
  /** The position is funded in whole or part by federal loans or grants (Hatch Act). */
  federallyFunded?: boolean;
}

export interface ConflictDetails {
  category: ConflictCategory;
  description: string;
  /** People or organisations involved, free text. */
  parties: string;
  startDate: string | null;
  endDate: string | null;
  ongoing: boolean;
  facts: ConflictFacts;
}

export const DISCLOSURE_STATES = [
  'recorded',
  'pending_review',
  'info_requested',
  'approved',
  'approved_with_conditions',
  'denied',
  'action_required',
  'withdrawn',
] as const;
export type DisclosureState = (typeof DISCLOSURE_STATES)[number];

export type PolicyOutcome = 'permitted' | 'review' | 'prohibited';

export const DECISIONS = ['approve', 'approve_with_conditions', 'deny', 'request_info'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A person of the directory, as the domain sees them. `id` is the Entra ID object id. */
export interface Person {
  id: string;
  displayName: string;
  email: string;
  jobTitle: string | null;
  department: string | null;
}

export interface Citation {
  ruleId: string;
  packId: string;
  document: string;
  clause: string;
  quote: string;
}

export const REQUIRED_ACTIONS = [
  'decline_or_return_gift',
  'end_outside_employment',
  'divest_or_recuse',
  'stop_activity',
  'notify_supervisor_in_writing',
  'copy_hr',
  'report_to_hr_director',
  'contact_ethics_commission',
  'await_supervisor_decision',
  'none',
] as const;
export type RequiredAction = (typeof REQUIRED_ACTIONS)[number];

/** What the policy says about one disclosure. */
export interface PolicyEvaluation {
  outcome: PolicyOutcome;
  /** Rules that matched, the decisive ones (with the outcome above) first. */
  citations: Citation[];
  actions: RequiredAction[];
  copyHr: boolean;
  /** Plain-language guidance for the employee, one paragraph per matched rule. */
  guidance: string[];
  /** The employee's gifts from the same donor in the same calendar year, this one included (cents). */
  donorYearTotalCents: number | null;
}

export interface Disclosure {
  id: string;
  /** Human-friendly reference shown on cards, e.g. "D-2026-0042". */
  reference: string;
  type: DisclosureType;
  employeeId: string;
  gift: GiftDetails | null;
  conflict: ConflictDetails | null;
  evaluation: PolicyEvaluation;
  state: DisclosureState;
  reviewerId: string | null;
  hrCopied: boolean;
  decision: Decision | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  conditions: string | null;
  /** The reviewer's question when more information was requested, and the employee's answer. */
  infoRequest: string | null;
  infoAnswer: string | null;
  /** What the employee did about an `action_required` item (e.g. "returned the tickets on 3 March"). */
  resolution: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Deadlines and stand-ins of the review (reminders, escalation, delegation); see ReviewTrack. */
  review?: ReviewTrack;
}

/**
 * The review's clock and who stands in for whom. Deadlines are set when the disclosure starts waiting
 * for its reviewer (submitted, an answer to a question, an escalation) and cleared of their marks then.
 */
export interface ReviewTrack {
  remindAt: Date | null;
  escalateAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  /** The reviewer the assigned one stands in for: as their delegate, or because they are away. */
  standsInFor: { id: string; displayName: string; reason: 'delegation' | 'away' } | null;
  /** The reviewer it was escalated from: their card turns read-only and their decision is refused. */
  escalatedFrom: { id: string; displayName: string } | null;
}
