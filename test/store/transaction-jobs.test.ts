/**
 * The jobs of a disclosure transaction: queued in one statement just before the commit, with the
 * queues' retry policy, and never for a transaction that rolled back.
 */
import { sql } from 'kysely';
import { JobQueue } from '../../src/jobs/job-queue';
import { createDb, migrateToLatest, type Db } from '../../src/store/db';
import { PgDisclosureStore } from '../../src/store/disclosure-store';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let db: Db;
let pool: { end(): Promise<void> };
let queue: JobQueue;
let statements: string[];
let store: PgDisclosureStore;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ db, pool } = createDb(database.url, 4));
  await migrateToLatest(db);
  queue = new JobQueue({ connectionString: database.url });
  await queue.start();
  await queue.ensureQueue('cards.refresh');
  await queue.ensureQueue('notice.send');
  store = new PgDisclosureStore(db, (jobs, execute) =>
    queue.sendAllInTransaction(jobs, async (text, values) => {
      statements.push(text);
      return execute(text, values);
    }),
  );
});

beforeEach(() => {
  statements = [];
});

afterAll(async () => {
  await queue.stop();
  await pool.end();
  await database.drop();
});

async function queued(): Promise<Array<{ name: string; retry_limit: number; data: unknown }>> {
  const { rows } = await sql<{ name: string; retry_limit: number; data: unknown }>`
    select name, retry_limit, data from pgboss.job order by name`.execute(db);
  return rows;
}

const refresh = { name: 'cards.refresh', data: { disclosureId: 'd1' } } as const;
const notice = {
  name: 'notice.send',
  data: { disclosureId: 'd1', userId: 'u1', notice: 'decided', key: 'd1:v2:employee' },
} as const;

describe('the jobs of a disclosure transaction', () => {
  it('are queued in one statement, with their queue policy, when it commits', async () => {
    await store.transaction(async (tx) => {
      await tx.enqueue(refresh);
      await tx.enqueue(notice);
    });
    expect(statements).toHaveLength(1);
    expect(await queued()).toEqual([
      { name: 'cards.refresh', retry_limit: 8, data: refresh.data },
      { name: 'notice.send', retry_limit: 8, data: notice.data },
    ]);
    await sql`delete from pgboss.job`.execute(db);
  });

  it('are not queued when it rolls back', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.enqueue(refresh);
        await tx.enqueue(notice);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(statements).toEqual([]);
    expect(await queued()).toEqual([]);
  });
});
