/**
 * Sends jobs to a test app's queue from outside (as another instance or the schedule would) and waits
 * for them to be done, by reading pg-boss's job table.
 */
import { sql } from 'kysely';
import { JobQueue } from '../../src/jobs/job-queue';
import type { Job } from '../../src/ports/jobs';
import type { Db } from '../../src/store/db';

export class TestJobs {
  private constructor(
    private readonly queue: JobQueue,
    private readonly db: Db,
  ) {}

  static async connect(databaseUrl: string, db: Db): Promise<TestJobs> {
    const queue = new JobQueue({ connectionString: databaseUrl });
    await queue.start();
    return new TestJobs(queue, db);
  }

  /**
   * Send the job and wait until a worker has completed it. A queue that keeps one job waiting at most
   * (`stately`) is first left to drain, so the job is not dropped as a duplicate.
   */
  async run(job: Job, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.until(deadline, async () => (await this.pending(job.name)) === 0);
    const id = await this.queue.send(job);
    if (!id) throw new Error(`The ${job.name} job was not queued`);
    await this.until(deadline, async () => {
      const { rows } = await sql<{ state: string }>`
        select state::text as state from pgboss.job where id = ${id}::uuid`.execute(this.db);
      const state = rows[0]?.state;
      if (state === 'failed') throw new Error(`The ${job.name} job failed`);
      return state === 'completed';
    });
  }

  /** Send the job as it is (null when the queue's policy dropped it). */
  send(job: Job): Promise<string | null> {
    return this.queue.send(job);
  }

  /** Wait until no job of the queue is waiting or running. */
  async idle(name: Job['name'], timeoutMs = 15_000): Promise<void> {
    await this.until(Date.now() + timeoutMs, async () => (await this.pending(name)) === 0);
  }

  async close(): Promise<void> {
    await this.queue.stop(2000);
  }

  private async pending(name: string): Promise<number> {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pgboss.job
      where name = ${name} and state in ('created', 'retry', 'active')`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }

  private async until(deadline: number, done: () => Promise<boolean>): Promise<void> {
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('Timed out waiting for jobs');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
