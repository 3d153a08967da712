/**
 * The durable job queue: pg-boss on the app's PostgreSQL, shared by every instance. Jobs are sent
 * inside the caller's transaction; after a commit, local workers are woken at once instead of waiting
 * for their next poll.
 */
import PgBoss from 'pg-boss';
import type { Job, JobData, JobName } from '../ports/jobs';
import { logContext } from '../logging';

export type SqlExecutor = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/** Options of one job: when it may start at the earliest, and a key that keeps one queued job per key. */
export interface SendOptions {
  startAfter?: Date;
  singletonKey?: string;
}
export type JobHandler<N extends JobName> = (data: JobData<N>) => Promise<void>;

/** How a queue retries and expires its jobs; every queue gets these unless its worker says otherwise. */
export interface QueuePolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  /**
   * pg-boss's queue policy; default `standard`. `stately` keeps at most one job queued and one running,
   * whatever the number of instances sending: right for a periodic sweep.
   */
  policy?: PgBoss.QueuePolicy;
}

const DEFAULT_POLICY: QueuePolicy = {
  retryLimit: 8,
  retryDelay: 2,
  retryBackoff: true,
  expireInSeconds: 120,
};

export interface JobQueueOptions {
  connectionString: string;
  /**
   * False: `work` creates the queue but starts no worker, so this process only queues jobs and another
   * process (with workers) runs them. Default true.
   */
  workers?: boolean;
  pollingIntervalSeconds?: number;
  onError?: (error: unknown) => void;
  /** Called after each job runs (metrics): its queue and whether it completed or failed. */
  onJobDone?: (queue: JobName, outcome: 'completed' | 'failed') => void;
}

export class JobQueue {
  private readonly boss: PgBoss;
  private readonly workerIds: string[] = [];

  constructor(private readonly opts: JobQueueOptions) {
    this.boss = new PgBoss({
      connectionString: opts.connectionString,
      max: 4,
      application_name: 'candor-jobs',
      schema: 'pgboss',
    });
    this.boss.on('error', (e) => opts.onError?.(e));
  }

  async start(): Promise<void> {
    await this.boss.start();
  }

  /**
   * Create a queue if it does not exist. Every queue a worker takes is created by `work` at start-up, before the
   * app serves requests, so no job is sent to a queue that does not exist yet.
   */
  async ensureQueue(name: JobName, policy: Partial<QueuePolicy> = {}): Promise<void> {
    // createQueue leaves an existing queue as it is, so every instance may call it at start.
    await this.boss.createQueue(name, { name, ...DEFAULT_POLICY, ...policy });
  }

  /**
   * Send `name` on a cron schedule (UTC). pg-boss keeps schedules in the database and sends each slot's
   * job once, whichever instance's clock monitor sees it first, so a schedule fires once, not once per
   * instance. Scheduling again replaces the schedule.
   */
  async schedule<N extends JobName>(name: N, cron: string, data: JobData<N>): Promise<void> {
    await this.boss.schedule(name, cron, data, { tz: 'UTC' });
  }

  /**
   * Queue a job as part of the transaction whose SQL runs through `execute`. `startAfter` delays it (a
   * reminder); `singletonKey` keeps one queued job per key.
   */
  async sendInTransaction(job: Job, execute: SqlExecutor, options: SendOptions = {}): Promise<void> {
    await this.boss.send(job.name, job.data, {
      ...options,
      db: { executeSql: execute as PgBoss.Db['executeSql'] },
    });
  }

  /** Queue jobs as part of the transaction whose SQL runs through `execute`, in one statement. */
  async sendAllInTransaction(jobs: readonly Job[], execute: SqlExecutor): Promise<void> {
    if (jobs.length === 0) return;
    const db = { executeSql: execute as PgBoss.Db['executeSql'] };
    await this.boss.insert(
      jobs.map((j) => ({ name: j.name, data: j.data })),
      { db },
    );
  }

  /** Queue a job now; its id, or null when the queue's policy dropped it (a `stately` queue already waiting). */
  async send(job: Job): Promise<string | null> {
    return this.boss.send(job.name, job.data);
  }

  async work<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    opts: { batchSize?: number; policy?: Partial<QueuePolicy> } = {},
  ): Promise<void> {
    await this.ensureQueue(name, opts.policy);
    if (this.opts.workers === false) return;
    const batchSize = opts.batchSize ?? 5;
    let workerId: string | null = null;
    const id = await this.boss.work<JobData<N>>(
      name,
      { batchSize, pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2 },
      async (jobs) => {
        // A full batch means more may be waiting: fetch again at once instead of after the polling
        // interval, so a backlog (a burst of decisions, jobs queued by another instance) drains at
        // the speed of the work, not of the poll.
        if (jobs.length === batchSize && workerId) {
          const again = workerId;
          setImmediate(() => this.boss.notifyWorker(again));
        }
        // A failing job fails alone: the others in the batch are completed.
        const results = await Promise.allSettled(
          jobs.map((j) => logContext.run({ job: name, jobId: j.id }, () => handler(j.data))),
        );
        for (const r of results)
          this.opts.onJobDone?.(name, r.status === 'fulfilled' ? 'completed' : 'failed');
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed && jobs.length === 1) throw failed.reason;
        for (const [i, r] of results.entries()) {
          if (r.status === 'rejected') {
            this.opts.onError?.(r.reason);
            await this.boss.fail(name, jobs[i]!.id, { message: String(r.reason) });
          }
        }
      },
    );
    workerId = id;
    this.workerIds.push(id);
  }

  /** Wake this instance's workers (call after a commit that queued jobs). */
  wake(): void {
    for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  /** Stop taking jobs, let running ones finish (up to `timeoutMs`), and close the pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
  }
}
