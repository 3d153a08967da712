/**
 * The restify server: the bot endpoint, health and readiness probes, and room for the tab's API.
 * Routes are registered by the composition root; this file owns only cross-cutting HTTP concerns.
 */
import { randomUUID } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';
import { logContext, type Logger } from '../logging';
import { routeLabel } from './metrics';

export interface HttpServerOptions {
  log: Logger;
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number;
  /** How long a request may take before the server answers 503. */
  requestTimeoutMs?: number;
  /** Called once per answered request (metrics): `route` is the registered path, never the raw URL. */
  onRequest?: (r: { method: string; route: string; status: number; seconds: number }) => void;
  /**
   * Per-IP rate limit (restify's token-bucket throttle) on paths starting with one of `pathPrefixes`
   * (default: the dev sign-in routes, 10 requests/s, bursts of 20). Over it: 429.
   */
  rateLimit?: { pathPrefixes: string[]; rate: number; burst: number };
}

const DEFAULT_RATE_LIMIT = { pathPrefixes: ['/api/v1/dev/'], rate: 10, burst: 20 };

export function createHttpServer(opts: HttpServerOptions): Server {
  // restify's own log lines (e.g. the throttle's "Throttling") go to the app's logger and its level.
  const server = restify.createServer({
    name: 'candor',
    handleUncaughtExceptions: false,
    // restify 11 logs with pino; @types/restify still describes its bunyan logger.
    log: opts.log.child({ component: 'restify' }) as unknown as restify.ServerOptions['log'],
  });
  server.server.requestTimeout = opts.requestTimeoutMs ?? 30_000;
  server.server.headersTimeout = 15_000;
  server.pre(async (req: Request, res: Response) => {
    const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
    (req as Request & { id(): string }).id = () => id;
    res.setHeader('x-request-id', id);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
  });
  const rateLimit = opts.rateLimit ?? DEFAULT_RATE_LIMIT;
  const throttle = restify.plugins.throttle({ rate: rateLimit.rate, burst: rateLimit.burst, ip: true });
  server.use((req, res, next) => {
    const path = req.path?.() ?? '';
    if (rateLimit.pathPrefixes.some((p) => path.startsWith(p))) return throttle(req, res, next);
    return next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({
      mapParams: false,
      maxBodySize: opts.maxBodyBytes ?? 256 * 1024,
      rejectUnknown: false,
    }),
  );
  server.on('after', (req: Request, res: Response, route: unknown, err: unknown) => {
    opts.onRequest?.({
      method: req.method ?? 'UNKNOWN',
      route: routeLabel(req),
      status: res.statusCode,
      seconds: (Date.now() - (req.time?.() ?? Date.now())) / 1000,
    });
    opts.log.info(
      {
        reqId: res.getHeader('x-request-id'),
        method: req.method,
        path: req.path?.(),
        status: res.statusCode,
        ms: Date.now() - (req.time?.() ?? Date.now()),
      },
      'request',
    );
    if (err && res.statusCode >= 500) opts.log.error({ err }, 'request failed');
  });
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** Runs a route handler with the request id in the log context, so every log line of the request has it. */
export function withRequestContext(
  handler: (req: Request, res: Response) => Promise<void>,
): (req: Request, res: Response) => Promise<void> {
  // restify tells async handlers from callback ones by their constructor: this one must be async.
  return async (req, res) => {
    await logContext.run({ reqId: String(res.getHeader('x-request-id') ?? '') }, () => handler(req, res));
  };
}
