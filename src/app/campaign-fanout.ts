/**
 * The campaign fan-out: every app instance runs one CampaignFanout, which claims due recipients from the
 * database (FOR UPDATE SKIP LOCKED, so two instances never take the same row), sends their cards through
 * the paced sender (Teams' tenant and per-conversation limits, shared by all instances through the
 * database) and records what each attempt came to. The recipients table is the queue: a launch commits
 * every recipient as 'queued' in one transaction, so nothing is lost; instances poll it (about once a
 * second when idle, a cheap indexed query) and are woken at once on their own launches.
 *
 * Exactly one card per person, and what a crash can still do:
 * - A recipient is claimed ('sending', `claimed_by` = this instance's advisory-lock key), then, once
 *   its send slot has come, `dispatched_at` is committed just before its card goes on the wire, then
 *   'sent' with the activity id is committed once the connector answered. The card carries the recipient id as idempotency key
 *   (channelData.idempotencyKey).
 * - When an instance dies (kill -9), PostgreSQL frees its advisory lock; any live instance (or the app
 *   restarted) requeues the dead instance's 'sending' rows. A row never dispatched was certainly not
 *   sent: it is simply sent now. A row dispatched but not recorded as sent is *in doubt*: the connector
 *   may or may not have accepted the card before the process died. The Bot Connector has no way to ask
 *   (no "get activity", and it does not deduplicate on any key we can give), so the app chooses to send
 *   again — a person must not miss the policy; a second card is harmless, since acknowledging is
 *   idempotent and both cards refresh to "acknowledged". The row is flagged `in_doubt` and counted in the
 *   tab. The window is the time between the connector accepting the request and our commit of 'sent':
 *   one HTTP response on an open connection and one UPDATE — milliseconds, for the few cards in flight at
 *   the instant of the crash (at 50 a second, typically 0–2 people per crash).
 * - Reminders (src/store/reminder-store.ts) are work rows of their own, sent by a second CampaignFanout
 *   through the same paced messenger: the same limits, retries and crash recovery, one row per person
 *   per round.
 * - If the instance's own lock connection drops while it runs, it stops claiming (another instance could
 *   take its rows over) and finishes only what is already on the wire.
 */
import { randomInt } from 'node:crypto';
import type { Campaign, Delivery, Recipient } from '../domain/campaign/types';
import { MAX_ATTEMPTS, retryDelayMs, type SendOutcome } from '../domain/campaign/send-outcome';
import type { Logger } from '../logging';
import type { AppInstaller, AttestationSender } from '../ports/attestation-sender';
import type { CampaignStore, FanoutStore } from '../ports/campaign-store';

export interface FanoutDeps<T extends Delivery = Recipient> {
  /** The work rows: people's first cards (campaign_recipients) or reminders (campaign_reminders). */
  store: FanoutStore<T>;
  campaigns: Pick<CampaignStore, 'get'>;
  sender: AttestationSender<T>;
  /** What the rows are, for the log: "campaign cards", "campaign reminders". */
  what?: string;
  /** Null when no Graph is configured: a person without the app is marked failed. */
  installer: AppInstaller | null;
  log: Logger;
  /** This instance's advisory-lock key, and whether the lock is still held. */
  instance: { key: number; readonly lost: boolean };
  /** Recipients in progress at once (waiting for a send slot included). Default 100. */
  maxInFlight?: number;
  /** Longest sleep when idle. Default 1000 ms. */
  idlePollMs?: number;
  random?: () => number;
}

const RECOVERY_EVERY_MS = 2000;
const MIN_SLEEP_MS = 20;

export class CampaignFanout<T extends Delivery = Recipient> {
  private readonly inFlight = new Set<Promise<void>>();
  /** Ids of the recipients in `inFlight`. */
  private readonly active = new Set<string>();
  private readonly campaigns = new Map<string, Campaign>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private lastRecovery = 0;
  private readonly maxInFlight: number;
  private readonly idlePollMs: number;
  private readonly random: () => number;

  constructor(private readonly deps: FanoutDeps<T>) {
    this.maxInFlight = deps.maxInFlight ?? 100;
    this.idlePollMs = deps.idlePollMs ?? 1000;
    this.random = deps.random ?? (() => randomInt(0, 1_000_000) / 1_000_000);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Look for work now (after a launch or a resend on this instance). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stop claiming; let the cards in progress finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.deps.instance.lost) {
          this.deps.log.error('the instance lock was lost: campaign sending stops on this instance');
          return;
        }
        if (Date.now() - this.lastRecovery >= RECOVERY_EVERY_MS) {
          this.lastRecovery = Date.now();
          const recovered =
            (await this.deps.store.recoverAbandoned(this.deps.instance.key)) +
            (await this.deps.store.requeueOwnStale(this.deps.instance.key, [...this.active]));
          if (recovered > 0)
            this.deps.log.warn(
              { recovered },
              `requeued ${this.deps.what ?? 'campaign cards'} of an instance that stopped`,
            );
        }
        const room = this.maxInFlight - this.inFlight.size;
        if (room < this.maxInFlight / 2) {
          await this.sleep(this.idlePollMs); // woken as soon as half the work in progress is done
          continue;
        }
        const claimed = await this.deps.store.claim(this.deps.instance.key, room);
        for (const r of claimed) this.track(r.id, this.deliver(r));
        if (claimed.length === room) continue;
        const dueIn = await this.deps.store.nextDueInMs();
        await this.sleep(Math.max(MIN_SLEEP_MS, Math.min(dueIn ?? this.idlePollMs, this.idlePollMs)));
      } catch (err) {
        this.deps.log.warn({ err }, 'campaign fan-out: a database step failed; trying again shortly');
        await this.sleep(this.idlePollMs);
      }
    }
  }

  private track(recipientId: string, work: Promise<void>): void {
    this.inFlight.add(work);
    this.active.add(recipientId);
    void work.finally(() => {
      this.inFlight.delete(work);
      this.active.delete(recipientId);
      if (this.inFlight.size <= this.maxInFlight / 2) this.wake();
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** One recipient, one attempt (plus the one retry after installing the app). Never throws. */
  private async deliver(r: T): Promise<void> {
    const { store, log } = this.deps;
    try {
      const campaign = await this.campaign(r.campaignId);
      if (!campaign) {
        await store.markFailed(r.id, 'The campaign no longer exists.');
        return;
      }
      const onDispatch = () => store.markDispatched(r.id);
      let outcome = await this.deps.sender.send(r, campaign, { freshChat: false, onDispatch });
      if (outcome.kind === 'gone' && !r.installTried) {
        const installed = await this.install(r, outcome);
        if (installed !== 'installed') return;
        outcome = await this.deps.sender.send(r, campaign, { freshChat: true, onDispatch });
      }
      await this.record(r, outcome);
    } catch (err) {
      // The database failed us mid-way: the row stays 'sending' under our key; the next recovery pass
      // requeues it (as in doubt if its card may have gone out).
      log.error({ err, recipientId: r.id }, 'campaign card: could not record the outcome');
    }
  }

  private async install(r: T, gone: Extract<SendOutcome, { kind: 'gone' }>): Promise<'installed' | 'done'> {
    const { store, installer } = this.deps;
    if (!installer) {
      await store.markFailed(
        r.id,
        `Teams answered ${gone.status}: the app is not installed for this person, and no Microsoft Graph is configured to install it.`,
      );
      return 'done';
    }
    const result = await installer.install(r.userId);
    if (result.kind === 'retry') {
      await this.retryOrFail(r, result.retryAfterMs, result.reason);
      return 'done';
    }
    if (result.kind === 'failed') {
      await store.markFailed(r.id, `Teams answered ${gone.status} (app removed) and ${result.reason}`);
      return 'done';
    }
    await store.markInstallTried(r.id);
    return 'installed';
  }

  private async record(r: T, outcome: SendOutcome): Promise<void> {
    const { store } = this.deps;
    switch (outcome.kind) {
      case 'sent':
        await store.markSent(r.id, outcome.conversationId, outcome.activityId);
        return;
      case 'retry':
        await this.retryOrFail(r, outcome.retryAfterMs, outcome.reason);
        return;
      case 'gone':
        await store.markFailed(
          r.id,
          `Teams answered ${outcome.status} again after the app was installed for this person: ${outcome.reason}`,
        );
        return;
      case 'rejected':
        await store.markFailed(r.id, outcome.reason);
        return;
    }
  }

  private async retryOrFail(r: T, retryAfterMs: number | null, reason: string): Promise<void> {
    if (r.attempts >= MAX_ATTEMPTS) {
      await this.deps.store.markFailed(r.id, `Gave up after ${r.attempts} attempts. Last: ${reason}`);
      return;
    }
    await this.deps.store.reschedule(r.id, retryDelayMs(r.attempts, retryAfterMs, this.random), reason);
  }

  private async campaign(id: string): Promise<Campaign | null> {
    const cached = this.campaigns.get(id);
    if (cached) return cached;
    const campaign = await this.deps.campaigns.get(id);
    if (campaign) this.campaigns.set(id, campaign);
    return campaign;
  }
}
