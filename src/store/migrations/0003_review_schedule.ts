/**
 * Reminders, escalation and delegation of pending reviews.
 *
 * - disclosures: the review's deadlines and their marks (remind_at / reminded_at, escalate_at /
 *   escalated_at), who the assigned reviewer stands in for (a delegate, or a manager while the reviewer
 *   is away) and who it was escalated from. A partial index holds just the reviews still waiting for a
 *   reminder or an escalation, so the sweep reads a handful of index entries however large the table.
 * - delegations: a reviewer's delegate for a range of days (agency calendar dates, both included); ended
 *   early by setting revoked_at. At most one active (not revoked) delegation per reviewer.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table disclosures
      add column remind_at timestamptz,
      add column reminded_at timestamptz,
      add column escalate_at timestamptz,
      add column escalated_at timestamptz,
      add column stands_in_for_id text,
      add column stands_in_for_name text,
      add column stands_in_reason text check (stands_in_reason in ('delegation', 'away')),
      add column escalated_from_id text,
      add column escalated_from_name text`.execute(db);
  await sql`
    create index disclosures_review_due_idx on disclosures (least(
      case when reminded_at is null then remind_at end,
      case when escalated_at is null then escalate_at end))
    where state = 'pending_review'`.execute(db);

  await db.schema
    .createTable('delegations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('reviewer_id', 'text', (c) => c.notNull())
    .addColumn('delegate_id', 'text', (c) => c.notNull())
    .addColumn('delegate_name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addCheckConstraint('delegations_range', sql`ends_on >= starts_on`)
    .addCheckConstraint('delegations_not_self', sql`delegate_id <> reviewer_id`)
    .execute();
  await sql`create unique index delegations_active_idx on delegations (reviewer_id) where revoked_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('delegations').ifExists().execute();
  await sql`drop index if exists disclosures_review_due_idx`.execute(db);
  await sql`
    alter table disclosures
      drop column if exists remind_at, drop column if exists reminded_at,
      drop column if exists escalate_at, drop column if exists escalated_at,
      drop column if exists stands_in_for_id, drop column if exists stands_in_for_name,
      drop column if exists stands_in_reason, drop column if exists escalated_from_id,
      drop column if exists escalated_from_name`.execute(db);
}
