/**
 * The audit chain on a real database: appends from many connections at once (as from several app
 * instances) make one valid chain, the head follows the last entry, and a rolled-back append leaves
 * nothing behind.
 */
import { createDb, migrateToLatest, type Db } from '../../src/store/db';
import { appendAudit, appendAuditEntries, verifyAuditChain } from '../../src/store/audit-store';
import { PgDisclosureStore } from '../../src/store/disclosure-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import type { AuditEntryInput } from '../../src/ports/disclosure-store';

let database: TestDatabase;
let db: Db;
let pools: Array<{ end(): Promise<void> }>;

const entry = (action: string, n: number): AuditEntryInput => ({
  disclosureId: null,
  actorId: `person-${n}`,
  action,
  fromState: null,
  toState: null,
  details: { n },
});

async function head(): Promise<string> {
  return (await db.selectFrom('audit_head').select('hash').executeTakeFirstOrThrow()).hash;
}

async function lastHash(): Promise<string | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.hash;
}

beforeEach(async () => {
  database = await createTestDatabase();
  const main = createDb(database.url, 4);
  db = main.db;
  pools = [main.pool];
  await migrateToLatest(db);
});

afterEach(async () => {
  for (const p of pools) await p.end();
  await database.drop();
});

describe('the audit chain', () => {
  it('stays one valid chain when two pools append 60 entries at once, and its head is the last hash', async () => {
    const other = createDb(database.url, 4);
    pools.push(other.pool);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? db : other.db).transaction().execute((trx) =>
          i % 3 === 0
            ? appendAuditEntries(trx, [
                { entry: entry('first', i), at: new Date() },
                { entry: entry('second', i), at: new Date() },
              ])
            : appendAudit(trx, entry('single', i), new Date()),
        ),
      ),
    );
    const verdict = await verifyAuditChain(db, 7);
    expect(verdict).toEqual({ ok: true, count: 80 });
    expect(await head()).toBe(await lastHash());
    // Entries of one append are adjacent and in the order given.
    const rows = await db.selectFrom('audit_log').select(['action', 'actor_id']).orderBy('seq').execute();
    rows.forEach((r, i) => {
      if (r.action === 'first') expect(rows[i + 1]).toEqual({ action: 'second', actor_id: r.actor_id });
    });
  });

  it('leaves no entry and an unmoved head when the transaction rolls back', async () => {
    await db.transaction().execute((trx) => appendAudit(trx, entry('kept', 1), new Date()));
    const before = await head();
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, entry('lost', 2), new Date());
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await head()).toBe(before);
    expect(await db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'kept' }]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 1 });
  });

  it("appends a disclosure transaction's entries after its other writes, in call order, only on success", async () => {
    // The job sink runs its SQL inside the transaction: it sees whether the entries are written yet.
    const seenByJob: unknown[] = [];
    const store = new PgDisclosureStore(db, async (_jobs, execute) => {
      const { rows } = await execute('select count(*)::int as n from audit_log', []);
      seenByJob.push(...rows);
    });
    await store.transaction(async (tx) => {
      await tx.audit(entry('one', 1));
      await tx.audit(entry('two', 2));
      await tx.enqueue({ name: 'cards.refresh', data: { disclosureId: 'x' } });
    });
    expect(seenByJob).toEqual([{ n: 0 }]);
    await expect(
      store.transaction(async (tx) => {
        await tx.audit(entry('never', 3));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const rows = await db.selectFrom('audit_log').select('action').orderBy('seq').execute();
    expect(rows.map((r) => r.action)).toEqual(['one', 'two']);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 2 });
    expect(await head()).toBe(await lastHash());
  });
});
