/**
 * Attestation campaigns: the ethics officer asks everyone (or a group) to acknowledge one policy for one
 * year. Each person gets one card; the campaign's progress is the count of its recipients by state.
 */
export const RECIPIENT_STATES = ['queued', 'sending', 'sent', 'acknowledged', 'failed'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

/** Who a campaign goes to. In the org chart, groups are its roles; with Graph, Entra group ids. */
export type Audience =
  | { kind: 'everyone' }
  | { kind: 'department'; department: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'people'; ids: string[] };

/** One quoted clause of the policy, as the card shows it. */
export interface PolicyClause {
  clause: string;
  quote: string;
}

/** The policy text a campaign asks people to acknowledge, snapshotted at launch. */
export interface PolicyText {
  packId: string;
  title: string;
  organization: string;
  clauses: PolicyClause[];
}

export interface Campaign {
  id: string;
  policy: PolicyText;
  year: number;
  audience: Audience;
  audienceLabel: string;
  createdBy: string;
  createdAt: Date;
}

export type RecipientCounts = Record<RecipientState, number> & { total: number; inDoubt: number };

export interface CampaignSummary extends Omit<Campaign, 'policy'> {
  packId: string;
  policyTitle: string;
  counts: RecipientCounts;
  /** Nothing is queued or being sent: every card went out or failed. */
  complete: boolean;
}

export interface Recipient {
  /** The idempotency key of this person's card in this campaign. */
  id: string;
  campaignId: string;
  userId: string;
  displayName: string;
  email: string;
  department: string | null;
  state: RecipientState;
  reason: string | null;
  attempts: number;
  inDoubt: boolean;
  installTried: boolean;
  conversationId: string | null;
  activityId: string | null;
  queuedAt: Date;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
}
