/** Appending to and verifying the hash-chained audit log. */
import type { Kysely, Transaction } from 'kysely';
import { ChainVerifier, hashEntry, type ChainVerdict } from '../domain/audit/hash-chain';
import type { AuditEntryInput } from '../ports/disclosure-store';
import type { Database } from './schema';

/** An entry to append, with the time it happened. */
export interface TimedAuditEntry {
  entry: AuditEntryInput;
  at: Date;
}

/** Appends one entry to the chain, inside the caller's transaction. */
export async function appendAudit(
  trx: Transaction<Database>,
  entry: AuditEntryInput,
  at: Date,
): Promise<void> {
  await appendAuditEntries(trx, [{ entry, at }]);
}

/**
 * Appends entries, in order, to the one chain of the whole log. Locks the chain's head row until the
 * transaction ends: appends from every instance queue on it, and the locked read returns the hash the
 * previous holder committed. Two statements: the locked read, then the insert and the head's move in
 * one. Call it as late in the transaction as possible (just before COMMIT): the lock is held until then.
 */
export async function appendAuditEntries(
  trx: Transaction<Database>,
  entries: readonly TimedAuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const head = await trx.selectFrom('audit_head').select('hash').forUpdate().executeTakeFirstOrThrow();
  let prevHash = head.hash;
  const rows = entries.map(({ entry, at }) => {
    const content = {
      disclosureId: entry.disclosureId,
      actorId: entry.actorId,
      action: entry.action,
      fromState: entry.fromState,
      toState: entry.toState,
      details: entry.details ?? {},
      at,
    };
    const hash = hashEntry(prevHash, content);
    const row = {
      disclosure_id: content.disclosureId,
      actor_id: content.actorId,
      action: content.action,
      from_state: content.fromState,
      to_state: content.toState,
      details: JSON.stringify(content.details),
      at,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  // A data-modifying CTE always runs; the rows of one VALUES list take their seq in order.
  await trx
    .with('appended', (db) => db.insertInto('audit_log').values(rows))
    .updateTable('audit_head')
    .set({ hash: prevHash })
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
