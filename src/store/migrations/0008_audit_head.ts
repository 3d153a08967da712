/**
 * The audit chain's head: one row holding the hash of the log's last entry.
 *
 * Appends lock this row (SELECT … FOR UPDATE), read the hash to link to, insert the entry and move the
 * head in the same transaction. The row lock serialises appends from every instance, as the advisory
 * lock did, and, unlike a snapshot read of audit_log, a locked read sees the hash the previous holder
 * committed, so one round trip replaces "lock, then select the last hash". Starts at the hash of the
 * log's current last entry (or the genesis hash for an empty log).
 */
import { sql, type Kysely } from 'kysely';
import { GENESIS_HASH } from '../../domain/audit/hash-chain';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_head (
      one boolean primary key default true check (one),
      hash text not null
    )`.execute(db);
  await sql`
    insert into audit_head (hash)
    select coalesce((select hash from audit_log order by seq desc limit 1), ${GENESIS_HASH})`.execute(db);
  // Appends move the head; nothing deletes it.
  await sql`
    create function audit_head_kept() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_head is never deleted';
    end $$`.execute(db);
  await sql`
    create trigger audit_head_no_delete before delete or truncate on audit_head
    for each statement execute function audit_head_kept()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_head`.execute(db);
  await sql`drop function audit_head_kept()`.execute(db);
}
