/**
 * FakeGraph: Microsoft Graph v1.0 on loopback, at `${url}/v1.0`, speaking Graph's documented JSON.
 *
 * Routes (add more with `route()`; see "Adding routes" below):
 * - `GET /v1.0/users/{id}`: the user; honours `$select` (without it, Graph's default property set, which
 *   has no `department`); unknown → 404 `Request_ResourceNotFound`.
 * - `GET /v1.0/users/{id}/manager`: the manager as a user; 404 when there is none, as Graph does.
 * - `GET /v1.0/users/{id}/directReports` (and its `/microsoft.graph.user` cast): the users whose manager
 *   is `{id}`, paged with `page()`, honouring `$select`.
 * - `GET /v1.0/users/{id}/mailboxSettings/automaticRepliesSetting`: the user's automatic replies
 *   (`setAutomaticReplies`; default `disabled`), as Graph's automaticRepliesSetting resource: `status`
 *   (`disabled` | `alwaysEnabled` | `scheduled`), `externalAudience`, `scheduledStartDateTime` and
 *   `scheduledEndDateTime` (dateTimeTimeZone: `{ dateTime, timeZone }`), and the two reply messages.
 *   `failAutomaticReplies(id, status)` makes that route alone answer an error for that user.
 * - `POST /v1.0/users/{id}/teamwork/sendActivityNotification`: an activity feed notification; checks the
 *   documented body (topic {source, value, webUrl}, activityType, previewText {content},
 *   templateParameters [{name, value}]), records it in `activityNotifications` and answers 204; unknown
 *   user → 404; a malformed body → 400 `BadRequest`; `activityFeedDown = status` fails it alone.
 * - `GET /v1.0/users` (paged, `$top`), `GET /v1.0/groups/{id}/members/microsoft.graph.user` (groups set
 *   with `setGroup`).
 * - `POST /v1.0/users/{id}/teamwork/installedApps` with `teamsApp@odata.bind` → 201, or 409 when the app
 *   is installed already; recorded in `installs`, and `onInstall` is told (e.g. FakeBotConnector.installApp).
 *
 * With `auth`, every request needs `Authorization: Bearer <jwt>` issued by that FakeEntraId (signature,
 * expiry, issuer, audience `https://graph.microsoft.com` by default), else 401 `InvalidAuthenticationToken`;
 * with `auth.requiredRoles`, a token lacking them gets 403 `Authorization_RequestDenied`.
 *
 * `failNext(n, status, { retryAfterSeconds })` makes the next n requests fail (before auth is checked),
 * e.g. 429 with Retry-After, 503, 500. `requests` logs every request with its time, status and
 * Authorization header, so tests can assert retries and their spacing.
 *
 * - Calendar events with Teams meetings, online meeting lookup by join URL, attendance reports and
 *   records (paged): `graph.meetings` (see graph-meetings.ts).
 *
 * Adding routes: `graph.route('GET', '/v1.0/users/:id/mailboxSettings/automaticRepliesSetting', (ctx) =>
 * ({ status: 200, body: {...} }))`. Handlers get the decoded `params`, `query`, raw `body` and headers,
 * and may use `graph.user(id)`, `graph.error(status, code, message)` and `graph.page(items, ctx)`
 * (which pages a collection with `@odata.nextLink`).
 */
import { randomUUID } from 'node:crypto';
import type { FakeEntraId } from './entra-id';
import { FakeMeetings } from './graph-meetings';
import { bearerToken, dispatcher, FaultQueue, faultReply, listen, RouteTable } from './http-kit';
import type { FaultOptions, Listening, LoggedRequest, Reply, RouteContext, RouteHandler } from './http-kit';

/** A user as seeded: Person-like (an org chart person fits), plus what Graph knows beyond it. */
export interface FakeGraphUser {
  id: string;
  displayName: string;
  email: string;
  jobTitle?: string | null;
  department?: string | null;
  managerId?: string | null;
  /** Graph's `mail`. Default: `email`; null for a user without a mailbox. */
  mail?: string | null;
  /** Default: `email`. */
  userPrincipalName?: string;
}

/** Graph's automaticRepliesSetting; the date-times are local to their `timeZone`. */
export interface AutomaticRepliesSetting {
  status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  scheduledStartDateTime?: { dateTime: string; timeZone: string };
  scheduledEndDateTime?: { dateTime: string; timeZone: string };
}

export interface FakeGraphOptions {
  users?: FakeGraphUser[];
  /** Require bearer tokens from this issuer. Without it, any request is accepted. */
  auth?: { issuer: FakeEntraId; audience?: string; requiredRoles?: string[] };
  /** Page size used by `page()`. Default 100. */
  pageSize?: number;
}

/** The body of sendActivityNotification, as documented for a topic of source `text`. */
export interface ActivityNotificationBody {
  topic: { source: 'text'; value: string; webUrl: string };
  activityType: string;
  previewText: { content: string };
  templateParameters: Array<{ name: string; value: string }>;
}

function isActivityNotification(b: unknown): b is ActivityNotificationBody {
  const o = b as Partial<ActivityNotificationBody> | null;
  const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  return (
    !!o &&
    o.topic?.source === 'text' &&
    isStr(o.topic.value) &&
    isStr(o.topic.webUrl) &&
    /^https:\/\/teams\.microsoft\.com\/l\//.test(o.topic.webUrl) &&
    isStr(o.activityType) &&
    isStr(o.previewText?.content) &&
    Array.isArray(o.templateParameters) &&
    o.templateParameters.every((p) => isStr(p?.name) && typeof p.value === 'string')
  );
}

/** Graph's default property set for users (no `$select`). */
const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export class FakeGraph {
  /** Users by id; mutate through `setUser` / `removeUser` or directly. */
  readonly users = new Map<string, FakeGraphUser>();
  private readonly faults = new FaultQueue();
  private readonly routes = new RouteTable();
  private readonly automaticReplies = new Map<string, AutomaticRepliesSetting>();
  private readonly automaticRepliesFailures = new Map<string, number>();
  pageSize: number;

  /** Activity feed notifications accepted, in order: the user and the request body. */
  readonly activityNotifications: Array<{ userId: string; body: ActivityNotificationBody; time: number }> =
    [];

  /** While set, sendActivityNotification answers this status (an outage of the feed alone). */
  activityFeedDown: number | null = null;

  /** Calendar events, online meetings and attendance reports (graph-meetings.ts). */
  readonly meetings: FakeMeetings;
  /** Teams app installations: `{ userId, teamsAppId }`. */
  readonly installs: Array<{ userId: string; teamsAppId: string }> = [];
  /** Told of every installation (after it is recorded). */
  onInstall: ((userId: string, teamsAppId: string) => void) | null = null;
  private readonly installed = new Set<string>();
  private readonly groups = new Map<string, string[]>();

  /** Every request in arrival order: method, path, query, time, status, authorization. */
  readonly requests: LoggedRequest[] = [];
  private listener!: Listening;

  private constructor(private readonly opts: FakeGraphOptions) {
    for (const u of opts.users ?? []) this.setUser(u);
    this.pageSize = opts.pageSize ?? 100;
    this.mountUserRoutes();
    this.meetings = new FakeMeetings(this);
    this.mountTeamsRoutes();
  }

  static async start(opts: FakeGraphOptions = {}): Promise<FakeGraph> {
    const fake = new FakeGraph(opts);
    fake.listener = await listen(
      dispatcher({
        routes: fake.routes,
        log: fake.requests,
        before: (ctx) => fake.before(ctx),
        notFound: (ctx) =>
          fake.error(404, 'Request_ResourceNotFound', `Resource not found for the segment '${ctx.path}'.`),
      }),
    );
    return fake;
  }

  /** Base URL, e.g. `http://127.0.0.1:PORT`. */
  get url(): string {
    return this.listener.url;
  }

  /** `${url}/v1.0`: what the app's GRAPH_BASE_URL should be. */
  get baseUrl(): string {
    return `${this.url}/v1.0`;
  }

  /** Add a route; `pattern` is a full path such as `/v1.0/users/:id/events`. */
  route(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.add(method, pattern, handler);
    return this;
  }

  /** The next `n` requests answer `status` (with Retry-After when given) and are not served. */
  failNext(n: number, status: number, opts: FaultOptions = {}): void {
    this.faults.failNext(n, status, opts);
  }

  /** A group and the ids of its members. */
  setGroup(id: string, memberIds: string[]): void {
    this.groups.set(id, memberIds);
  }

  setUser(user: FakeGraphUser): void {
    this.users.set(user.id, user);
  }

  removeUser(id: string): void {
    this.users.delete(id);
  }

  /** The user's automatic replies (mailbox settings). */
  setAutomaticReplies(userId: string, setting: AutomaticRepliesSetting): void {
    this.automaticReplies.set(userId, setting);
  }

  /** Make the user's automatic replies answer `status` (e.g. 500) until cleared with null. */
  failAutomaticReplies(userId: string, status: number | null): void {
    if (status === null) this.automaticRepliesFailures.delete(userId);
    else this.automaticRepliesFailures.set(userId, status);
  }

  /** The seeded user, or undefined. */
  user(id: string): FakeGraphUser | undefined {
    return this.users.get(id);
  }

  /** Requests whose path starts with `prefix` (e.g. `/v1.0/users/abc/manager`). */
  requestsTo(prefix: string): LoggedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  /** Graph's error body: `{ error: { code, message, innerError } }`. */
  error(status: number, code: string, message: string): Reply {
    const date = new Date().toISOString().slice(0, 19);
    return {
      status,
      body: {
        error: {
          code,
          message,
          innerError: { date, 'request-id': randomUUID(), 'client-request-id': randomUUID() },
        },
      },
    };
  }

  /**
   * A collection response, paged like Graph: `value` holds at most `pageSize` items (or `$top`), and
   * `@odata.nextLink` points at the next page (`$skiptoken` is the offset) until the last.
   */
  page(items: unknown[], ctx: RouteContext): Reply {
    const size = Number(ctx.query.get('$top') ?? this.pageSize);
    const offset = Number(ctx.query.get('$skiptoken') ?? 0);
    const value = items.slice(offset, offset + size);
    const body: Record<string, unknown> = { '@odata.context': `${this.baseUrl}/$metadata#collection`, value };
    if (offset + size < items.length) {
      const next = new URLSearchParams(ctx.query);
      next.set('$skiptoken', String(offset + size));
      body['@odata.nextLink'] = `${this.url}${ctx.path}?${next.toString()}`;
    }
    return { status: 200, body };
  }

  /** A user as Graph returns it, honouring `$select`. */
  userJson(
    user: FakeGraphUser,
    select: string | null,
    entity: 'users' | 'manager' = 'users',
  ): Record<string, unknown> {
    const all: Record<string, unknown> = {
      id: user.id,
      displayName: user.displayName,
      givenName: user.displayName.split(' ')[0] ?? null,
      surname: user.displayName.split(' ').slice(1).join(' ') || null,
      mail: user.mail === undefined ? user.email : user.mail,
      userPrincipalName: user.userPrincipalName ?? user.email,
      jobTitle: user.jobTitle ?? null,
      department: user.department ?? null,
      businessPhones: [],
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
    };
    const fields = select ? select.split(',').map((s) => s.trim()) : DEFAULT_USER_PROPERTIES;
    const json: Record<string, unknown> =
      entity === 'manager'
        ? {
            '@odata.context': `${this.baseUrl}/$metadata#directoryObjects/$entity`,
            '@odata.type': '#microsoft.graph.user',
          }
        : { '@odata.context': `${this.baseUrl}/$metadata#users${select ? `(${select})` : ''}/$entity` };
    for (const f of fields) if (f in all) json[f] = all[f];
    return json;
  }

  async close(): Promise<void> {
    await this.listener.close();
  }

  private async before(ctx: RouteContext): Promise<Reply | undefined> {
    const fault = this.faults.take();
    if (fault) {
      const code =
        fault.status === 429
          ? 'TooManyRequests'
          : fault.status === 503
            ? 'ServiceUnavailable'
            : 'InternalServerError';
      return faultReply(fault, this.error(fault.status, code, `Fake fault ${fault.status}.`).body);
    }
    const auth = this.opts.auth;
    if (!auth) return undefined;
    const token = bearerToken(ctx.headers);
    if (!token) return this.error(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    let roles: unknown;
    try {
      ({ roles } = await auth.issuer.verify(token, {
        audience: auth.audience ?? 'https://graph.microsoft.com',
      }));
    } catch (err) {
      const expired = err instanceof Error && 'code' in err && err.code === 'ERR_JWT_EXPIRED';
      return this.error(
        401,
        'InvalidAuthenticationToken',
        expired
          ? 'Lifetime validation failed, the token is expired.'
          : `Access token validation failure. ${String(err)}`,
      );
    }
    const granted = Array.isArray(roles) ? roles : [];
    const missing = (auth.requiredRoles ?? []).filter((r) => !granted.includes(r));
    if (missing.length > 0)
      return this.error(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    return undefined;
  }

  private mountUserRoutes(): void {
    this.route('POST', '/v1.0/users/:id/teamwork/sendActivityNotification', (ctx) => {
      const userId = ctx.params.id ?? '';
      if (this.activityFeedDown !== null)
        return this.error(this.activityFeedDown, 'ServiceUnavailable', 'The activity feed is down.');
      if (!this.user(userId)) return this.notFoundUser(userId);
      let body: unknown;
      try {
        body = JSON.parse(ctx.body);
      } catch {
        body = null;
      }
      if (!isActivityNotification(body))
        return this.error(400, 'BadRequest', 'Invalid request body for sendActivityNotification.');
      this.activityNotifications.push({ userId, body, time: Date.now() });
      return { status: 204 };
    });
    this.route('GET', '/v1.0/users/:id', (ctx) => {
      const user = this.user(ctx.params.id ?? '');
      if (!user) return this.notFoundUser(ctx.params.id ?? '');
      return { status: 200, body: this.userJson(user, ctx.query.get('$select')) };
    });
    this.route('GET', '/v1.0/users/:id/manager', (ctx) => {
      const user = this.user(ctx.params.id ?? '');
      if (!user) return this.notFoundUser(ctx.params.id ?? '');
      const manager = user.managerId ? this.user(user.managerId) : undefined;
      if (!manager)
        return this.error(
          404,
          'Request_ResourceNotFound',
          "Resource 'manager' does not exist or one of its queried reference-property objects are not present.",
        );
      return { status: 200, body: this.userJson(manager, ctx.query.get('$select'), 'manager') };
    });
    const directReports: RouteHandler = (ctx) => {
      const id = ctx.params.id ?? '';
      if (!this.user(id)) return this.notFoundUser(id);
      const select = ctx.query.get('$select');
      const reports = [...this.users.values()].filter((u) => u.managerId === id);
      return this.page(
        reports.map((u) => ({ '@odata.type': '#microsoft.graph.user', ...this.userJson(u, select) })),
        ctx,
      );
    };
    this.route('GET', '/v1.0/users/:id/directReports', directReports);
    this.route('GET', '/v1.0/users/:id/directReports/microsoft.graph.user', directReports);
    this.route('GET', '/v1.0/users/:id/mailboxSettings/automaticRepliesSetting', (ctx) => {
      const id = ctx.params.id ?? '';
      const user = this.user(id);
      if (!user) return this.notFoundUser(id);
      const failure = this.automaticRepliesFailures.get(id);
      if (failure !== undefined)
        return this.error(failure, 'ErrorInternalServerError', 'Mailbox unavailable.');
      if (user.mail === null)
        return this.error(
          404,
          'MailboxNotEnabledForRESTAPI',
          'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
        );
      const setting = this.automaticReplies.get(id) ?? { status: 'disabled' };
      const never = { dateTime: '2000-01-01T00:00:00.0000000', timeZone: 'UTC' };
      return {
        status: 200,
        body: {
          '@odata.context': `${this.baseUrl}/$metadata#users('${id}')/mailboxSettings/automaticRepliesSetting`,
          status: setting.status,
          externalAudience: 'none',
          scheduledStartDateTime: setting.scheduledStartDateTime ?? never,
          scheduledEndDateTime: setting.scheduledEndDateTime ?? never,
          internalReplyMessage: setting.status === 'disabled' ? '' : 'I am out of the office.',
          externalReplyMessage: '',
        },
      };
    });
  }

  private mountTeamsRoutes(): void {
    this.route('GET', '/v1.0/users', (ctx) =>
      this.page(
        [...this.users.values()].map((u) => this.userJson(u, ctx.query.get('$select'))),
        ctx,
      ),
    );
    this.route('GET', '/v1.0/groups/:id/members/microsoft.graph.user', (ctx) => {
      const members = this.groups.get(ctx.params.id ?? '');
      if (!members)
        return this.error(404, 'Request_ResourceNotFound', `Group ${ctx.params.id ?? ''} not found.`);
      const users = members.map((id) => this.user(id)).filter((u): u is FakeGraphUser => !!u);
      return this.page(
        users.map((u) => this.userJson(u, ctx.query.get('$select'))),
        ctx,
      );
    });
    this.route('POST', '/v1.0/users/:id/teamwork/installedApps', (ctx) => {
      const userId = ctx.params.id ?? '';
      if (!this.user(userId)) return this.notFoundUser(userId);
      let bind: unknown;
      try {
        bind = (JSON.parse(ctx.body) as Record<string, unknown>)['teamsApp@odata.bind'];
      } catch {
        bind = undefined;
      }
      const teamsAppId =
        typeof bind === 'string' ? /\/appCatalogs\/teamsApps\/([^/?]+)$/.exec(bind)?.[1] : undefined;
      if (!teamsAppId)
        return this.error(400, 'BadRequest', 'teamsApp@odata.bind must name an app in the catalog.');
      const key = `${userId}|${teamsAppId}`;
      if (this.installed.has(key)) return this.error(409, 'Conflict', 'The app is already installed.');
      this.installed.add(key);
      this.installs.push({ userId, teamsAppId: decodeURIComponent(teamsAppId) });
      this.onInstall?.(userId, decodeURIComponent(teamsAppId));
      return { status: 201, body: { id: randomUUID() } };
    });
  }

  private notFoundUser(id: string): Reply {
    return this.error(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
}
