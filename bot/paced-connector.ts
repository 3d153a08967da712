/**
 * A CloudAdapter for campaign fan-out whose every Bot Connector request waits for the SendPacer, and
 * whose failures come back as a ConnectorStatusError at once. botbuilder's HTTP pipeline would otherwise
 * retry 429 and 5xx itself, out of sight of the pacer (those retries would break the tenant limit) and
 * holding the caller for seconds; the fan-out reschedules instead (src/app/campaign-fanout.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CloudAdapter } from 'botbuilder';
import type { Config } from '../src/config/schema';
import type { Logger } from '../src/logging';
import type { SendPacer } from '../src/jobs/send-pacer';
import { createAdapter } from './adapter';

/**
 * Run a send inside `beforeActivityPost.run(hook, …)` to have `hook` awaited when its activity POST has
 * got its send slot and is about to go on the wire (the fan-out commits "dispatched" there).
 */
export const beforeActivityPost = new AsyncLocalStorage<() => Promise<void>>();

/** The connector answered with an error status (or could not be reached: status null). */
export class ConnectorStatusError extends Error {
  constructor(
    readonly status: number | null,
    /** The Retry-After header as sent, if any. */
    readonly retryAfter: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorStatusError';
  }
}

/** The subset of @azure/core-http's WebResource that a custom HttpClient receives. */
interface WebResourceLike {
  url: string;
  method: string;
  body?: unknown;
  headers: { toJson(options?: { preserveCase?: boolean }): Record<string, string> };
  abortSignal?: AbortSignal;
}

const CONVERSATION_PATH = /\/v3\/conversations\/([^/]+)\/activities/;

export function pacedHttpClient(pacer: SendPacer) {
  return {
    async sendRequest(request: WebResourceLike) {
      const url = new URL(request.url);
      const conversation = CONVERSATION_PATH.exec(url.pathname)?.[1];
      if (url.pathname.includes('/v3/conversations'))
        await pacer.acquire(conversation ? decodeURIComponent(conversation) : null);
      if (conversation && request.method === 'POST') await beforeActivityPost.getStore()?.();
      let res: Response;
      try {
        res = await fetch(request.url, {
          method: request.method,
          headers: request.headers.toJson({ preserveCase: true }),
          body: typeof request.body === 'string' ? request.body : undefined,
          signal: request.abortSignal ?? AbortSignal.timeout(15_000),
        });
      } catch (err) {
        throw new ConnectorStatusError(
          null,
          null,
          `The Bot Connector could not be reached: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      const bodyAsText = await res.text();
      if (res.status >= 400)
        throw new ConnectorStatusError(
          res.status,
          res.headers.get('retry-after'),
          `The Bot Connector answered ${res.status}: ${connectorMessage(bodyAsText)}`,
        );
      const headers = Object.fromEntries(res.headers.entries());
      return { request, status: res.status, bodyAsText, headers: { toJson: () => headers } };
    },
  };
}

/** The adapter used to send campaign cards: same credentials as the bot's, paced, no hidden retries. */
export function createPacedAdapter(config: Config['bot'], log: Logger, pacer: SendPacer): CloudAdapter {
  return createAdapter(config, log, { httpClient: pacedHttpClient(pacer) as never });
}

function connectorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string }; message?: string };
    const e = parsed.error;
    return (e ? [e.code, e.message].filter(Boolean).join(': ') : parsed.message) || 'no details';
  } catch {
    return body.slice(0, 200) || 'no details';
  }
}
