/**
 * The bench's subject: the real app (`startApp`, config from `loadConfig`) on an embedded PostgreSQL
 * started here in a temp DATA_DIR, its Bot Connector the bench's FakeBotConnector (BOT_SERVICE_URL).
 *
 * Commands from the bench (IPC):
 * - `prepare {count}`: makes `count` pending gift disclosures (Alex Kim → reviewer Daniel Ortiz) with the
 *   app's own use case (`submitDisclosure`) and sends each review card to Daniel through the connector,
 *   as the app's `card.send` job does, so every later approve decides a real, distinct disclosure with
 *   a card to refresh. Nothing is added to the app: the dependencies are built here from the modules the
 *   composition root uses, and a bench-side worker delivers the cards (the app's own workers poll only
 *   every 2 s unless a commit in their own process wakes them).
 * - `meterStart` / `meterEnd`: CPU (this process and PostgreSQL's), event-loop utilisation, job backlog.
 * - `stats`, `backlog`, `verify`, `profileStart`, `profileStop {file}`, `spans`, `spansReset`, `stop`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/schema';
import { startApp, type RunningApp } from '../../src/composition/app';
import { createLogger } from '../../src/logging';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/store/embedded-postgres';
import { PgDisclosureStore } from '../../src/store/disclosure-store';
import { PgChatStore } from '../../src/store/chat-store';
import { verifyAuditChain } from '../../src/store/audit-store';
import { JobQueue } from '../../src/jobs/job-queue';
import { loadOrgChart } from '../../src/directory/org-chart';
import { OrgChartDirectory } from '../../src/directory/org-chart-directory';
import { loadPolicyPacks } from '../../src/policy/load-packs';
import { systemClock } from '../../src/ports/clock';
import type { DisclosureDeps } from '../../src/app/deps';
import { submitDisclosure } from '../../src/app/submit-disclosure';
import { createAdapter } from '../../bot/adapter';
import { TeamsMessenger } from '../../bot/messenger';
import { Notifications } from '../../bot/notifications';
import {
  announceFailure,
  announceReady,
  cpuMsOf,
  freePort,
  postgresCpuMs,
  postgresPids,
  pssOf,
  serveParent,
  spawnGroup,
  stopGroup,
  type Spawned,
} from './child';
import { installSpans, resetSpans, spanReport } from './spans';
import { agencyToday } from '../support/dates';

const ORG_CHART_FILE = path.join(__dirname, '..', '..', 'config', 'demo-org-chart.json');
const ALEX = '11111111-0000-4000-8000-000000000005';
const DANIEL = '11111111-0000-4000-8000-000000000004';

export interface SubjectReady {
  url: string;
  pid: number;
  tenantId: string;
}

export interface Prepared {
  /** Each disclosure and the activity id of its review card in Daniel's chat. */
  items: Array<{ disclosureId: string; activityId: string }>;
  reviewer: { id: string; teamsId: string; name: string; conversationId: string };
  seconds: { create: number; cards: number };
}

export interface Backlog {
  /** Jobs not yet done (created, retry, active), by queue. */
  pending: Record<string, number>;
  failed: number;
}

export interface Meter {
  cpuMs: number;
  pgCpuMs: number;
  elu: number;
  backlog: Backlog;
}

if (process.env.BENCH_SPANS === '1') installSpans();
// Diagnostic only: the app's workers are not woken after a commit, so jobs wait for their 2 s poll
// and hardly compete with bot turns. Shows what the background jobs cost the turn.
const wakeWorkers = JobQueue.prototype.wake;
if (process.env.BENCH_JOBS_WAKE === '0') JobQueue.prototype.wake = () => undefined;
/**
 * BENCH_WORKERS=separate: the app runs with JOB_WORKERS=off, and a second app process (src/main.ts,
 * JOB_WORKERS=on, same database and connector) runs the jobs, as docs/operations.md describes. Its CPU
 * is counted in the app's node CPU per request; the event-loop figure is the web instance's alone.
 */
const SEPARATE_WORKERS = process.env.BENCH_WORKERS === 'separate';

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'candor-bench-pg-'));
  let pg: EmbeddedServer | null = null;
  let app: RunningApp | null = null;
  let worker: Spawned | null = null;
  const stopAll = async () => {
    if (worker) await stopGroup(worker);
    await app?.stop();
    await pg?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    const serviceUrl = process.env.BENCH_SERVICE_URL;
    if (!serviceUrl) throw new Error('BENCH_SERVICE_URL is not set');
    const env = {
      DATABASE_URL: pg.url,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ORG_CHART_FILE,
      BOT_SERVICE_URL: serviceUrl,
    };
    const config = loadConfig({ ...env, JOB_WORKERS: SEPARATE_WORKERS ? 'off' : 'on' });
    app = await startApp(config);
    if (SEPARATE_WORKERS)
      // One node process (this one's tsx loader flags), so its CPU is read from its own pid.
      worker = spawnGroup(process.execPath, [...process.execArgv, 'src/main.ts'], {
        ...env,
        JOB_WORKERS: 'on',
      });
    const workerCpuMs = () => (worker?.child.pid ? cpuMsOf(worker.child.pid) : 0);
    const running = app;
    const pgDir = path.join(dataDir, 'pg');
    const orgChart = loadOrgChart(ORG_CHART_FILE);

    const backlog = async (): Promise<Backlog> => {
      const { rows } = await sql<{ name: string; state: string; n: string }>`
        select name, state::text as state, count(*) as n from pgboss.job
        where state in ('created', 'retry', 'active', 'failed') group by 1, 2`.execute(running.db);
      const pending: Record<string, number> = {};
      let failed = 0;
      for (const r of rows) {
        if (r.state === 'failed') failed += Number(r.n);
        else pending[r.name] = (pending[r.name] ?? 0) + Number(r.n);
      }
      return { pending, failed };
    };
    const pgCpu = () => postgresCpuMs(pgDir);
    let meter: {
      cpu: NodeJS.CpuUsage;
      workerCpuMs: number;
      pgCpuMs: number;
      elu: EventLoopUtilization;
    } | null = null;
    let session: Session | null = null;

    serveParent(
      {
        prepare: (args) => prepare(running, config, orgChart, Number(args.count)),
        backlog,
        meterStart: () => {
          meter = {
            cpu: process.cpuUsage(),
            workerCpuMs: workerCpuMs(),
            pgCpuMs: pgCpu(),
            elu: performance.eventLoopUtilization(),
          };
        },
        meterEnd: async (): Promise<Meter> => {
          if (!meter) throw new Error('meterStart first');
          const cpu = process.cpuUsage(meter.cpu);
          return {
            cpuMs: (cpu.user + cpu.system) / 1000 + workerCpuMs() - meter.workerCpuMs,
            pgCpuMs: pgCpu() - meter.pgCpuMs,
            elu: performance.eventLoopUtilization(meter.elu).utilization,
            backlog: await backlog(),
          };
        },
        stats: () => {
          const pids = postgresPids(pgDir);
          return {
            rss: process.memoryUsage().rss,
            heapUsed: process.memoryUsage().heapUsed,
            pgPss: pids.reduce((s, pid) => s + (pssOf(pid) ?? 0), 0),
            pgProcesses: pids.length,
          };
        },
        verify: async () => {
          const decided = await running.db
            .selectFrom('audit_log')
            .select(({ fn }) => fn.countAll<string>().as('n'))
            .where('action', '=', 'decided')
            .executeTakeFirstOrThrow();
          const approved = await running.db
            .selectFrom('disclosures')
            .select(({ fn }) => fn.countAll<string>().as('n'))
            .where('state', '=', 'approved')
            .executeTakeFirstOrThrow();
          return {
            decided: Number(decided.n),
            approved: Number(approved.n),
            auditChainOk: (await verifyAuditChain(running.db)).ok,
          };
        },
        profileStart: async (args) => {
          session = new Session();
          session.connect();
          await post(session, 'Profiler.enable');
          await post(session, 'Profiler.setSamplingInterval', { interval: Number(args.intervalUs ?? 500) });
          await post(session, 'Profiler.start');
        },
        profileStop: async (args) => {
          if (!session) throw new Error('profileStart first');
          const { profile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
          session.disconnect();
          session = null;
          await writeFile(String(args.file), JSON.stringify(profile));
        },
        spans: () => spanReport(),
        spansReset: () => resetSpans(),
      },
      stopAll,
    );
    announceReady({
      url: app.url,
      pid: process.pid,
      tenantId: orgChart.tenantId ?? '',
    } satisfies SubjectReady);
  } catch (e) {
    announceFailure(e);
    await stopAll().catch(() => undefined);
    process.exit(1);
  }
}

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))),
  );
}

const giftForm = (i: number) => ({
  // A different donor each time: no earlier gifts from the same donor change the evaluation.
  donorName: `Bench Donor ${i}`,
  donorOrganization: '',
  relationship: 'coworker',
  occasion: 'birthday',
  kind: 'item',
  description: 'A framed print for my birthday',
  value: '75',
  // Today in the agency's time zone: a UTC date is tomorrow there in the evening, and refused.
  dateReceived: agencyToday(),
  asGroupMember: 'false',
  disposition: 'accepted',
});

async function prepare(
  app: RunningApp,
  config: ReturnType<typeof loadConfig>,
  orgChart: ReturnType<typeof loadOrgChart>,
  count: number,
): Promise<Prepared> {
  const log = createLogger('silent');
  const jobs = new JobQueue({ connectionString: databaseUrl(config), pollingIntervalSeconds: 0.5 });
  await jobs.start();
  try {
    const store = new PgDisclosureStore(
      app.db,
      (queued, execute) => jobs.sendAllInTransaction(queued, execute),
      () => wakeWorkers.call(jobs),
    );
    const chats = new PgChatStore(app.db);
    const deps: DisclosureDeps = {
      store,
      directory: new OrgChartDirectory(orgChart),
      packs: loadPolicyPacks(config.policyPacks),
      clock: systemClock,
      timeZone: config.agency.timeZone,
      ethicsOfficerId: orgChart.withRole('ethics_officer')[0]?.id ?? null,
      hrContactId: orgChart.withRole('hr')[0]?.id ?? null,
    };
    const messenger = new TeamsMessenger(createAdapter(config.bot, log), chats, {
      appId: null,
      serviceUrl: config.bot.serviceUrl,
      tenantId: orgChart.tenantId,
    });
    const notifications = new Notifications({
      store,
      chats,
      messenger,
      tabUrl: `${config.http.publicUrl}/tab/`,
      defaultServiceUrl: config.bot.serviceUrl,
      log,
    });

    // Cards are delivered while disclosures are made (making them is bound by the audit lock, not CPU).
    await jobs.work('card.send', (d) => notifications.sendCard(d), { batchSize: 20 });
    // The first one alone, so Daniel's 1:1 chat is created once; then the rest, 8 at a time.
    const t0 = performance.now();
    const ids: string[] = [];
    let next = 0;
    const makeOne = async () => {
      const i = next++;
      const r = await submitDisclosure(deps, { actorId: ALEX, type: 'gift', form: giftForm(i) });
      if (r.disclosure.state !== 'pending_review' || r.disclosure.reviewerId !== DANIEL)
        throw new Error(
          `disclosure ${i} is ${r.disclosure.state} for ${r.disclosure.reviewerId}, not pending for Daniel`,
        );
      ids.push(r.disclosure.id);
    };
    if (count > 0) await makeOne();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) await makeOne();
      }),
    );
    const created = performance.now();
    wakeWorkers.call(jobs);
    // Bounded: cards arrive at a few hundred per second; give up after 3 minutes.
    for (let waited = 0; ; waited += 200) {
      const n = await app.db
        .selectFrom('card_messages')
        .select(({ fn }) => fn.countAll<string>().as('n'))
        .where('role', '=', 'reviewer')
        .executeTakeFirstOrThrow();
      if (Number(n.n) >= ids.length + alreadyPrepared) break;
      if (waited > 180_000) throw new Error(`only ${n.n} of ${ids.length} review cards were sent`);
      wakeWorkers.call(jobs);
      await sleep(200);
    }
    const cards = await app.db
      .selectFrom('card_messages')
      .select(['disclosure_id', 'activity_id'])
      .where('role', '=', 'reviewer')
      .where('disclosure_id', 'in', ids)
      .execute();
    alreadyPrepared += ids.length;
    const ref = await chats.findReference(DANIEL);
    if (!ref) throw new Error("Daniel's chat was not stored");
    const daniel = orgChart.byId(DANIEL);
    return {
      items: cards.map((c) => ({ disclosureId: c.disclosure_id, activityId: c.activity_id })),
      reviewer: {
        id: DANIEL,
        teamsId: ref.teamsUserId,
        name: daniel?.displayName ?? 'Daniel Ortiz',
        conversationId: ref.conversationId,
      },
      seconds: { create: (created - t0) / 1000, cards: (performance.now() - created) / 1000 },
    };
  } finally {
    await jobs.stop();
  }
}

let alreadyPrepared = 0;

function databaseUrl(config: ReturnType<typeof loadConfig>): string {
  if (config.database.kind !== 'external') throw new Error('the bench passes DATABASE_URL');
  return config.database.url;
}

void main();
