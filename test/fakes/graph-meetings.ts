/**
 * Calendar events with Teams meetings and their attendance reports, mounted on a FakeGraph by
 * `FakeGraph` itself (see graph.ts). Speaks Graph v1.0's documented JSON:
 *
 * - `POST /me/events`, `POST /users/{id}/events`: a calendar event; with `isOnlineMeeting: true` and
 *   `onlineMeetingProvider: "teamsForBusiness"` it gets `onlineMeeting.joinUrl` and an online meeting
 *   (findable by join URL). `/me` is the token's `oid` (delegated tokens).
 * - `GET|PATCH /me|users/{id}/events/{eid}`; `POST …/events/{eid}/cancel` (202, marks it cancelled).
 * - `GET /users/{id}/onlineMeetings?$filter=JoinWebUrl eq '{url}'`.
 * - `GET /users/{id}/onlineMeetings/{mid}/attendanceReports` and
 *   `…/attendanceReports/{rid}/attendanceRecords`, both paged with `@odata.nextLink`.
 *
 * Tests add reports with `addAttendanceReport(joinUrl, records)`.
 */
import { randomUUID } from 'node:crypto';
import type { Reply, RouteContext } from './http-kit';

export interface FakeCalendarEvent {
  id: string;
  ownerId: string;
  subject: string;
  body: unknown;
  start: unknown;
  end: unknown;
  attendees: unknown[];
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string | null;
  joinUrl: string | null;
  isCancelled: boolean;
  /** Every PATCH body, in order. */
  patches: Record<string, unknown>[];
  cancelComment: string | null;
}

export interface FakeOnlineMeeting {
  id: string;
  ownerId: string;
  joinWebUrl: string;
  reports: Array<{ id: string; records: FakeAttendanceRecord[] }>;
}

export interface FakeAttendanceRecord {
  /** Entra object id (`identity.id`); null for an anonymous (public) attendee. */
  userId: string | null;
  displayName: string;
  email: string | null;
  totalAttendanceInSeconds: number;
  role?: 'Organizer' | 'Presenter' | 'Attendee';
}

/** What the meeting routes need of the FakeGraph. */
export interface MeetingHost {
  baseUrl: string;
  route(method: string, pattern: string, handler: (ctx: RouteContext) => Reply | Promise<Reply>): unknown;
  error(status: number, code: string, message: string): Reply;
  page(items: unknown[], ctx: RouteContext): Reply;
}

export class FakeMeetings {
  readonly events = new Map<string, FakeCalendarEvent>();
  readonly meetings = new Map<string, FakeOnlineMeeting>();

  constructor(private readonly host: MeetingHost) {
    for (const prefix of ['/v1.0/me', '/v1.0/users/:user']) {
      host.route('POST', `${prefix}/events`, (ctx) => this.create(ctx));
      host.route('GET', `${prefix}/events/:eid`, (ctx) =>
        this.withEvent(ctx, (e) => ({ status: 200, body: this.eventJson(e) })),
      );
      host.route('PATCH', `${prefix}/events/:eid`, (ctx) => this.withEvent(ctx, (e) => this.patch(e, ctx)));
      host.route('POST', `${prefix}/events/:eid/cancel`, (ctx) =>
        this.withEvent(ctx, (e) => {
          e.isCancelled = true;
          e.cancelComment = (json(ctx.body).comment as string | undefined) ?? null;
          return { status: 202, body: undefined };
        }),
      );
    }
    host.route('GET', '/v1.0/users/:user/onlineMeetings', (ctx) => this.findMeetings(ctx));
    host.route('GET', '/v1.0/users/:user/onlineMeetings/:mid/attendanceReports', (ctx) =>
      this.withMeeting(ctx, (m) =>
        host.page(
          m.reports.map((r) => ({
            id: r.id,
            totalParticipantCount: r.records.length,
            meetingStartDateTime: null,
            meetingEndDateTime: null,
          })),
          ctx,
        ),
      ),
    );
    host.route(
      'GET',
      '/v1.0/users/:user/onlineMeetings/:mid/attendanceReports/:rid/attendanceRecords',
      (ctx) =>
        this.withMeeting(ctx, (m) => {
          const report = m.reports.find((r) => r.id === ctx.params.rid);
          if (!report) return host.error(404, 'NotFound', 'The attendance report was not found.');
          return host.page(
            report.records.map((r) => ({
              id: randomUUID(),
              emailAddress: r.email,
              totalAttendanceInSeconds: r.totalAttendanceInSeconds,
              role: r.role ?? 'Attendee',
              identity: { id: r.userId, displayName: r.displayName, tenantId: null },
              attendanceIntervals: [],
            })),
            ctx,
          );
        }),
    );
  }

  /** The calendar events created, in order. */
  get created(): FakeCalendarEvent[] {
    return [...this.events.values()];
  }

  /** Adds an attendance report to the meeting with this join URL. */
  addAttendanceReport(joinUrl: string, records: FakeAttendanceRecord[]): void {
    const meeting = [...this.meetings.values()].find((m) => m.joinWebUrl === joinUrl);
    if (!meeting) throw new Error(`No online meeting with join URL ${joinUrl}`);
    meeting.reports.push({ id: randomUUID(), records });
  }

  private owner(ctx: RouteContext): string | null {
    if (ctx.params.user) return ctx.params.user;
    const token = /^Bearer\s+(.+)$/i.exec(ctx.headers.authorization ?? '')?.[1];
    const payload = token?.split('.')[1];
    if (!payload) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      oid?: string;
      idtyp?: string;
    };
    // `/me` needs a delegated (user) token.
    return claims.idtyp === 'app' ? null : (claims.oid ?? null);
  }

  private create(ctx: RouteContext): Reply {
    const owner = this.owner(ctx);
    if (!owner)
      return this.host.error(
        400,
        'BadRequest',
        '/me request is only valid with delegated authentication flow.',
      );
    const b = json(ctx.body);
    if (typeof b.subject !== 'string' || !b.start || !b.end)
      return this.host.error(400, 'ErrorInvalidRequest', 'subject, start and end are required.');
    const online = b.isOnlineMeeting === true;
    const id = `AAMkAG${randomUUID().replace(/-/g, '')}`;
    const joinUrl = online
      ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${randomUUID().replace(/-/g, '')}%40thread.v2/0`
      : null;
    const event: FakeCalendarEvent = {
      id,
      ownerId: owner,
      subject: b.subject,
      body: b.body,
      start: b.start,
      end: b.end,
      attendees: Array.isArray(b.attendees) ? b.attendees : [],
      isOnlineMeeting: online,
      onlineMeetingProvider: typeof b.onlineMeetingProvider === 'string' ? b.onlineMeetingProvider : null,
      joinUrl,
      isCancelled: false,
      patches: [],
      cancelComment: null,
    };
    this.events.set(id, event);
    if (joinUrl) {
      const mid = Buffer.from(`1*${owner}*0**19:meeting_${id}@thread.v2`).toString('base64url');
      this.meetings.set(mid, { id: mid, ownerId: owner, joinWebUrl: joinUrl, reports: [] });
    }
    return { status: 201, body: this.eventJson(event) };
  }

  private patch(e: FakeCalendarEvent, ctx: RouteContext): Reply {
    const b = json(ctx.body);
    e.patches.push(b);
    if (typeof b.subject === 'string') e.subject = b.subject;
    if (b.start) e.start = b.start;
    if (b.end) e.end = b.end;
    if (b.body) e.body = b.body;
    if (Array.isArray(b.attendees)) e.attendees = b.attendees;
    return { status: 200, body: this.eventJson(e) };
  }

  private withEvent(ctx: RouteContext, fn: (e: FakeCalendarEvent) => Reply): Reply {
    const owner = this.owner(ctx);
    const e = this.events.get(ctx.params.eid ?? '');
    if (!e || e.ownerId !== owner)
      return this.host.error(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return fn(e);
  }

  private withMeeting(ctx: RouteContext, fn: (m: FakeOnlineMeeting) => Reply): Reply {
    const m = this.meetings.get(ctx.params.mid ?? '');
    if (!m || m.ownerId !== ctx.params.user)
      return this.host.error(404, 'NotFound', 'The online meeting was not found.');
    return fn(m);
  }

  private findMeetings(ctx: RouteContext): Reply {
    const filter = ctx.query.get('$filter') ?? '';
    const m = /^JoinWebUrl eq '((?:[^']|'')*)'$/i.exec(filter.trim());
    if (!m)
      return this.host.error(
        400,
        'BadRequest',
        "Filter on JoinWebUrl is required: $filter=JoinWebUrl eq '{url}'.",
      );
    const url = m[1]!.replace(/''/g, "'");
    const found = [...this.meetings.values()].filter(
      (x) => x.ownerId === ctx.params.user && x.joinWebUrl === url,
    );
    return {
      status: 200,
      body: {
        '@odata.context': `${this.host.baseUrl}/$metadata#users('${ctx.params.user}')/onlineMeetings`,
        value: found.map((x) => ({ id: x.id, joinWebUrl: x.joinWebUrl, subject: null })),
      },
    };
  }

  private eventJson(e: FakeCalendarEvent): Record<string, unknown> {
    return {
      '@odata.context': `${this.host.baseUrl}/$metadata#users('${e.ownerId}')/events/$entity`,
      id: e.id,
      subject: e.subject,
      body: e.body,
      start: e.start,
      end: e.end,
      attendees: e.attendees,
      isCancelled: e.isCancelled,
      isOnlineMeeting: e.isOnlineMeeting,
      onlineMeetingProvider: e.onlineMeetingProvider ?? 'unknown',
      onlineMeeting: e.joinUrl ? { joinUrl: e.joinUrl } : null,
    };
  }
}

function json(body: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body || '{}');
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
