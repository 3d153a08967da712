/**
 * Reminders of attestation campaigns over PostgreSQL. A round queues one `campaign_reminders` row per
 * recipient who was sent a card and has not acknowledged (unique per recipient and round); the fan-out
 * claims and sends them like first cards (FanoutStore<Reminder>), and acknowledging cancels a reminder not
 * yet on its way (PgCampaignStore.acknowledge).
 */
import { sql } from 'kysely';
import type { Reminder } from '../domain/campaign/types';
import { NotFoundError } from '../domain/errors';
import type { Clock } from '../ports/clock';
import type { FanoutStore, ReminderRound, ReminderStore } from '../ports/campaign-store';
import { appendAudit } from './audit-store';
import { isUuid } from './campaign-store';
import type { Db } from './db';
import { INSTANCE_LOCK_CLASS } from './instance-lock';

const DAY_MS = 24 * 60 * 60 * 1000;

interface ClaimedRow {
  id: string;
  campaign_id: string;
  recipient_id: string;
  round: number;
  attempts: number;
  install_tried: boolean;
  user_id: string;
  display_name: string;
  card_sent_at: Date | null;
}

export class PgReminderStore implements ReminderStore, FanoutStore<Reminder> {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async startRound(campaignId: string, actorId: string, opts: { dueBy?: Date } = {}): Promise<ReminderRound> {
    if (!isUuid(campaignId)) throw new NotFoundError('Campaign', campaignId);
    return this.db.transaction().execute(async (trx) => {
      // The campaign's row lock makes rounds of one campaign one at a time, across instances.
      const campaign = await trx
        .selectFrom('campaigns')
        .select(['id', 'created_at', 'reminder_interval_days', 'reminder_round', 'last_reminded_at'])
        .where('id', '=', campaignId)
        .forUpdate()
        .executeTakeFirst();
      if (!campaign) throw new NotFoundError('Campaign', campaignId);
      const round = campaign.reminder_round;
      if (opts.dueBy) {
        const since = campaign.last_reminded_at ?? campaign.created_at;
        const interval = campaign.reminder_interval_days;
        if (interval === 0 || since.getTime() + interval * DAY_MS > opts.dueBy.getTime())
          return { kind: 'not_due', round };
      }
      const pending = await trx
        .selectFrom('campaign_reminders')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('campaign_id', '=', campaignId)
        .where('state', 'in', ['queued', 'sending'])
        .executeTakeFirstOrThrow();
      if (Number(pending.n) > 0) return { kind: 'in_progress', round, pending: Number(pending.n) };

      const next = round + 1;
      const inserted = await trx
        .insertInto('campaign_reminders')
        .columns(['id', 'campaign_id', 'recipient_id', 'round', 'state'])
        .expression((eb) =>
          eb
            .selectFrom('campaign_recipients')
            .select((e) => [
              sql<string>`gen_random_uuid()`.as('id'),
              'campaign_id',
              'id as recipient_id',
              e.val(next).as('round'),
              sql<'queued'>`'queued'`.as('state'),
            ])
            .where('campaign_id', '=', campaignId)
            .where('state', '=', 'sent'),
        )
        .onConflict((oc) => oc.columns(['recipient_id', 'round']).doNothing())
        .executeTakeFirst();
      const queued = Number(inserted.numInsertedOrUpdatedRows ?? 0n);
      if (queued === 0) return { kind: 'nobody', round };
      const at = this.clock.now();
      await trx
        .updateTable('campaigns')
        .set({ reminder_round: next, last_reminded_at: at })
        .where('id', '=', campaignId)
        .execute();
      await appendAudit(
        trx,
        {
          disclosureId: null,
          actorId,
          action: 'campaign.reminders_queued',
          fromState: null,
          toState: 'reminding',
          details: { campaignId, round: next, recipients: queued, automatic: opts.dueBy !== undefined },
        },
        at,
      );
      return { kind: 'started', round: next, queued };
    });
  }

  async dueCampaigns(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('campaigns as c')
      .select('c.id')
      .where('c.reminder_interval_days', '>', 0)
      .where(
        sql<boolean>`coalesce(c.last_reminded_at, c.created_at) + make_interval(days => c.reminder_interval_days) <= ${now}`,
      )
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('campaign_recipients as r')
            .select('r.id')
            .whereRef('r.campaign_id', '=', 'c.id')
            .where('r.state', '=', 'sent'),
        ),
      )
      .orderBy(sql`coalesce(c.last_reminded_at, c.created_at)`)
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  // ── FanoutStore<Reminder>: the same bookkeeping as the first cards' (PgCampaignStore) ────────────────

  async claim(instanceKey: number, limit: number): Promise<Reminder[]> {
    const { rows } = await sql<ClaimedRow>`
      with claimed as (
        update campaign_reminders
           set state = 'sending', claimed_by = ${instanceKey}, attempts = attempts + 1, updated_at = now()
         where id in (select id from campaign_reminders
                       where state = 'queued' and next_attempt_at <= now()
                       order by next_attempt_at
                       limit ${limit}
                       for update skip locked)
        returning id, campaign_id, recipient_id, round, attempts, install_tried)
      select claimed.*, r.user_id, r.display_name, r.sent_at as card_sent_at
        from claimed join campaign_recipients r on r.id = claimed.recipient_id`.execute(this.db);
    return rows.map((r) => ({
      id: r.id,
      campaignId: r.campaign_id,
      recipientId: r.recipient_id,
      userId: r.user_id,
      displayName: r.display_name,
      round: r.round,
      attempts: r.attempts,
      installTried: r.install_tried,
      cardSentAt: r.card_sent_at,
    }));
  }

  async markDispatched(id: string): Promise<void> {
    await this.db
      .updateTable('campaign_reminders')
      .set({ dispatched_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('state', '=', 'sending')
      .execute();
  }

  async markSent(id: string, _conversationId: string, activityId: string): Promise<void> {
    // Counted on the recipient once, when the row goes from sending to sent.
    await sql`
      with sent as (
        update campaign_reminders
           set state = 'sent', activity_id = ${activityId}, sent_at = now(), reason = null,
               dispatched_at = null, updated_at = now()
         where id = ${id} and state = 'sending'
        returning recipient_id)
      update campaign_recipients r
         set reminders_sent = reminders_sent + 1, last_reminded_at = now(), updated_at = now()
        from sent where r.id = sent.recipient_id`.execute(this.db);
  }

  async reschedule(id: string, delayMs: number, reason: string): Promise<void> {
    await this.db
      .updateTable('campaign_reminders')
      .set({
        state: 'queued',
        reason,
        next_attempt_at: sql`now() + make_interval(secs => ${delayMs / 1000})`,
        dispatched_at: null,
        claimed_by: null,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('state', '=', 'sending')
      .execute();
  }

  async markFailed(id: string, reason: string): Promise<void> {
    await this.db
      .updateTable('campaign_reminders')
      .set({ state: 'failed', reason, dispatched_at: null, claimed_by: null, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('state', '=', 'sending')
      .execute();
  }

  async markInstallTried(id: string): Promise<void> {
    await this.db
      .updateTable('campaign_reminders')
      .set({ install_tried: true, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  async requeueOwnStale(instanceKey: number, active: readonly string[]): Promise<number> {
    let q = this.db
      .updateTable('campaign_reminders')
      .set(requeued())
      .where('state', '=', 'sending')
      .where('claimed_by', '=', instanceKey);
    if (active.length > 0) q = q.where('id', 'not in', active);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  async recoverAbandoned(instanceKey: number): Promise<number> {
    const owners = await this.db
      .selectFrom('campaign_reminders')
      .select('claimed_by')
      .distinct()
      .where('state', '=', 'sending')
      .where('claimed_by', '<>', instanceKey)
      .execute();
    let recovered = 0;
    for (const { claimed_by: owner } of owners) {
      if (owner === null) continue;
      recovered += await this.db.transaction().execute(async (trx) => {
        // The owner holds this lock for as long as its connection lives: free means it is gone.
        const { rows } = await sql<{ free: boolean }>`
          select pg_try_advisory_xact_lock(${INSTANCE_LOCK_CLASS}, ${owner}) as free`.execute(trx);
        if (!rows[0]?.free) return 0;
        const result = await trx
          .updateTable('campaign_reminders')
          .set(requeued())
          .where('state', '=', 'sending')
          .where('claimed_by', '=', owner)
          .executeTakeFirst();
        return Number(result.numUpdatedRows);
      });
    }
    return recovered;
  }

  async nextDueInMs(): Promise<number | null> {
    const { rows } = await sql<{ ms: number | null }>`
      select (extract(epoch from (min(next_attempt_at) - now())) * 1000)::float8 as ms
        from campaign_reminders where state = 'queued'`.execute(this.db);
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? null : Math.max(0, ms);
  }
}

/** Back to the queue; dispatched and never recorded as sent: in doubt (see campaign-fanout.ts). */
function requeued() {
  return {
    state: 'queued' as const,
    in_doubt: sql<boolean>`in_doubt or dispatched_at is not null`,
    dispatched_at: null,
    claimed_by: null,
    next_attempt_at: sql<Date>`now()`,
    updated_at: sql<Date>`now()`,
  };
}
