/**
 * The directory as Microsoft Graph knows it: `GET /users/{id}` and `GET /users/{id}/manager`, with an
 * app-only token (client credentials; application permission User.Read.All).
 *
 * 404 means "no such person" or "no manager" and answers null. 429, 503 and 504 are retried by the
 * Graph client's RetryHandler, which waits as long as Retry-After says (else 3 s, growing); anything
 * else, retries that run out included, is a DirectoryUnavailableError.
 */
import {
  Client,
  GraphClientError,
  GraphError,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Person } from '../domain/disclosure/types';
import { DirectoryUnavailableError } from '../domain/errors';
import type { Directory } from '../ports/directory';
import { BearerTokenHandler, GraphTokenSource } from './graph-auth';

const USER_FIELDS = ['id', 'displayName', 'mail', 'userPrincipalName', 'jobTitle', 'department'];

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

export interface GraphDirectoryOptions {
  /** Graph base URL with its version, e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  /** Entra ID authority host, e.g. `https://login.microsoftonline.com` (must be https: MSAL insists). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
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

const graphUserSchema = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  jobTitle: z.string().nullish(),
  department: z.string().nullish(),
});

export class GraphDirectory implements Directory {
  private readonly client: Client;

  constructor(private readonly opts: GraphDirectoryOptions) {
    const base = new URL(opts.baseUrl);
    const segments = base.pathname.replace(/\/+$/, '').split('/');
    const version = segments.pop() || 'v1.0';
    const tokens = new GraphTokenSource({
      authorityHost: opts.authorityHost,
      tenantId: opts.tenantId,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
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
    this.client = Client.initWithMiddleware({
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

  getUser(id: string): Promise<Person | null> {
    return this.person(`/users/${encodeURIComponent(id)}`);
  }

  getManager(id: string): Promise<Person | null> {
    return this.person(`/users/${encodeURIComponent(id)}/manager`);
  }

  /**
   * `GET /users`, every page (`@odata.nextLink`), 999 a page: staff only — enabled member accounts, not
   * guests or disabled accounts (both filters are among those Graph serves without advanced queries).
   */
  async listPeople(): Promise<Person[]> {
    return (await this.people('/users', "accountEnabled eq true and userType eq 'Member'")) ?? [];
  }

  /** `GET /groups/{id}/members/microsoft.graph.user` (users only, transitive members not included). */
  listGroupMembers(groupId: string): Promise<Person[] | null> {
    return this.people(`/groups/${encodeURIComponent(groupId)}/members/microsoft.graph.user`);
  }

  private async people(path: string, filter?: string): Promise<Person[] | null> {
    const people: Person[] = [];
    let next: string | null = null;
    let first = true;
    while (first || next) {
      let body: unknown;
      try {
        body = first
          ? await (filter ? this.client.api(path).filter(filter) : this.client.api(path))
              .select(USER_FIELDS)
              .top(999)
              .get()
          : await this.client.api(this.relative(next!)).get();
      } catch (err) {
        if (err instanceof GraphError && err.statusCode === 404 && first) return null;
        throw this.unavailable(path, err);
      }
      first = false;
      const page = graphPageSchema.safeParse(body);
      if (!page.success)
        throw new DirectoryUnavailableError(
          `Microsoft Graph answered GET ${path} with something that is not a list.`,
        );
      for (const item of page.data.value) {
        const user = graphUserSchema.safeParse(item);
        if (user.success) people.push(toPerson(user.data));
      }
      next = page.data['@odata.nextLink'] ?? null;
    }
    return people;
  }

  /**
   * A nextLink relative to the base URL: the Graph client takes an absolute URL only on the hosts it
   * knows, and would prefix any other (a national cloud's proxy, the tests' loopback Graph) again.
   */
  private relative(link: string): string {
    const base = this.opts.baseUrl.replace(/\/+$/, '');
    return link.startsWith(`${base}/`) ? link.slice(base.length) : link;
  }

  private async person(path: string): Promise<Person | null> {
    let body: unknown;
    try {
      body = await this.client.api(path).select(USER_FIELDS).get();
    } catch (err) {
      if (err instanceof GraphError && err.statusCode === 404) return null;
      throw this.unavailable(path, err);
    }
    const user = graphUserSchema.safeParse(body);
    if (!user.success)
      throw new DirectoryUnavailableError(
        `Microsoft Graph answered GET ${path} with something that is not a user.`,
      );
    return toPerson(user.data);
  }

  private unavailable(path: string, err: unknown): DirectoryUnavailableError {
    const what = `GET ${path}`;
    if (err instanceof GraphClientError)
      return new DirectoryUnavailableError(`Microsoft Graph: ${err.message} (${what})`);
    if (err instanceof GraphError) {
      if (err.statusCode <= 0)
        return new DirectoryUnavailableError(
          `Microsoft Graph at ${this.opts.baseUrl} could not be reached (${what}): ${err.message}`,
        );
      const retried = [429, 503, 504].includes(err.statusCode)
        ? ' (retries used up, or the wait asked for was too long)'
        : '';
      return new DirectoryUnavailableError(
        `Microsoft Graph answered ${what} with ${err.statusCode} ${err.code ?? ''}${retried}: ${err.message}`.replace(
          / +:/,
          ':',
        ),
      );
    }
    return new DirectoryUnavailableError(
      `Microsoft Graph failed (${what}): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

const graphPageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().nullish(),
});

function toPerson(u: z.infer<typeof graphUserSchema>): Person {
  return {
    id: u.id,
    displayName: u.displayName ?? u.userPrincipalName ?? u.id,
    email: u.mail ?? u.userPrincipalName ?? '',
    jobTitle: u.jobTitle ?? null,
    department: u.department ?? null,
  };
}

/** Retry-After in seconds (it may be a number of seconds or an HTTP date), or null. */
function parseRetryAfter(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (!Number.isNaN(seconds)) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}
