/**
 * FakeBotConnector: the Bot Framework Connector REST API as Teams serves it, on loopback. Point the
 * bot's serviceUrl at `serviceUrl` and every message it sends lands here, recorded.
 *
 * Routes:
 * - `POST /v3/conversations`: createConversation (`{bot, members:[{id}], channelData:{tenant:{id}},
 *   isGroup, activity?}`) → 201 `{id, activityId?}`. Like Teams, a 1:1 conversation between the same bot
 *   and member gets the same id each time. Every call is in `conversationsCreated`.
 * - `POST /v3/conversations/{cid}/activities` (send) and `.../activities/{aid}` (reply) → 201 `{id}`.
 * - `PUT /v3/conversations/{cid}/activities/{aid}` (update) → 200 `{id}`; 404 for an unknown activity.
 * - `DELETE /v3/conversations/{cid}/activities/{aid}` → 200.
 * - `GET /v3/conversations/{cid}/members` and `.../members/{mid}` (members of conversations created
 *   here or added with `addConversation`, enriched from `roster`).
 *
 * Conversations the bot learned from an incoming activity need no setup: sending to any id works.
 * `failNext(n, status, { retryAfterSeconds })` makes the next n requests fail; `requireAuth` demands a
 * bearer token from a FakeEntraId (audience `https://api.botframework.com` by default), else 401.
 *
 * Teams' limits and a flaky service, for the campaign fan-out:
 * - `limits: { tenantRps, conversationRps }` enforces them over sliding one-second windows: a request
 *   beyond either is answered 429 with Retry-After and not served (counted in `limitRejections`).
 * - `failureShare` (0–1) answers that share of the admitted requests, at random, with one of
 *   `failureStatuses` (default 429, 412, 502, 503, 504; 429 and 503 with `Retry-After: 1`).
 * - `removeApp(userId)`: the app is uninstalled for that person: creating a chat with them, or sending
 *   to a chat of theirs, answers 403 until `installApp(userId)` (the fake Graph's installedApps route).
 * - Every card sent is recorded by its `channelData.idempotencyKey` (`deliveries`), so a test can count
 *   cards per recipient: duplicates and losses.
 */
import { EventEmitter } from 'node:events';
import type { FakeEntraId } from './entra-id';
import { bearerToken, dispatcher, FaultQueue, faultReply, listen, RouteTable } from './http-kit';
import { SlidingWindow } from './rate-window';
import type { FaultOptions, Listening, LoggedRequest, Reply, RouteContext } from './http-kit';

/** An activity as JSON (botbuilder's Activity, without depending on botbuilder). */
export type ActivityJson = Record<string, unknown>;

/** A Teams channel account as the Connector returns it. */
export interface ConnectorMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
}

/** One activity the bot sent (send or reply) or updated. */
export interface RecordedActivity {
  kind: 'send' | 'reply' | 'update';
  conversationId: string;
  activityId: string;
  activity: ActivityJson;
  /** The Authorization header it came with, if any. */
  authorization?: string;
  /** For replies: the activity replied to. */
  replyToId?: string;
  time: number;
}

export interface CreatedConversation {
  conversationId: string;
  /** The request body as sent. */
  request: ActivityJson;
  /** Id of the activity sent with the request, if it had one. */
  activityId?: string;
  authorization?: string;
}

export interface FakeBotConnectorOptions {
  /** People the Connector knows, used to answer member lookups. */
  roster?: ConnectorMember[];
  /** Teams' rate limits (requests per second), enforced with 429 + Retry-After. */
  limits?: { tenantRps: number; conversationRps: number };
  /** Share (0–1) of admitted requests answered with a random status of `failureStatuses`. */
  failureShare?: number;
  failureStatuses?: number[];
  /** Random numbers for `failureShare` (default Math.random). */
  random?: () => number;
  /** Demand `Authorization: Bearer <jwt>` issued by this FakeEntraId. */
  requireAuth?: { issuer: FakeEntraId; audience?: string };
}

interface Conversation {
  id: string;
  members: ConnectorMember[];
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export class FakeBotConnector {
  /** Sends and replies, in order. */
  readonly sent: RecordedActivity[] = [];
  /** Updates, in order. */
  readonly updates: RecordedActivity[] = [];
  /** Deleted activities as `{conversationId, activityId}`. */
  readonly deleted: Array<{ conversationId: string; activityId: string }> = [];
  readonly conversationsCreated: CreatedConversation[] = [];
  /** Every HTTP request in arrival order. */
  readonly requests: LoggedRequest[] = [];
  /** Sends by `channelData.idempotencyKey`, in order. */
  readonly deliveries = new Map<string, RecordedActivity[]>();
  /** Requests refused because they were beyond `limits`. */
  limitRejections = 0;
  /** Requests answered with an injected failure, by status. */
  readonly injectedFailures = new Map<number, number>();
  /** Arrival times of every request to /v3/conversations (admitted or not): the offered rate. */
  readonly offered: number[] = [];
  failureShare: number;

  private readonly tenantWindow: SlidingWindow | null;
  private readonly conversationWindows = new Map<string, SlidingWindow>();
  private readonly removedFor = new Set<string>();

  private readonly all: RecordedActivity[] = [];
  private readonly current = new Map<string, ActivityJson>();
  private readonly conversations = new Map<string, Conversation>();
  private readonly oneOnOne = new Map<string, string>();
  private readonly roster: ConnectorMember[];
  private readonly faults = new FaultQueue();
  private readonly routes = new RouteTable();
  private readonly events = new EventEmitter();
  private counter = 0;
  private listener!: Listening;

  private constructor(private readonly opts: FakeBotConnectorOptions) {
    this.roster = [...(opts.roster ?? [])];
    this.tenantWindow = opts.limits ? new SlidingWindow(opts.limits.tenantRps) : null;
    this.failureShare = opts.failureShare ?? 0;
    this.mount();
  }

  static async start(opts: FakeBotConnectorOptions = {}): Promise<FakeBotConnector> {
    const fake = new FakeBotConnector(opts);
    fake.listener = await listen(
      dispatcher({
        routes: fake.routes,
        log: fake.requests,
        before: (ctx) => fake.before(ctx),
        notFound: (ctx) => connectorError(404, 'NotFound', `No route ${ctx.method} ${ctx.path}`),
      }),
    );
    return fake;
  }

  /** Base URL, e.g. `http://127.0.0.1:PORT`. */
  get url(): string {
    return this.listener.url;
  }

  /** `${url}/`: what to use as the bot's serviceUrl (Teams' service URLs end with a slash). */
  get serviceUrl(): string {
    return `${this.url}/`;
  }

  /** The next `n` requests answer `status` (with Retry-After when given) and are not served. */
  failNext(n: number, status: number, opts: FaultOptions = {}): void {
    this.faults.failNext(n, status, opts);
  }

  /** The app is removed for this person: their chats answer 403 until `installApp`. */
  removeApp(userId: string): void {
    this.removedFor.add(userId);
  }

  installApp(userId: string): void {
    this.removedFor.delete(userId);
  }

  /** Peak requests admitted within one second, tenant-wide (0 without `limits`). */
  get peakTenantRate(): number {
    return this.tenantWindow?.peak ?? 0;
  }

  /** Make a conversation's members known (e.g. one the bot learned from an incoming activity). */
  addConversation(id: string, members: ConnectorMember[]): void {
    this.conversations.set(id, { id, members: members.map((m) => this.resolveMember(m.id, m)) });
  }

  /** The activity as last sent or updated, or undefined. */
  latest(conversationId: string, activityId: string): ActivityJson | undefined {
    return this.current.get(key(conversationId, activityId));
  }

  /** Adaptive Cards in activities sent (not updates) to a conversation, in order. */
  cardsSentTo(conversationId: string): Array<{ activityId: string; card: Record<string, unknown> }> {
    return this.sent
      .filter((s) => s.conversationId === conversationId)
      .flatMap((s) => adaptiveCards(s.activity).map((card) => ({ activityId: s.activityId, card })));
  }

  /**
   * Resolve with the first recorded send, reply or update matching `predicate` — already recorded or
   * yet to come. Rejects after `timeoutMs` (default 5000) with a list of everything recorded.
   */
  waitFor(
    predicate: (entry: RecordedActivity) => boolean,
    opts: { timeoutMs?: number } = {},
  ): Promise<RecordedActivity> {
    const found = this.all.find(predicate);
    if (found) return Promise.resolve(found);
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const onRecorded = (entry: RecordedActivity): void => {
        if (!predicate(entry)) return;
        clearTimeout(timer);
        this.events.off('recorded', onRecorded);
        resolve(entry);
      };
      const timer = setTimeout(() => {
        this.events.off('recorded', onRecorded);
        reject(
          new Error(`FakeBotConnector.waitFor: nothing matched within ${timeoutMs} ms. ${this.describe()}`),
        );
      }, timeoutMs);
      this.events.on('recorded', onRecorded);
    });
  }

  /** A readable list of what was recorded, for failure messages. */
  describe(): string {
    if (this.all.length === 0) return 'Nothing was recorded.';
    const lines = this.all.map((e) => {
      const a = e.activity;
      const text = typeof a.text === 'string' ? ` text=${JSON.stringify(a.text.slice(0, 60))}` : '';
      const cards = adaptiveCards(a).length;
      return `  ${e.kind} conversation=${e.conversationId} activity=${e.activityId} type=${String(a.type)}${text}${cards ? ` cards=${cards}` : ''}`;
    });
    return `Recorded:\n${lines.join('\n')}`;
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
    await this.listener.close();
  }

  private async before(ctx: RouteContext): Promise<Reply | undefined> {
    const fault = this.faults.take();
    if (fault) {
      const code = fault.status === 429 ? 'TooManyRequests' : 'ServiceError';
      return faultReply(fault, { error: { code, message: `Fake fault ${fault.status}.` } });
    }
    if (ctx.path.startsWith('/v3/conversations')) {
      const refused = this.limit(ctx) ?? this.injectFailure() ?? this.appRemoved(ctx);
      if (refused) return refused;
    }
    const auth = this.opts.requireAuth;
    if (!auth) return undefined;
    const token = bearerToken(ctx.headers);
    const denied: Reply = {
      status: 401,
      body: { message: 'Authorization has been denied for this request.' },
    };
    if (!token) return denied;
    try {
      await auth.issuer.verify(token, { audience: auth.audience ?? 'https://api.botframework.com' });
    } catch {
      return denied;
    }
    return undefined;
  }

  private limit(ctx: RouteContext): Reply | undefined {
    const now = Date.now();
    this.offered.push(now);
    if (!this.opts.limits || !this.tenantWindow) return undefined;
    const cid = /^\/v3\/conversations\/([^/]+)/.exec(ctx.path)?.[1];
    let wait: number | null = null;
    if (cid) {
      let window = this.conversationWindows.get(cid);
      if (!window)
        this.conversationWindows.set(cid, (window = new SlidingWindow(this.opts.limits.conversationRps)));
      wait = window.admit(now);
    }
    wait ??= this.tenantWindow.admit(now);
    if (wait === null) return undefined;
    this.limitRejections++;
    return {
      status: 429,
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) },
      body: {
        error: { code: 'TooManyRequests', message: 'Too many requests: the rate limit was exceeded.' },
      },
    };
  }

  private injectFailure(): Reply | undefined {
    if (this.failureShare <= 0 || (this.opts.random ?? Math.random)() >= this.failureShare) return undefined;
    const statuses = this.opts.failureStatuses ?? [429, 412, 502, 503, 504];
    const status = statuses[Math.floor((this.opts.random ?? Math.random)() * statuses.length)]!;
    this.injectedFailures.set(status, (this.injectedFailures.get(status) ?? 0) + 1);
    return {
      status,
      headers: status === 429 || status === 503 ? { 'Retry-After': '1' } : {},
      body: {
        error: { code: status === 429 ? 'TooManyRequests' : 'ServiceError', message: `Injected ${status}.` },
      },
    };
  }

  /** 403 for a chat with someone the app was removed for (creating one, or sending to one). */
  private appRemoved(ctx: RouteContext): Reply | undefined {
    if (this.removedFor.size === 0 || ctx.method !== 'POST') return undefined;
    let memberIds: string[] = [];
    const cid = /^\/v3\/conversations\/([^/]+)\/activities/.exec(ctx.path)?.[1];
    if (cid) memberIds = (this.conversations.get(decodeURIComponent(cid))?.members ?? []).map((m) => m.id);
    else if (ctx.path === '/v3/conversations') {
      const body = parseJson(ctx.body);
      memberIds = Array.isArray(body?.members)
        ? (body.members as Array<{ id?: unknown }>).map((m) => String(m.id))
        : [];
    }
    if (!memberIds.some((id) => this.removedFor.has(id))) return undefined;
    return connectorError(
      403,
      'BotNotInConversationRoster',
      'The bot is not part of the conversation roster.',
    );
  }

  private mount(): void {
    this.routes
      .add('POST', '/v3/conversations', (ctx) => this.createConversation(ctx))
      .add('POST', '/v3/conversations/:cid/activities', (ctx) => this.record(ctx, 'send'))
      .add('POST', '/v3/conversations/:cid/activities/:aid', (ctx) => this.record(ctx, 'reply'))
      .add('PUT', '/v3/conversations/:cid/activities/:aid', (ctx) => this.record(ctx, 'update'))
      .add('DELETE', '/v3/conversations/:cid/activities/:aid', (ctx) => this.remove(ctx))
      .add('GET', '/v3/conversations/:cid/members', (ctx) => ({
        status: 200,
        body: this.conversations.get(ctx.params.cid ?? '')?.members ?? [],
      }))
      .add('GET', '/v3/conversations/:cid/members/:mid', (ctx) => {
        const member = this.conversations
          .get(ctx.params.cid ?? '')
          ?.members.find((m) => m.id === ctx.params.mid || m.aadObjectId === ctx.params.mid);
        return member
          ? { status: 200, body: member }
          : connectorError(
              404,
              'MemberNotFound',
              `Member ${ctx.params.mid ?? ''} is not in the conversation.`,
            );
      });
  }

  private createConversation(ctx: RouteContext): Reply {
    const body = parseJson(ctx.body);
    if (!body) return connectorError(400, 'BadArgument', 'The request body is not JSON.');
    const members = Array.isArray(body.members) ? (body.members as Array<{ id?: unknown }>) : [];
    if (members.length === 0 || typeof members[0]?.id !== 'string')
      return connectorError(400, 'BadArgument', 'members must hold at least one {id}.');
    const tenantId = tenantOf(body);
    const botId =
      typeof (body.bot as { id?: unknown } | undefined)?.id === 'string'
        ? (body.bot as { id: string }).id
        : '';
    const isGroup = body.isGroup === true;
    const memberIds = members.map((m) => String(m.id));

    let conversationId: string;
    const pairKey = `${tenantId}|${botId}|${memberIds[0] ?? ''}`;
    const existing = !isGroup && memberIds.length === 1 ? this.oneOnOne.get(pairKey) : undefined;
    if (existing) conversationId = existing;
    else {
      conversationId = isGroup ? `19:${this.nextId()}@thread.v2` : `a:1${this.nextId()}`;
      if (!isGroup && memberIds.length === 1) this.oneOnOne.set(pairKey, conversationId);
      this.conversations.set(conversationId, {
        id: conversationId,
        members: memberIds.map((id) => this.resolveMember(id, { id, ...(tenantId ? { tenantId } : {}) })),
      });
    }
    let activityId: string | undefined;
    if (body.activity && typeof body.activity === 'object')
      activityId = this.store(
        'send',
        conversationId,
        body.activity as ActivityJson,
        ctx.headers.authorization,
      ).activityId;
    this.conversationsCreated.push({
      conversationId,
      request: body,
      ...(activityId ? { activityId } : {}),
      ...(ctx.headers.authorization ? { authorization: ctx.headers.authorization } : {}),
    });
    return { status: 201, body: { id: conversationId, ...(activityId ? { activityId } : {}) } };
  }

  private record(ctx: RouteContext, kind: RecordedActivity['kind']): Reply {
    const activity = parseJson(ctx.body);
    if (!activity) return connectorError(400, 'BadArgument', 'The request body is not JSON.');
    const cid = ctx.params.cid ?? '';
    const aid = ctx.params.aid;
    if (kind === 'update') {
      if (!aid || !this.current.has(key(cid, aid)))
        return connectorError(
          404,
          'ActivityNotFound',
          `Activity ${aid ?? ''} was not found in conversation ${cid}.`,
        );
      this.store('update', cid, activity, ctx.headers.authorization, aid);
      return { status: 200, body: { id: aid } };
    }
    const entry = this.store(
      kind,
      cid,
      activity,
      ctx.headers.authorization,
      undefined,
      kind === 'reply' ? aid : undefined,
    );
    return { status: 201, body: { id: entry.activityId } };
  }

  private remove(ctx: RouteContext): Reply {
    const cid = ctx.params.cid ?? '';
    const aid = ctx.params.aid ?? '';
    if (!this.current.delete(key(cid, aid)))
      return connectorError(404, 'ActivityNotFound', `Activity ${aid} was not found in conversation ${cid}.`);
    this.deleted.push({ conversationId: cid, activityId: aid });
    return { status: 200 };
  }

  private store(
    kind: RecordedActivity['kind'],
    conversationId: string,
    activity: ActivityJson,
    authorization: string | undefined,
    existingId?: string,
    replyToId?: string,
  ): RecordedActivity {
    const activityId = existingId ?? `1:${this.nextId()}`;
    const entry: RecordedActivity = {
      kind,
      conversationId,
      activityId,
      activity,
      ...(authorization ? { authorization } : {}),
      ...(replyToId ? { replyToId } : {}),
      time: Date.now(),
    };
    (kind === 'update' ? this.updates : this.sent).push(entry);
    this.all.push(entry);
    const idempotencyKey = (activity.channelData as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
    if (kind !== 'update' && typeof idempotencyKey === 'string') {
      const list = this.deliveries.get(idempotencyKey) ?? [];
      list.push(entry);
      this.deliveries.set(idempotencyKey, list);
    }
    this.current.set(key(conversationId, activityId), activity);
    this.events.emit('recorded', entry);
    return entry;
  }

  private resolveMember(id: string, fallback: ConnectorMember): ConnectorMember {
    return this.roster.find((m) => m.id === id || m.aadObjectId === id) ?? fallback;
  }

  private nextId(): string {
    this.counter += 1;
    return `${Date.now().toString(36)}${this.counter.toString().padStart(4, '0')}`;
  }
}

function key(conversationId: string, activityId: string): string {
  return `${conversationId}\u0000${activityId}`;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function tenantOf(body: Record<string, unknown>): string {
  const channelData = body.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  if (typeof fromChannelData === 'string') return fromChannelData;
  return typeof body.tenantId === 'string' ? body.tenantId : '';
}

function adaptiveCards(activity: ActivityJson): Array<Record<string, unknown>> {
  const attachments = Array.isArray(activity.attachments)
    ? (activity.attachments as Array<Record<string, unknown>>)
    : [];
  return attachments
    .filter((a) => a.contentType === ADAPTIVE_CARD && a.content !== null && typeof a.content === 'object')
    .map((a) => a.content as Record<string, unknown>);
}

function connectorError(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}
