/**
 * Human labels for the model's codes, in one place. Short, plain words for busy readers; every code of
 * every `as const` list has a label (the Record types make the compiler check that).
 */
import type {
  ConflictCategory,
  ConflictFacts,
  DisclosureState,
  DisclosureType,
  GiftDisposition,
  GiftKind,
  GiftOccasion,
  GiftRelationship,
  PolicyOutcome,
  RequiredAction,
} from '../../src/domain/disclosure/types';

export const TYPE_LABELS: Record<DisclosureType, string> = {
  gift: 'Gift',
  conflict: 'Conflict of interest',
};

export const STATE_LABELS: Record<DisclosureState, string> = {
  recorded: 'Recorded',
  pending_review: 'Waiting for review',
  info_requested: 'More information requested',
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  denied: 'Not approved',
  action_required: 'Action required',
  withdrawn: 'Withdrawn',
};

/** The policy's answer, as the employee reads it. */
export const OUTCOME_LABELS: Record<PolicyOutcome, string> = {
  permitted: 'Permitted — recorded',
  review: "Needs your supervisor's review",
  prohibited: 'Not permitted — action required',
};

/** The policy's answer, as the supervisor reads it. */
export const OUTCOME_LABELS_FOR_REVIEWER: Record<PolicyOutcome, string> = {
  permitted: 'Permitted by policy — recorded',
  review: 'Needs a supervisor’s decision',
  prohibited: 'Not permitted — the employee must act',
};

export const RELATIONSHIP_LABELS: Record<GiftRelationship, string> = {
  contractor_vendor_bidder: 'Contractor, vendor or bidder',
  party_to_matter: 'Party to a matter before the agency',
  regulated_or_applicant: 'Regulated party or applicant',
  lobbyist: 'Lobbyist',
  coworker: 'Coworker',
  supervisor: 'Supervisor',
  subordinate: 'Someone the employee supervises',
  student_or_family: 'Student or a student’s family',
  public_at_large: 'Offered to the public at large',
  other: 'Other',
};

export const OCCASION_LABELS: Record<GiftOccasion, string> = {
  birthday: 'Birthday',
  holiday: 'Holiday',
  special_occasion: 'Special occasion (wedding, new baby…)',
  end_of_school_year: 'End of the school year',
  retirement_or_farewell: 'Retirement or farewell',
  business_meeting: 'Business meeting',
  conference_or_event: 'Conference or event',
  none: 'No particular occasion',
  other: 'Other',
};

export const KIND_LABELS: Record<GiftKind, string> = {
  item: 'An item',
  meal: 'Meal or refreshments',
  ticket_or_entertainment: 'Tickets or entertainment',
  travel: 'Travel or lodging',
  cash_or_gift_card: 'Cash or gift card',
  other: 'Other',
};

/** What happened to the gift, as shown on cards. */
export const DISPOSITION_LABELS: Record<GiftDisposition, string> = {
  undecided: 'Not decided yet (asking first)',
  declined: 'Declined',
  accepted: 'Accepted',
  returned: 'Returned',
  donated: 'Donated',
};

/** The same, as the employee answers the question "What happened to it?". */
export const DISPOSITION_CHOICES: Record<GiftDisposition, string> = {
  undecided: 'Not decided yet — I am asking before I accept',
  declined: 'I declined it',
  accepted: 'I accepted it',
  returned: 'I returned it',
  donated: 'I donated it',
};

export const CATEGORY_LABELS: Record<ConflictCategory, string> = {
  outside_employment: 'Outside employment',
  financial_interest: 'Financial interest in a business that deals with the agency',
  relative: 'A relative’s employment or supervision',
  public_office: 'Seeking or holding public office',
  political_activity: 'Political activity',
  personal_business: 'Personal business',
  state_resources: 'Use of state equipment or time',
  arrest_or_conviction: 'Arrest or conviction',
  other: 'Something else',
};

export const CATEGORY_HINTS: Record<ConflictCategory, string> = {
  outside_employment: 'A second job, consulting or freelance work.',
  financial_interest: 'You or your family own part of, or invest in, a business that works with the agency.',
  relative: 'A relative works here or is applying, or you could supervise or help hire them.',
  public_office: 'You are running for, or hold, an elected or appointed office.',
  political_activity: 'Campaigning, fundraising or other work for a candidate, party or cause.',
  personal_business: 'Your own business, or personal matters that could affect your work here.',
  state_resources: 'Using a state phone, computer, car or supplies for something that is not state business.',
  arrest_or_conviction: 'An arrest or conviction that school staff must report to the HR Director.',
  other: 'Anything else that could look like a conflict. When in doubt, disclose.',
};

export const RELATIVE_INVOLVEMENT_LABELS: Record<
  NonNullable<ConflictFacts['relativeInvolvement']>,
  string
> = {
  employed_by_agency: 'The relative works for, or is applying to, the agency',
  influence_hiring: 'The employee could influence the relative’s hiring',
  supervises_relative: 'The employee would supervise the relative, directly or in practice',
  signs_benefiting_document:
    'The employee signs documents that benefit the relative (personnel forms, appraisals)',
};

export const PUBLIC_OFFICE_STATUS_LABELS: Record<NonNullable<ConflictFacts['publicOfficeStatus']>, string> = {
  seeking: 'Seeking office (candidate)',
  holding: 'Holding office',
};

/** What the policy asks of the employee, as instructions. */
export const ACTION_LABELS: Record<RequiredAction, string> = {
  decline_or_return_gift: 'Decline the gift, or return it if you already have it.',
  end_outside_employment: 'Do not take the outside job, or end it.',
  divest_or_recuse: 'Give up the financial interest, or step away from any work that involves it.',
  stop_activity: 'Stop the activity.',
  notify_supervisor_in_writing: 'Tell your supervisor in writing. This disclosure does that for you.',
  copy_hr: 'A copy goes to Human Resources.',
  report_to_hr_director: 'Report it to the HR Director.',
  contact_ethics_commission: 'If you are unsure, ask the Ethics Commission for advice.',
  await_supervisor_decision: 'Wait for your supervisor’s decision before you go ahead.',
  none: 'Nothing more is needed.',
};

/** Yes/no answers as the cards show them. */
export const YES_NO_LABELS = { true: 'Yes', false: 'No' } as const;

export function yesNo(value: boolean): string {
  return value ? YES_NO_LABELS.true : YES_NO_LABELS.false;
}

/** Short names of the conflict facts, for the summary of a disclosure. */
export const FACT_LABELS: Record<keyof ConflictFacts, string> = {
  counterpartyDealsWithAgency: 'Deals with the agency',
  employerIsAgencyContractor: 'Employer is an agency contractor',
  relativeInvolvement: 'Involvement',
  publicOfficeStatus: 'Office',
  officeTerm: 'Term of office',
  onStateTimeOrResources: 'On state time or equipment',
  partisan: 'Partisan',
  briefOccasionalPersonalCall: 'Only a brief personal call',
  federallyFunded: 'Federally funded position',
};

/** The relative's situation, as the employee answers it on the form. */
export const RELATIVE_INVOLVEMENT_CHOICES: Record<
  NonNullable<ConflictFacts['relativeInvolvement']>,
  string
> = {
  employed_by_agency: 'My relative works for, or is applying to, the agency',
  influence_hiring: 'I could influence their hiring',
  supervises_relative: 'I would supervise them, directly or in practice',
  signs_benefiting_document: 'I sign documents that benefit them (personnel forms, appraisals)',
};
