/**
 * Certificates of completion (src/store/certificate-store.ts). At most one valid certificate per source
 * and recipient (the partial unique index makes issuing idempotent under concurrency); a revoked one
 * stays, and a reissued one points to the certificate it replaces.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('certificates')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('download_token', 'text', (c) => c.notNull().unique())
    .addColumn('recipient_user_id', 'text')
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('recipient_email', 'text')
    .addColumn('recipient_key', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull().check(sql`source_kind in ('event', 'course')`))
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('source_version', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'date', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql`duration_minutes > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('valid', 'revoked')`))
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('issued_by', 'text')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_reason', 'text')
    .addColumn('replaces_id', 'uuid', (c) => c.references('certificates.id'))
    .addCheckConstraint(
      'certificates_revoked_check',
      sql`(status = 'revoked') = (revoked_at is not null and revoked_reason is not null)`,
    )
    .execute();
  await sql`create unique index certificates_one_valid_idx on certificates (source_kind, source_id, recipient_key)
            where status = 'valid'`.execute(db);
  await sql`create index certificates_source_idx on certificates (source_kind, source_id, issued_at)`.execute(
    db,
  );
  await sql`create index certificates_recipient_user_idx on certificates (recipient_user_id, issued_at)
            where recipient_user_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('certificates').ifExists().execute();
}
