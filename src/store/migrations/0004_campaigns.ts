/**
 * Attestation campaigns: one row per campaign, one row per (campaign, person) — that row's id is the
 * idempotency key of the person's card — and the shared send-slot row per tenant that paces every
 * instance's sends together (src/store/send-slots.ts).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('policy_title', 'text', (c) => c.notNull())
    .addColumn('organization', 'text', (c) => c.notNull())
    // The clauses as they were sent: what each person acknowledged, even if the pack changes later.
    .addColumn('clauses', 'jsonb', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('audience', 'jsonb', (c) => c.notNull())
    .addColumn('audience_label', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('campaign_recipients')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaigns.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('department', 'text')
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('queued', 'sending', 'sent', 'acknowledged', 'failed')`),
    )
    .addColumn('reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The instance (its advisory-lock key) sending it; set with state 'sending'.
    .addColumn('claimed_by', 'integer')
    // Set (committed) just before the card goes on the wire: a crash after it leaves the send in doubt.
    .addColumn('dispatched_at', 'timestamptz')
    // Re-sent after a crash while in doubt: this person may have two cards (see campaign-fanout.ts).
    .addColumn('in_doubt', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('install_tried', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('conversation_id', 'text')
    .addColumn('activity_id', 'text')
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('campaign_recipients_person_uq', ['campaign_id', 'user_id'])
    .execute();
  await sql`create index campaign_recipients_state_idx on campaign_recipients (campaign_id, state)`.execute(
    db,
  );
  // What the senders poll: due work, and work held by an instance (to recover it when that instance dies).
  await sql`create index campaign_recipients_due_idx on campaign_recipients (next_attempt_at)
            where state = 'queued'`.execute(db);
  await sql`create index campaign_recipients_sending_idx on campaign_recipients (claimed_by)
            where state = 'sending'`.execute(db);
  await sql`create index campaign_recipients_user_idx on campaign_recipients (user_id)`.execute(db);

  await db.schema
    .createTable('send_slots')
    .addColumn('tenant', 'text', (c) => c.primaryKey())
    .addColumn('next_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('send_slots').ifExists().execute();
  await db.schema.dropTable('campaign_recipients').ifExists().execute();
  await db.schema.dropTable('campaigns').ifExists().execute();
}
