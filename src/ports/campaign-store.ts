/**
 * Where campaigns and their recipients live. The recipients table is also the fan-out's work queue:
 * senders claim due rows, and a row's id is the idempotency key of that person's card.
 */
import type { Person } from '../domain/disclosure/types';
import type {
  Audience,
  Campaign,
  CampaignSummary,
  Delivery,
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
  reminderIntervalDays: number;
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

/**
 * The fan-out's side of a store of work rows (first cards or reminders): claiming work and recording what
 * each attempt came to.
 */
export interface FanoutStore<T extends Delivery = Recipient> {
  /** Claims up to `limit` due rows for this instance (state 'sending'). */
  claim(instanceKey: number, limit: number): Promise<T[]>;
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

/** What starting a reminder round came to. */
export type ReminderRound =
  /** A new round: `queued` reminders, one per recipient sent a card who has not acknowledged. */
  | { kind: 'started'; round: number; queued: number }
  /** The last round is still going out (`pending` reminders queued or being sent): nothing was queued. */
  | { kind: 'in_progress'; round: number; pending: number }
  /** Nobody was sent a card and has not acknowledged: nothing was queued. */
  | { kind: 'nobody'; round: number }
  /** (Automatic rounds only) the interval has not passed since the last round or the launch. */
  | { kind: 'not_due'; round: number };

/** Reminder rounds: queued as work rows, sent by the fan-out (a FanoutStore<Reminder>). */
export interface ReminderStore {
  /**
   * Starts a round (audited) unless one is still going out. `dueBy`: for the automatic sweep, start only
   * when the campaign's interval has passed since its last round (or launch) at that instant.
   */
  startRound(campaignId: string, actorId: string, opts?: { dueBy?: Date }): Promise<ReminderRound>;
  /** Campaigns whose automatic round is due at `now` (with someone to remind), oldest first. */
  dueCampaigns(now: Date, limit: number): Promise<string[]>;
}
