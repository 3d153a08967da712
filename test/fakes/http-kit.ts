/**
 * The plumbing the loopback fakes share: a listener on 127.0.0.1:0, a small route table, fault
 * injection and a request log. Plain node:http / node:https, no framework.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** What a route answers. `body` is sent as JSON unless it is a string. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  method: string;
  /** Path without the query string, percent-decoding left to `params`. */
  path: string;
  /** Decoded `:name` segments of the route pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Raw request body ('' when none). */
  body: string;
  /** Scheme and host the client used, e.g. `https://127.0.0.1:4321`. */
  origin: string;
}

export type RouteHandler = (ctx: RouteContext) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: RouteHandler;
}

/**
 * Routes as `METHOD /path/:param/more`. A `:param` matches one path segment; the first route added
 * wins. `$` is literal (so `/$metadata` works).
 */
export class RouteTable {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({
      method: method.toUpperCase(),
      pattern,
      regex: new RegExp(`^${source}/?$`),
      names,
      handler,
    });
    return this;
  }

  match(
    method: string,
    path: string,
  ): { handler: RouteHandler; params: Record<string, string> } | { allowed: string[] } | null {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
      return { handler: route.handler, params };
    }
    return allowed.length > 0 ? { allowed } : null;
  }
}

export interface FaultOptions {
  /** Sent as the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /** Response body; each fake has a realistic default. */
  body?: unknown;
}

export interface Fault extends FaultOptions {
  status: number;
}

/** A queue of canned failures: `failNext(2, 429)` makes the next two requests answer 429. */
export class FaultQueue {
  private readonly pending: Fault[] = [];

  failNext(n: number, status: number, opts: FaultOptions = {}): void {
    for (let i = 0; i < n; i++) this.pending.push({ status, ...opts });
  }

  take(): Fault | undefined {
    return this.pending.shift();
  }

  get size(): number {
    return this.pending.length;
  }

  clear(): void {
    this.pending.length = 0;
  }
}

export function faultReply(fault: Fault, defaultBody: unknown): Reply {
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
  return { status: fault.status, body: fault.body ?? defaultBody, headers };
}

/** One request as a fake saw it. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** Query string without the leading `?` ('' when none). */
  query: string;
  /** When the request arrived, ms since the epoch (Date.now()). */
  time: number;
  /** Status the fake answered. */
  status: number;
  /** The Authorization header, if any. */
  authorization?: string;
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serve `handle` on 127.0.0.1, port chosen by the OS. With `tls`, the server speaks https and `url`
 * starts with `https://`.
 */
export async function listen(
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  tls?: { key: string; cert: string },
): Promise<Listening> {
  const server = tls
    ? https.createServer({ key: tls.key, cert: tls.cert }, handle)
    : http.createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function send(res: http.ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.body !== undefined) {
    if (typeof reply.body === 'string') payload = reply.body;
    else {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] ??= 'application/json; charset=utf-8';
    }
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/**
 * Build a request listener: logs every request, lets `before` answer first (auth, faults), then
 * dispatches to the route table. Unknown paths answer `notFound`, wrong methods 405.
 */
export function dispatcher(opts: {
  routes: RouteTable;
  log: LoggedRequest[];
  before?: (ctx: RouteContext) => Reply | undefined | Promise<Reply | undefined>;
  notFound: (ctx: RouteContext) => Reply;
  onError?: (err: unknown) => void;
}): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      const time = Date.now();
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const path = q === -1 ? raw : raw.slice(0, q);
      const query = q === -1 ? '' : raw.slice(q + 1);
      const method = (req.method ?? 'GET').toUpperCase();
      const scheme = 'encrypted' in req.socket ? 'https' : 'http';
      const ctx: RouteContext = {
        method,
        path,
        params: {},
        query: new URLSearchParams(query),
        headers: req.headers,
        body: await readBody(req),
        origin: `${scheme}://${req.headers.host ?? '127.0.0.1'}`,
      };
      let reply: Reply;
      try {
        reply = (await opts.before?.(ctx)) ?? (await route(ctx));
      } catch (err) {
        opts.onError?.(err);
        reply = { status: 500, body: { error: { code: 'FakeServerError', message: String(err) } } };
      }
      opts.log.push({
        method,
        path,
        query,
        time,
        status: reply.status,
        ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
      });
      send(res, reply);
    })();
  };

  async function route(ctx: RouteContext): Promise<Reply> {
    const found = opts.routes.match(ctx.method, ctx.path);
    if (found === null) return opts.notFound(ctx);
    if ('allowed' in found)
      return {
        status: 405,
        headers: { Allow: found.allowed.join(', ') },
        body: { error: { code: 'MethodNotAllowed' } },
      };
    return found.handler({ ...ctx, params: found.params });
  }
}

/** The bearer token of a request, or null. */
export function bearerToken(headers: http.IncomingHttpHeaders): string | null {
  const m = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return m?.[1] ?? null;
}
