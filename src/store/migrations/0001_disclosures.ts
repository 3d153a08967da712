import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence disclosure_reference_seq`.execute(db);
  await db.schema
    .createTable('disclosures')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('gift', 'conflict')`))
    .addColumn('employee_id', 'text', (c) => c.notNull())
    .addColumn('employee_name', 'text', (c) => c.notNull())
    .addColumn('employee_email', 'text', (c) => c.notNull())
    .addColumn('employee_department', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('evaluation', 'jsonb', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reviewer_id', 'text')
    .addColumn('reviewer_name', 'text')
    .addColumn('hr_copied', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hr_contact_id', 'text')
    .addColumn('decision', 'text')
    .addColumn('decision_comment', 'text')
    .addColumn('conditions', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('info_request', 'text')
    .addColumn('info_answer', 'text')
    .addColumn('resolution', 'text')
    .addColumn('donor_key', 'text')
    .addColumn('gift_value_cents', 'integer')
    .addColumn('gift_date', 'date')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('disclosures_employee_idx')
    .on('disclosures')
    .columns(['employee_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('disclosures_reviewer_idx')
    .on('disclosures')
    .columns(['reviewer_id', 'state'])
    .execute();
  await db.schema
    .createIndex('disclosures_donor_idx')
    .on('disclosures')
    .columns(['employee_id', 'donor_key', 'gift_date'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('disclosure_id', 'uuid')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createIndex('audit_log_disclosure_idx')
    .on('audit_log')
    .columns(['disclosure_id', 'seq'])
    .execute();
  // Append-only: the database itself refuses updates and deletes of audit rows.
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$`.execute(db);
  await sql`
    create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);

  await db.schema
    .createTable('conversation_refs')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('teams_user_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('reference', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('card_messages')
    .addColumn('disclosure_id', 'uuid', (c) => c.notNull().references('disclosures.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('card_messages_pk', ['disclosure_id', 'role', 'user_id'])
    .execute();

  await db.schema
    .createTable('sent_notifications')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text')
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['sent_notifications', 'card_messages', 'conversation_refs', 'audit_log', 'disclosures'])
    await db.schema.dropTable(t).ifExists().execute();
  await sql`drop function if exists audit_log_append_only`.execute(db);
  await sql`drop sequence if exists disclosure_reference_seq`.execute(db);
}
