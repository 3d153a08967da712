/** Appending to and verifying the hash-chained audit log. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { ChainVerifier, GENESIS_HASH, hashEntry, type ChainVerdict } from '../domain/audit/hash-chain';
import type { AuditEntryInput } from '../ports/disclosure-store';
import type { Database } from './schema';

/** One chain for the whole log: appends are serialised by a transaction-scoped advisory lock. */
const AUDIT_LOCK = 0x0ca0d17;

export async function appendAudit(
  trx: Transaction<Database>,
  entry: AuditEntryInput,
  at: Date,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content = {
    disclosureId: entry.disclosureId,
    actorId: entry.actorId,
    action: entry.action,
    fromState: entry.fromState,
    toState: entry.toState,
    details: entry.details ?? {},
    at,
  };
  await trx
    .insertInto('audit_log')
    .values({
      disclosure_id: content.disclosureId,
      actor_id: content.actorId,
      action: content.action,
      from_state: content.fromState,
      to_state: content.toState,
      details: JSON.stringify(content.details),
      at,
      prev_hash: prevHash,
      hash: hashEntry(prevHash, content),
    })
    .execute();
}

/** Reads the whole log in pages (never all in memory) and checks every link. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 5000): Promise<ChainVerdict> {
  const verifier = new ChainVerifier();
  let after = '0';
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      const ok = verifier.push({
        seq: r.seq,
        disclosureId: r.disclosure_id,
        actorId: r.actor_id,
        action: r.action,
        fromState: r.from_state,
        toState: r.to_state,
        details: r.details,
        at: r.at,
        prevHash: r.prev_hash,
        hash: r.hash,
      });
      if (!ok) return verifier.verdict();
    }
    if (rows.length < pageSize) return verifier.verdict();
    after = rows[rows.length - 1]!.seq;
  }
}
