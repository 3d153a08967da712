/** Campaigns and their recipients over PostgreSQL: the CampaignStore and FanoutStore ports. */
import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type {
  Audience,
  Campaign,
  CampaignSummary,
  RecipientCounts,
  Recipient,
  ReminderCounts,
  RecipientState,
} from '../domain/campaign/types';
import { RECIPIENT_STATES } from '../domain/campaign/types';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import type { Clock } from '../ports/clock';
import type { CampaignStore, FanoutStore, NewCampaign, RecipientFilter } from '../ports/campaign-store';
import { appendAudit } from './audit-store';
import type { Db } from './db';
import { INSTANCE_LOCK_CLASS } from './instance-lock';
import type { CampaignRecipientsTable, CampaignsTable } from './schema';

const INSERT_CHUNK = 1000;

export class PgCampaignStore implements CampaignStore, FanoutStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async launch(c: NewCampaign): Promise<Campaign> {
    const id = randomUUID();
    const createdAt = this.clock.now();
    const people = [...new Map(c.people.map((p) => [p.id, p])).values()];
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('campaigns')
        .values({
          id,
          pack_id: c.policy.packId,
          policy_title: c.policy.title,
          organization: c.policy.organization,
          clauses: JSON.stringify(c.policy.clauses),
          year: c.year,
          audience: JSON.stringify(c.audience),
          audience_label: c.audienceLabel,
          created_by: c.createdBy,
          created_at: createdAt,
          reminder_interval_days: c.reminderIntervalDays,
        })
        .execute();
      for (let i = 0; i < people.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('campaign_recipients')
          .values(
            people.slice(i, i + INSERT_CHUNK).map((p) => ({
              id: randomUUID(),
              campaign_id: id,
              user_id: p.id,
              display_name: p.displayName,
              email: p.email,
              department: p.department,
              state: 'queued' as const,
            })),
          )
          .execute();
      }
      await appendAudit(
        trx,
        {
          disclosureId: null,
          actorId: c.createdBy,
          action: 'campaign.launched',
          fromState: null,
          toState: 'launched',
          details: {
            campaignId: id,
            packId: c.policy.packId,
            year: c.year,
            audience: c.audience,
            recipients: people.length,
            reminderIntervalDays: c.reminderIntervalDays,
          },
        },
        createdAt,
      );
    });
    return {
      id,
      policy: c.policy,
      year: c.year,
      audience: c.audience,
      audienceLabel: c.audienceLabel,
      createdBy: c.createdBy,
      createdAt,
      reminderIntervalDays: c.reminderIntervalDays,
      reminderRound: 0,
      lastRemindedAt: null,
    };
  }

  async get(id: string): Promise<Campaign | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCampaign(row) : null;
  }

  async summary(id: string): Promise<CampaignSummary | null> {
    const campaign = await this.get(id);
    if (!campaign) return null;
    const [counts, reminders] = await Promise.all([this.counts([id]), this.reminderCounts([id])]);
    return toSummary(campaign, counts.get(id) ?? emptyCounts(), reminders.get(id) ?? noReminders());
  }

  async list(limit: number): Promise<CampaignSummary[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    const ids = rows.map((r) => r.id);
    const [counts, reminders] = await Promise.all([this.counts(ids), this.reminderCounts(ids)]);
    return rows.map((r) =>
      toSummary(toCampaign(r), counts.get(r.id) ?? emptyCounts(), reminders.get(r.id) ?? noReminders()),
    );
  }

  async recipient(id: string): Promise<Recipient | null> {
    if (!isUuid(id)) return null;
    const row = await this.db
      .selectFrom('campaign_recipients')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRecipient(row) : null;
  }

  async recipients(campaignId: string, f: RecipientFilter): Promise<Recipient[]> {
    if (!isUuid(campaignId)) return [];
    let q = this.db
      .selectFrom('campaign_recipients')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('display_name')
      .orderBy('id')
      .limit(f.limit);
    if (f.states) {
      if (f.states.length === 0) return [];
      q = q.where('state', 'in', f.states);
    }
    if (f.after) {
      const { displayName, id } = f.after;
      q = q.where(({ eb, or, and }) =>
        or([
          eb('display_name', '>', displayName),
          and([eb('display_name', '=', displayName), eb('id', '>', id)]),
        ]),
      );
    }
    return (await q.execute()).map(toRecipient);
  }

  async acknowledge(recipientId: string, actorId: string): Promise<Recipient> {
    if (!isUuid(recipientId)) throw new NotFoundError('Campaign card', recipientId);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('campaign_recipients')
        .selectAll()
        .where('id', '=', recipientId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw new NotFoundError('Campaign card', recipientId);
      if (row.user_id !== actorId)
        throw new ForbiddenError(`Only ${row.display_name} can acknowledge this card.`);
      if (row.state === 'acknowledged') return toRecipient(row);
      const at = this.clock.now();
      const updated = await trx
        .updateTable('campaign_recipients')
        .set({ state: 'acknowledged', acknowledged_at: at, updated_at: at })
        .where('id', '=', recipientId)
        .returningAll()
        .executeTakeFirstOrThrow();
      // A reminder not yet on its way has nothing left to ask.
      await trx
        .updateTable('campaign_reminders')
        .set({ state: 'cancelled', updated_at: at })
        .where('recipient_id', '=', recipientId)
        .where('state', '=', 'queued')
        .execute();
      await appendAudit(
        trx,
        {
          disclosureId: null,
          actorId,
          action: 'campaign.acknowledged',
          fromState: row.state,
          toState: 'acknowledged',
          details: { campaignId: row.campaign_id, recipientId },
        },
        at,
      );
      return toRecipient(updated);
    });
  }

  async resendFailed(campaignId: string, actorId: string): Promise<number> {
    if (!isUuid(campaignId)) throw new NotFoundError('Campaign', campaignId);
    return this.db.transaction().execute(async (trx) => {
      const campaign = await trx
        .selectFrom('campaigns')
        .select('id')
        .where('id', '=', campaignId)
        .forUpdate()
        .executeTakeFirst();
      if (!campaign) throw new NotFoundError('Campaign', campaignId);
      const result = await trx
        .updateTable('campaign_recipients')
        .set({
          state: 'queued',
          attempts: 0,
          install_tried: false,
          next_attempt_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('campaign_id', '=', campaignId)
        .where('state', '=', 'failed')
        .executeTakeFirst();
      const count = Number(result.numUpdatedRows);
      if (count > 0)
        await appendAudit(
          trx,
          {
            disclosureId: null,
            actorId,
            action: 'campaign.resend_failed',
            fromState: 'failed',
            toState: 'queued',
            details: { campaignId, recipients: count },
          },
          this.clock.now(),
        );
      return count;
    });
  }

  // ── FanoutStore ─────────────────────────────────────────────────────────────────────────────────────

  async claim(instanceKey: number, limit: number): Promise<Recipient[]> {
    const { rows } = await sql<Selectable<CampaignRecipientsTable>>`
      update campaign_recipients
         set state = 'sending', claimed_by = ${instanceKey}, attempts = attempts + 1, updated_at = now()
       where id in (select id from campaign_recipients
                     where state = 'queued' and next_attempt_at <= now()
                     order by next_attempt_at
                     limit ${limit}
                     for update skip locked)
      returning *`.execute(this.db);
    return rows.map(toRecipient);
  }

  async markDispatched(recipientId: string): Promise<void> {
    await this.db
      .updateTable('campaign_recipients')
      .set({ dispatched_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', recipientId)
      .where('state', '=', 'sending')
      .execute();
  }

  async markSent(recipientId: string, conversationId: string, activityId: string): Promise<void> {
    // Someone quick may have acknowledged already: keep that state, record where the card is.
    await this.db
      .updateTable('campaign_recipients')
      .set({
        state: sql`case when state = 'sending' then 'sent' else state end`,
        conversation_id: conversationId,
        activity_id: activityId,
        sent_at: sql`coalesce(sent_at, now())`,
        reason: null,
        dispatched_at: null,
        // claimed_by stays: which instance sent it (only 'sending' rows are ever recovered).
        updated_at: sql`now()`,
      })
      .where('id', '=', recipientId)
      .execute();
  }

  async reschedule(recipientId: string, delayMs: number, reason: string): Promise<void> {
    await this.db
      .updateTable('campaign_recipients')
      .set({
        state: 'queued',
        reason,
        next_attempt_at: sql`now() + make_interval(secs => ${delayMs / 1000})`,
        dispatched_at: null,
        claimed_by: null,
        updated_at: sql`now()`,
      })
      .where('id', '=', recipientId)
      .where('state', '=', 'sending')
      .execute();
  }

  async markFailed(recipientId: string, reason: string): Promise<void> {
    await this.db
      .updateTable('campaign_recipients')
      .set({ state: 'failed', reason, dispatched_at: null, claimed_by: null, updated_at: sql`now()` })
      .where('id', '=', recipientId)
      .where('state', '=', 'sending')
      .execute();
  }

  async markInstallTried(recipientId: string): Promise<void> {
    await this.db
      .updateTable('campaign_recipients')
      .set({ install_tried: true, updated_at: sql`now()` })
      .where('id', '=', recipientId)
      .execute();
  }

  async requeueOwnStale(instanceKey: number, active: readonly string[]): Promise<number> {
    let q = this.db
      .updateTable('campaign_recipients')
      .set({
        state: 'queued',
        in_doubt: sql`in_doubt or dispatched_at is not null`,
        dispatched_at: null,
        claimed_by: null,
        next_attempt_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('state', '=', 'sending')
      .where('claimed_by', '=', instanceKey);
    if (active.length > 0) q = q.where('id', 'not in', active);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  async recoverAbandoned(instanceKey: number): Promise<number> {
    const owners = await this.db
      .selectFrom('campaign_recipients')
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
          .updateTable('campaign_recipients')
          .set({
            state: 'queued',
            // Dispatched and never recorded as sent: the card may or may not have reached Teams.
            in_doubt: sql`in_doubt or dispatched_at is not null`,
            dispatched_at: null,
            claimed_by: null,
            next_attempt_at: sql`now()`,
            updated_at: sql`now()`,
          })
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
        from campaign_recipients where state = 'queued'`.execute(this.db);
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? null : Math.max(0, ms);
  }

  private async reminderCounts(ids: string[]): Promise<Map<string, ReminderCounts>> {
    const out = new Map<string, ReminderCounts>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom('campaign_reminders')
      .select('campaign_id')
      .select([
        sql<string>`count(*) filter (where state = 'sent')`.as('sent'),
        sql<string>`count(*) filter (where state in ('queued', 'sending'))`.as('pending'),
        sql<string>`count(*) filter (where state = 'failed')`.as('failed'),
      ])
      .where('campaign_id', 'in', ids)
      .groupBy('campaign_id')
      .execute();
    for (const r of rows)
      out.set(r.campaign_id, { sent: Number(r.sent), pending: Number(r.pending), failed: Number(r.failed) });
    return out;
  }

  private async counts(ids: string[]): Promise<Map<string, RecipientCounts>> {
    const out = new Map<string, RecipientCounts>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom('campaign_recipients')
      .select(['campaign_id', 'state'])
      .select((eb) => [
        eb.fn.countAll<string>().as('count'),
        sql<string>`count(*) filter (where in_doubt)`.as('in_doubt'),
      ])
      .where('campaign_id', 'in', ids)
      .groupBy(['campaign_id', 'state'])
      .execute();
    for (const r of rows) {
      const c = out.get(r.campaign_id) ?? emptyCounts();
      const n = Number(r.count);
      c[r.state] = n;
      c.total += n;
      c.inDoubt += Number(r.in_doubt);
      out.set(r.campaign_id, c);
    }
    return out;
  }
}

function emptyCounts(): RecipientCounts {
  const c = { total: 0, inDoubt: 0 } as RecipientCounts;
  for (const s of RECIPIENT_STATES) c[s] = 0;
  return c;
}

function noReminders(): ReminderCounts {
  return { sent: 0, pending: 0, failed: 0 };
}

export function toCampaign(r: Selectable<CampaignsTable>): Campaign {
  return {
    id: r.id,
    policy: { packId: r.pack_id, title: r.policy_title, organization: r.organization, clauses: r.clauses },
    year: r.year,
    audience: r.audience as unknown as Audience,
    audienceLabel: r.audience_label,
    createdBy: r.created_by,
    createdAt: r.created_at,
    reminderIntervalDays: r.reminder_interval_days,
    reminderRound: r.reminder_round,
    lastRemindedAt: r.last_reminded_at,
  };
}

function toSummary(c: Campaign, counts: RecipientCounts, reminders: ReminderCounts): CampaignSummary {
  const { policy, ...rest } = c;
  return {
    ...rest,
    packId: policy.packId,
    policyTitle: policy.title,
    counts,
    reminders,
    complete: counts.queued + counts.sending === 0,
  };
}

function toRecipient(r: Selectable<CampaignRecipientsTable>): Recipient {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    userId: r.user_id,
    displayName: r.display_name,
    email: r.email,
    department: r.department,
    state: r.state as RecipientState,
    reason: r.reason,
    attempts: r.attempts,
    inDoubt: r.in_doubt,
    installTried: r.install_tried,
    conversationId: r.conversation_id,
    activityId: r.activity_id,
    queuedAt: r.queued_at,
    sentAt: r.sent_at,
    acknowledgedAt: r.acknowledged_at,
    remindersSent: r.reminders_sent,
    lastRemindedAt: r.last_reminded_at,
  };
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
