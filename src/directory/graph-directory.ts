/**
 * The directory as Microsoft Graph knows it: `GET /users/{id}`, `GET /users/{id}/manager` and
 * `GET /users/{id}/directReports` (colleagues), with an app-only token (client credentials; application
 * permission User.Read.All).
 *
 * 404 means "no such person" or "no manager" and answers null. 429, 503 and 504 are retried by the
 * Graph client's RetryHandler, which waits as long as Retry-After says (else 3 s, growing); anything
 * else, retries that run out included, is a DirectoryUnavailableError.
 */
import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Person } from '../domain/disclosure/types';
import { DirectoryUnavailableError } from '../domain/errors';
import type { Directory } from '../ports/directory';
import { createGraphClient, type GraphClientOptions } from './graph-client';
import { byName } from './org-chart-directory';

export type { GraphRetryEvent } from './graph-client';

const USER_FIELDS = ['id', 'displayName', 'mail', 'userPrincipalName', 'jobTitle', 'department'];
/** A collection is read up to this many users (a manager's reports; more is not a list to choose from). */
const MAX_USERS = 500;

export type GraphDirectoryOptions = GraphClientOptions;

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
    this.client = createGraphClient(opts);
  }

  getUser(id: string): Promise<Person | null> {
    return this.person(`/users/${encodeURIComponent(id)}`);
  }

  getManager(id: string): Promise<Person | null> {
    return this.person(`/users/${encodeURIComponent(id)}/manager`);
  }

  /** `/users/{id}/manager`, the manager's `directReports` and the person's own, users only. */
  async colleagues(id: string): Promise<Person[]> {
    const manager = await this.getManager(id);
    const reportsOf = async (userId: string) =>
      (await this.users(`/users/${encodeURIComponent(userId)}/directReports/microsoft.graph.user`, {
        limit: MAX_USERS,
      })) ?? [];
    const [peers, reports] = await Promise.all([manager ? reportsOf(manager.id) : [], reportsOf(id)]);
    const unique = new Map<string, Person>();
    for (const p of [...(manager ? [manager] : []), ...peers, ...reports])
      if (p.id !== id) unique.set(p.id, p);
    return [...unique.values()].sort(byName);
  }

  /**
   * `GET /users`, every page: staff only — enabled member accounts, not guests or disabled accounts (both
   * filters are among those Graph serves without advanced queries).
   */
  async listPeople(): Promise<Person[]> {
    const filter = "accountEnabled eq true and userType eq 'Member'";
    return (await this.users('/users', { filter, top: 999 })) ?? [];
  }

  /** `GET /groups/{id}/members/microsoft.graph.user` (users only, transitive members not included); null: no such group. */
  listGroupMembers(groupId: string): Promise<Person[] | null> {
    return this.users(`/groups/${encodeURIComponent(groupId)}/members/microsoft.graph.user`, { top: 999 });
  }

  private async person(path: string): Promise<Person | null> {
    let body: unknown;
    try {
      body = await this.client.api(path).select(USER_FIELDS).get();
    } catch (err) {
      if (err instanceof GraphError && err.statusCode === 404) return null;
      throw this.unavailable(path, err);
    }
    return this.toPerson(path, body);
  }

  /**
   * A collection of users, every page (`@odata.nextLink`; `top` users a page), up to `limit` when given; null when
   * the collection itself is not found (404 on the first page).
   */
  private async users(
    path: string,
    opts: { filter?: string; top?: number; limit?: number } = {},
  ): Promise<Person[] | null> {
    const people: Person[] = [];
    let next: string | undefined;
    do {
      let page: { value?: unknown[]; '@odata.nextLink'?: string };
      try {
        if (next) page = await this.client.api(this.relativeToBase(next)).get();
        else {
          let request = this.client.api(path).select(USER_FIELDS);
          if (opts.top) request = request.top(opts.top);
          page = await (opts.filter ? request.filter(opts.filter) : request).get();
        }
      } catch (err) {
        if (err instanceof GraphError && err.statusCode === 404) return next ? people : null;
        throw this.unavailable(path, err);
      }
      for (const item of page.value ?? []) people.push(this.toPerson(path, item));
      next = page['@odata.nextLink'];
    } while (next && (opts.limit === undefined || people.length < opts.limit));
    return people;
  }

  /**
   * A `@odata.nextLink` as a path under the configured base URL. The Graph client would only take an
   * https link apart; and a link to anywhere else is refused, so the token never leaves for another host.
   */
  private relativeToBase(link: string): string {
    const base = new URL(this.opts.baseUrl);
    const prefix = base.pathname.replace(/\/+$/, '');
    const url = new URL(link, base);
    if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/`))
      throw new DirectoryUnavailableError(
        `Microsoft Graph sent a next page link outside ${this.opts.baseUrl}.`,
      );
    return `${url.pathname.slice(prefix.length)}${url.search}`;
  }

  private toPerson(path: string, body: unknown): Person {
    const user = graphUserSchema.safeParse(body);
    if (!user.success)
      throw new DirectoryUnavailableError(
        `Microsoft Graph answered GET ${path} with something that is not a user.`,
      );
    const u = user.data;
    return {
      id: u.id,
      displayName: u.displayName ?? u.userPrincipalName ?? u.id,
      email: u.mail ?? u.userPrincipalName ?? '',
      jobTitle: u.jobTitle ?? null,
      department: u.department ?? null,
    };
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
