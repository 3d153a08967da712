/**
 * A Microsoft Graph client on any base URL (Graph, a national cloud, the tests' loopback fake) with the
 * same middleware as the directory's: a bearer token for Graph's origin only, retries of 429/503/504
 * honouring Retry-After.
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
import { BearerTokenHandler } from '../directory/graph-auth';

export function graphClient(baseUrl: string, tokens: { getToken(): Promise<string> }): Client {
  const base = new URL(baseUrl);
  const segments = base.pathname.replace(/\/+$/, '').split('/');
  const version = segments.pop() || 'v1.0';
  return Client.initWithMiddleware({
    baseUrl: `${base.origin}${segments.join('/')}`,
    defaultVersion: version,
    middleware: [
      new BearerTokenHandler(base.origin, tokens),
      new RetryHandler(new RetryHandlerOptions(2, 3)),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      new HTTPMessageHandler(),
    ],
  });
}

/**
 * The path of an `@odata.nextLink` relative to the base URL (the Graph client only parses absolute
 * https URLs), or null for a link elsewhere: the token is never sent to another origin.
 */
export function relativeNextLink(baseUrl: string, nextLink: string): string | null {
  const base = baseUrl.replace(/\/+$/, '');
  return nextLink.startsWith(`${base}/`) ? nextLink.slice(base.length) : null;
}
