/**
 * Where campaigns and their recipients live. The recipients table is also the fan-out's work queue:
 * senders claim due rows, and a row's id is the idempotency key of that person's card.
 */
import type { Person } from '../domain/disclosure/types';
import type {
  Audience,
  Campaign,
  CampaignSummary,
  PolicyText,
  Recipient,
  RecipientState,
} from '../domain/campaign/types';

export interface NewCampaign {
  policy: PolicyText;
  year: number;
  audience: Audience;
  audienceLabel: string;
  createdBy: string;
  people: Person[];
}

export interface RecipientFilter {
  states?: RecipientState[];
  /** Recipients after this display name + id (keyset paging, by name). */
  after?: { displayName: string; id: string };
  limit: number;
}

export interface CampaignStore {
  launch(campaign: NewCampaign): Promise<Campaign>;
  get(id: string): Promise<Campaign | null>;
  summary(id: string): Promise<CampaignSummary | null>;
  list(limit: number): Promise<CampaignSummary[]>;
  recipient(id: string): Promise<Recipient | null>;
  recipients(campaignId: string, filter: RecipientFilter): Promise<Recipient[]>;
  /** Records the acknowledgement (audited) unless already recorded; returns the recipient as it now is. */
  acknowledge(recipientId: string, actorId: string): Promise<Recipient>;
  /** Queues every failed recipient again (audited); returns how many. */
  resendFailed(campaignId: string, actorId: string): Promise<number>;
}

/** The fan-out's side of the store: claiming work and recording what each attempt came to. */
export interface FanoutStore {
  /** Claims up to `limit` due recipients for this instance (state 'sending'). */
  claim(instanceKey: number, limit: number): Promise<Recipient[]>;
  /** Committed just before the card goes on the wire. */
  markDispatched(recipientId: string): Promise<void>;
  markSent(recipientId: string, conversationId: string, activityId: string): Promise<void>;
  reschedule(recipientId: string, delayMs: number, reason: string): Promise<void>;
  markFailed(recipientId: string, reason: string): Promise<void>;
  markInstallTried(recipientId: string): Promise<void>;
  /**
   * Requeues this instance's own 'sending' rows that it is no longer working on (an outcome it could not
   * record because the database failed for a moment); `active`: the recipients in progress.
   */
  requeueOwnStale(instanceKey: number, active: readonly string[]): Promise<number>;
  /** Requeues the work of instances that died (their advisory lock is free); returns how many rows. */
  recoverAbandoned(instanceKey: number): Promise<number>;
  /** Milliseconds until the next queued recipient is due (0: now), or null when nothing is queued. */
  nextDueInMs(): Promise<number | null>;
}
