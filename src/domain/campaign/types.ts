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
  /** Days between automatic reminder rounds to those who have not acknowledged; 0: none. */
  reminderIntervalDays: number;
  /** Reminder rounds started so far (0: none), and when the last one started. */
  reminderRound: number;
  lastRemindedAt: Date | null;
}

/** Reminders of a campaign: sent, still going out (queued or being sent), failed. */
export interface ReminderCounts {
  sent: number;
  pending: number;
  failed: number;
}

export type RecipientCounts = Record<RecipientState, number> & { total: number; inDoubt: number };

export interface CampaignSummary extends Omit<Campaign, 'policy'> {
  packId: string;
  policyTitle: string;
  counts: RecipientCounts;
  reminders: ReminderCounts;
  /** Nothing is queued or being sent: every card went out or failed. */
  complete: boolean;
}

/**
 * One card the fan-out delivers: a person's card (a Recipient) or a reminder of it (a Reminder). `id` is
 * the work row's id, the card's idempotency key.
 */
export interface Delivery {
  id: string;
  campaignId: string;
  userId: string;
  attempts: number;
  installTried: boolean;
}

/** One reminder card to one recipient in one round. */
export interface Reminder extends Delivery {
  recipientId: string;
  displayName: string;
  round: number;
  /** When the person's first card was sent. */
  cardSentAt: Date | null;
}

export interface Recipient extends Delivery {
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
  remindersSent: number;
  lastRemindedAt: Date | null;
}
