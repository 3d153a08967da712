/**
 * A transaction whose jobs are queued inside it: pg-boss runs its insert through the transaction's own
 * connection (the `jobSql` executor), so a job commits or rolls back with the change that caused it. After
 * a commit that queued any job, `afterCommit` wakes this instance's workers instead of waiting for a poll.
 * Every store that queues jobs (disclosures, certificates, events, courses) runs its transactions here.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { SqlExecutor } from '../jobs/job-queue';

export async function transactionWithJobs<DB, T>(
  db: Kysely<DB>,
  afterCommit: () => void,
  work: (trx: Transaction<DB>, jobSql: SqlExecutor) => Promise<T>,
): Promise<T> {
  let queued = false;
  const result = await db.transaction().execute((trx) =>
    work(trx, async (text, values) => {
      queued = true;
      const r = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: r.rows as unknown[] };
    }),
  );
  if (queued) afterCommit();
  return result;
}
