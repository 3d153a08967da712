/**
 * The composition root: builds every adapter from the config and wires them into the server. Used by
 * `main.ts` and, in-process, by the integration tests.
 */
import { sql } from 'kysely';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config/schema';
import { createLogger, type Logger } from '../logging';
import { createDb, migrateToLatest, type Db } from '../store/db';
import { startEmbeddedPostgres, type EmbeddedServer } from '../store/embedded-postgres';
import { PgDisclosureStore } from '../store/disclosure-store';
import { PgChatStore } from '../store/chat-store';
import { JobQueue } from '../jobs/job-queue';
import { createHttpServer, listen, withRequestContext } from '../http/server';
import { loadPolicyPacks } from '../policy/load-packs';
import { loadOrgChart } from '../directory/org-chart';
import { OrgChartDirectory } from '../directory/org-chart-directory';
import { GraphDirectory } from '../directory/graph-directory';
import { readGraphCredential } from '../directory/graph-auth';
import { wireActivityFeed } from './activity-feed';
import type { Directory } from '../ports/directory';
import type { DisclosureDeps } from '../app/deps';
import { systemClock, type Clock } from '../ports/clock';
import { createAdapter } from '../../bot/adapter';
import { CandorBot } from '../../bot/candor-bot';
import { CardActions } from '../../bot/card-actions';
import { TeamsMessenger } from '../../bot/messenger';
import { Notifications } from '../../bot/notifications';
import { registerApi } from '../http/api/register-api';
import { registerTab } from '../http/static-tab';
import { createMetrics, registerMetricsRoute } from '../http/metrics';
import { isWellFormedActivity } from '../http/activity-envelope';
import { VERBS } from '../../bot/cards/verbs';
import { findVerbHandler, type BotFeature } from '../../bot/feature';
import type { FeatureContext } from './feature-context';
import { wireReviews } from './reviews';
import { wireCertificates } from './certificates';
import { wireCourses } from './courses';
import { wireEvents } from './events';
import { wireCampaigns } from './campaigns';

export interface RunningApp {
  url: string;
  port: number;
  db: Db;
  log: Logger;
  /** Every route served, as `METHOD /path` (the fuzz tests check they cover the API). */
  routes(): string[];
  stop(): Promise<void>;
}

export interface AppOverrides {
  clock?: Clock;
  log?: Logger;
  /** Job polling interval (seconds); local wake-ups make most jobs run at once anyway. */
  jobPollingSeconds?: number;
  /** Extra CA (PEM) trusted for the Entra ID authority: a private PKI, or the tests' loopback issuer. */
  authorityCa?: string;
}

export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<RunningApp> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const cleanups: Array<() => Promise<void>> = [];
  // In reverse order of start: the server stops accepting and drains its requests, then the jobs finish,
  // then the database closes. Stopping twice waits for the first stop (and never runs cleanups again).
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      for (const c of [...cleanups].reverse())
        await c().catch((err) => log.error({ err }, 'error while stopping'));
    })());
  try {
    let embedded: EmbeddedServer | null = null;
    let databaseUrl: string;
    if (config.database.kind === 'embedded') {
      embedded = await startEmbeddedPostgres({
        dataDir: config.database.dataDir,
        port: config.database.port,
        log: (m) => log.debug({ postgres: m.trim() }, 'embedded postgres'),
      });
      cleanups.push(() => embedded!.stop());
      databaseUrl = embedded.url;
      log.info({ dataDir: config.database.dataDir }, 'embedded PostgreSQL started');
    } else {
      databaseUrl = config.database.url;
    }
    const { db } = createDb(databaseUrl, config.database.poolSize, (err) =>
      log.warn({ err }, 'a pooled database connection was closed by the server'),
    );
    cleanups.push(() => db.destroy());
    const applied = await migrateToLatest(db);
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');

    // ── Metrics (GET /metrics, src/http/metrics.ts): requests, card invokes, jobs, queue depth ─────────
    // Features (src/composition/<feature>.ts) push their commands and card verbs here when wired below.
    const botFeatures: BotFeature[] = [];
    const coreVerbs = new Set<string>(Object.values(VERBS));
    const metrics = createMetrics({
      isKnownVerb: (verb) => coreVerbs.has(verb) || findVerbHandler(botFeatures, verb) !== undefined,
      queueDepth: async () => {
        const { rows } = await sql<{ name: string; state: string; count: string }>`
          select name, state::text as state, count(*) as count from pgboss.job group by 1, 2`.execute(db);
        return rows.map((r) => ({ name: r.name, state: r.state, count: Number(r.count) }));
      },
    });
    // ── end of metrics setup (the route is mounted with the others below) ──────────────────────────────

    const jobs = new JobQueue({
      connectionString: databaseUrl,
      workers: config.jobWorkers,
      pollingIntervalSeconds: overrides.jobPollingSeconds ?? 2,
      onError: (err) => log.warn({ err }, 'job error'),
      onJobDone: (queue, outcome) => metrics.recordJob(queue, outcome),
    });
    await jobs.start();
    cleanups.push(() => jobs.stop());

    const orgChart = loadOrgChart(config.orgChartFile);
    const directory: Directory =
      config.directory.kind === 'graph'
        ? new GraphDirectory({
            ...config.directory,
            credential: readGraphCredential(config.directory.credential),
            authorityCa: overrides.authorityCa,
            // A bot turn must answer within seconds: wait out short throttling, give up on long waits.
            retry: { maxRetryAfterSeconds: 5 },
            onRetry: (e) =>
              log.warn(
                { status: e.status, attempt: e.attempt, retryAfterSeconds: e.retryAfterSeconds },
                'Graph asked to retry',
              ),
          })
        : new OrgChartDirectory(orgChart);
    const store = new PgDisclosureStore(
      db,
      (queued, execute) => jobs.sendAllInTransaction(queued, execute),
      () => jobs.wake(),
    );
    const chats = new PgChatStore(db);
    const disclosures: DisclosureDeps = {
      store,
      directory,
      packs: loadPolicyPacks(config.policyPacks),
      clock: overrides.clock ?? systemClock,
      timeZone: config.agency.timeZone,
      ethicsOfficerId: config.ethicsOfficerId ?? orgChart.withRole('ethics_officer')[0]?.id ?? null,
      hrContactId: config.hrContactId ?? orgChart.withRole('hr')[0]?.id ?? null,
      activityFeed: config.activityFeed !== null,
    };

    const adapter = createAdapter(config.bot, log);
    const tabUrl = `${config.http.publicUrl}/tab/`;
    const actions = new CardActions({
      disclosures,
      chats,
      agencyName: config.agency.name,
      tabUrl,
      log,
      features: botFeatures,
    });
    const bot = new CandorBot(
      actions,
      chats,
      config.agency.name,
      log,
      (verb, outcome) => metrics.recordInvoke(verb, outcome),
      botFeatures,
    );
    const messenger = new TeamsMessenger(adapter, chats, {
      appId: config.bot.appId,
      serviceUrl: config.bot.serviceUrl,
      tenantId: config.bot.teamsTenantId ?? orgChart.tenantId ?? null,
    });
    const notifications = new Notifications({
      store,
      chats,
      messenger,
      tabUrl,
      defaultServiceUrl: config.bot.serviceUrl,
      log,
    });
    await jobs.work('card.send', (d) => notifications.sendCard(d));
    await jobs.work('cards.refresh', (d) => notifications.refreshCards(d));
    await jobs.work('notice.send', (d) => notifications.sendNotice(d));

    const server = createHttpServer({ log, onRequest: (r) => metrics.recordRequest(r) });
    registerMetricsRoute(server, metrics); // GET /metrics (Prometheus text format)
    registerRoutes(server, { db, process: (req, res) => adapter.process(req, res, (ctx) => bot.run(ctx)) });
    // ── Tab API (/api/v1): sign-in, authorization, security headers for /tab/ and /api/ ──────────────
    // Everything is in src/http/api/register-api.ts; the routes call the same use cases as the cards.
    const api = registerApi(server, {
      config,
      db,
      disclosures,
      directory,
      orgChart,
      log,
      authorityCa: overrides.authorityCa,
    });
    registerTab(server);
    // ── end of the tab API ────────────────────────────────────────────────────────────────────────────

    // ── Features: each wires its stores, workers, schedules, routes and bot commands in its own file ──
    const feature: FeatureContext = {
      config,
      db,
      databaseUrl,
      log,
      clock: disclosures.clock,
      jobs,
      directory,
      orgChart,
      disclosures,
      chats,
      messenger,
      metrics,
      server,
      api,
      tabUrl,
      botFeatures,
      authorityCa: overrides.authorityCa,
      onStop: (cleanup) => cleanups.push(cleanup),
    };
    void feature; // one line per feature follows, e.g. `await wireReviews(feature);`
    await wireReviews(feature);
    await wireActivityFeed(feature);
    const certificates = await wireCertificates(feature);
    await wireCourses(feature, { certificates });
    await wireEvents(feature, { certificates });
    await wireCampaigns(feature);
    // ── end of features ─────────────────────────────────────────────────────────────────────────────
    const port = await listen(server, config.http.port, config.http.host);
    cleanups.push(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const url = `http://${config.http.host}:${port}`;
    log.info({ url, botEndpoint: `${url}/api/messages`, mode: config.mode }, 'Candor is listening');
    const routes = () =>
      (server.getDebugInfo().routes as Array<{ method: string; path: string }>).map(
        (r) => `${r.method.toUpperCase()} ${r.path}`,
      );
    return { url, port, db, log, routes, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

function registerRoutes(
  server: Server,
  deps: { db: Db; process: (req: Request, res: Response) => Promise<void> },
): void {
  server.post(
    '/api/messages',
    withRequestContext(async (req, res) => {
      // Fuzz fix: botbuilder throws (→ 500) on an activity with wrong-typed fields; that is a bad request.
      if (req.body && typeof req.body === 'object' && !isWellFormedActivity(req.body)) {
        res.send(400, { error: 'The body is not a well-formed activity.' });
        return;
      }
      await deps.process(req, res);
    }),
  );
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    try {
      await sql`select 1`.execute(deps.db);
      res.send(200, { status: 'ready' });
    } catch {
      res.send(503, { status: 'database unavailable' });
    }
  });
}
