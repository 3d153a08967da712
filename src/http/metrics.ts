/**
 * Prometheus metrics (`GET /metrics`): default process metrics, HTTP requests by method, registered route
 * and status, card invokes by verb and outcome, jobs completed/failed by queue, and the job queue depth
 * read from pg-boss on each scrape. Labels never carry ids, raw URLs or disclosure content: the route is
 * the registered path (`/api/v1/disclosures/:id`), and a verb that is not one of the cards' is `unknown`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Request, Response, Server } from 'restify';

export type InvokeOutcome = 'ok' | 'unknown_verb' | 'unauthenticated' | 'error';
export type JobOutcome = 'completed' | 'failed';

export interface QueueDepthRow {
  name: string;
  state: string;
  count: number;
}

export interface MetricsOptions {
  /** Whether a verb is one the cards use; any other verb is counted as `unknown` (labels stay few). */
  isKnownVerb: (verb: string) => boolean;
  /** Jobs per queue and state, read on each scrape (keep it one cheap query). */
  queueDepth?: () => Promise<QueueDepthRow[]>;
}

export interface AppMetrics {
  registry: Registry;
  recordRequest(r: { method: string; route: string; status: number; seconds: number }): void;
  recordInvoke(verb: string, outcome: InvokeOutcome): void;
  recordJob(queue: string, outcome: JobOutcome): void;
}

export function createMetrics(opts: MetricsOptions): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'candor_http_requests_total',
    help: 'HTTP requests answered, by method, registered route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'candor_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, registered route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const invokes = new Counter({
    name: 'candor_card_invokes_total',
    help: 'Adaptive Card actions (Action.Execute), by verb and outcome.',
    labelNames: ['verb', 'outcome'] as const,
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'candor_jobs_total',
    help: 'Jobs run, by queue and outcome (completed or failed; a retried job counts each attempt).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  const queueDepth = opts.queueDepth;
  new Gauge({
    name: 'candor_job_queue_depth',
    help: 'Jobs in pg-boss, by queue and state (read on scrape).',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      if (!queueDepth) return;
      this.reset();
      try {
        for (const row of await queueDepth()) this.set({ queue: row.name, state: row.state }, row.count);
      } catch {
        // The database is unavailable: the gauge is left empty, the scrape still answers.
      }
    },
  });

  return {
    registry,
    recordRequest: ({ method, route, status, seconds }) => {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    recordInvoke: (verb, outcome) =>
      invokes.inc({ verb: opts.isKnownVerb(verb) ? verb : 'unknown', outcome }),
    recordJob: (queue, outcome) => jobs.inc({ queue, outcome }),
  };
}

/** The route label of a request: the registered path, or `unmatched` (never the raw URL). */
export function routeLabel(req: Request): string {
  const route = (req as Request & { getRoute?: () => { path?: unknown } | null }).getRoute?.();
  const path = route?.path;
  return typeof path === 'string' ? path : path instanceof RegExp ? String(path) : 'unmatched';
}

export function registerMetricsRoute(server: Server, metrics: AppMetrics): void {
  server.get('/metrics', async (_req: Request, res: Response) => {
    const body = await metrics.registry.metrics();
    res.setHeader('content-type', metrics.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.sendRaw(200, body);
  });
}
