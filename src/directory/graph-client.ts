/**
 * The Microsoft Graph client every Graph adapter uses: an app-only token on each request to Graph's
 * origin (graph-auth.ts), and 429, 503 and 504 retried by the Graph client's RetryHandler, which waits
 * as long as Retry-After says (else 3 s, growing).
 */
import {
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { BearerTokenHandler, GraphTokenSource, type GraphCredential } from './graph-auth';

/** Told before each retry, so the caller can log or count throttling. */
export interface GraphRetryEvent {
  /** The request URL. */
  url: string;
  /** The status that caused the retry (429, 503 or 504). */
  status: number;
  /** 1 for the first retry. */
  attempt: number;
  /** The Retry-After header, in seconds, or null when Graph sent none. */
  retryAfterSeconds: number | null;
}

export interface GraphClientOptions {
  /** Graph base URL with its version, e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  /** Entra ID authority host, e.g. `https://login.microsoftonline.com` (must be https: MSAL insists). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  /** How the app proves itself: a client secret or a certificate. */
  credential: GraphCredential;
  /** Resource id the token is requested for. Default `https://graph.microsoft.com` (national clouds differ). */
  resource?: string;
  /** Extra CA certificate(s), PEM, trusted for the authority host (private PKI; the loopback test issuer). */
  authorityCa?: string | string[];
  /**
   * Retries of 429/503/504: default 3 retries, 3 s base delay when there is no Retry-After. When Graph
   * asks to wait longer than `maxRetryAfterSeconds` (default: no limit but the client's 180 s), give up
   * at once instead — a bot turn cannot wait minutes; a background job can try again later.
   */
  retry?: { maxRetries?: number; delaySeconds?: number; maxRetryAfterSeconds?: number };
  onRetry?: (event: GraphRetryEvent) => void;
}

export function createGraphClient(opts: GraphClientOptions): Client {
  const base = new URL(opts.baseUrl);
  const segments = base.pathname.replace(/\/+$/, '').split('/');
  const version = segments.pop() || 'v1.0';
  const tokens = new GraphTokenSource({
    authorityHost: opts.authorityHost,
    tenantId: opts.tenantId,
    clientId: opts.clientId,
    credential: opts.credential,
    resource: opts.resource ?? 'https://graph.microsoft.com',
    ...(opts.authorityCa !== undefined ? { authorityCa: opts.authorityCa } : {}),
  });
  const retry = new RetryHandlerOptions(
    opts.retry?.delaySeconds,
    opts.retry?.maxRetries,
    (_delay, attempt, request, _o, response) => {
      const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
      const limit = opts.retry?.maxRetryAfterSeconds;
      if (limit !== undefined && retryAfterSeconds !== null && retryAfterSeconds > limit) return false;
      opts.onRetry?.({
        url: typeof request === 'string' ? request : request.url,
        status: response.status,
        attempt: attempt + 1,
        retryAfterSeconds,
      });
      return true;
    },
  );
  // The Graph client's default chain, with our token handler in place of its AuthenticationHandler.
  return Client.initWithMiddleware({
    baseUrl: `${base.origin}${segments.join('/')}`,
    defaultVersion: version,
    middleware: [
      new BearerTokenHandler(base.origin, tokens),
      new RetryHandler(retry),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      new HTTPMessageHandler(),
    ],
  });
}

/** Retry-After in seconds (it may be a number of seconds or an HTTP date), or null. */
export function parseRetryAfter(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (!Number.isNaN(seconds)) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}
