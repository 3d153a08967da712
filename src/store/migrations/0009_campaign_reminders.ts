/**
 * Reminders of attestation campaigns: a campaign's reminder interval and its rounds, and one work row per
 * (recipient, round) — that row's id is the idempotency key of the reminder card — sent by the same paced
 * fan-out as the first cards (src/app/campaign-fanout.ts).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('campaigns')
    // Days between automatic rounds; 0: reminders only when the ethics officer asks.
    .addColumn('reminder_interval_days', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`reminder_interval_days between 0 and 365`),
    )
    .addColumn('reminder_round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reminded_at', 'timestamptz')
    .execute();

  await db.schema
    .alterTable('campaign_recipients')
    .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reminded_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('campaign_reminders')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaigns.id'))
    .addColumn('recipient_id', 'uuid', (c) => c.notNull().references('campaign_recipients.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('queued', 'sending', 'sent', 'failed', 'cancelled')`),
    )
    .addColumn('reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_by', 'integer')
    .addColumn('dispatched_at', 'timestamptz')
    .addColumn('in_doubt', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('install_tried', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('activity_id', 'text')
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One reminder per person per round.
    .addUniqueConstraint('campaign_reminders_round_uq', ['recipient_id', 'round'])
    .execute();
  await sql`create index campaign_reminders_state_idx on campaign_reminders (campaign_id, state)`.execute(db);
  await sql`create index campaign_reminders_due_idx on campaign_reminders (next_attempt_at)
            where state = 'queued'`.execute(db);
  await sql`create index campaign_reminders_sending_idx on campaign_reminders (claimed_by)
            where state = 'sending'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('campaign_reminders').ifExists().execute();
  await db.schema
    .alterTable('campaign_recipients')
    .dropColumn('reminders_sent')
    .dropColumn('last_reminded_at')
    .execute();
  await db.schema
    .alterTable('campaigns')
    .dropColumn('reminder_interval_days')
    .dropColumn('reminder_round')
    .dropColumn('last_reminded_at')
    .execute();
}
