/**
 * The restify server: the bot endpoint, health and readiness probes, and room for the tab's API.
 * Routes are registered by the composition root; this file owns only cross-cutting HTTP concerns.
 */
import { randomUUID } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';
import { logContext, type Logger } from '../logging';

export interface HttpServerOptions {
  log: Logger;
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number;
  /** How long a request may take before the server answers 503. */
  requestTimeoutMs?: number;
}

export function createHttpServer(opts: HttpServerOptions): Server {
  const server = restify.createServer({ name: 'candor', handleUncaughtExceptions: false });
  server.server.requestTimeout = opts.requestTimeoutMs ?? 30_000;
  server.server.headersTimeout = 15_000;
  server.pre(async (req: Request, res: Response) => {
    const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
    (req as Request & { id(): string }).id = () => id;
    res.setHeader('x-request-id', id);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
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
