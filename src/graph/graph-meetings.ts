/**
 * Teams meetings through Microsoft Graph.
 *
 * - Create: `POST /me/events` with `isOnlineMeeting: true, onlineMeetingProvider: "teamsForBusiness"`,
 *   delegated (on behalf of the outreach staff member, permission Calendars.ReadWrite): the meeting is on
 *   their calendar and they are its organizer. The join link is `onlineMeeting.joinUrl`.
 * - Edit: `PATCH /users/{organizer}/events/{id}` (subject, body, times); cancel:
 *   `POST /users/{organizer}/events/{id}/cancel`. Registrants are never added as attendees: PATCHing the
 *   attendee list re-sends the invitation to everyone on it, so registrants get the join link from
 *   Candor (bot card, confirmation page, .ics) instead.
 * - Attendance (app-only token, OnlineMeetingArtifact.Read.All plus an application access policy):
 *   `GET /users/{organizer}/onlineMeetings?$filter=JoinWebUrl eq '…'` → the meeting id →
 *   `/attendanceReports` → each report's `/attendanceRecords`, following `@odata.nextLink`.
 */
import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { AttendanceRecord, Meeting } from '../domain/events/types';
import { InvalidStateError } from '../domain/errors';
import type { MeetingActor, MeetingDetails, Meetings } from '../ports/meetings';
import { graphClient, relativeNextLink } from './graph-client';

export interface GraphMeetingsOptions {
  baseUrl: string;
  /** Delegated tokens for a user (on-behalf-of). */
  delegated(userToken: string): { getToken(): Promise<string> };
  /** App-only tokens (client credentials), for attendance reports. */
  appOnly: { getToken(): Promise<string> };
}

const createdEvent = z.object({
  id: z.string(),
  onlineMeeting: z.object({ joinUrl: z.string().nullish() }).nullish(),
});
const collection = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });
const onlineMeeting = z.object({ id: z.string() });
const report = z.object({ id: z.string() });
const record = z.object({
  emailAddress: z.string().nullish(),
  totalAttendanceInSeconds: z.number().nullish(),
  role: z.string().nullish(),
  identity: z.object({ id: z.string().nullish(), displayName: z.string().nullish() }).nullish(),
});

/** Graph's dateTimeTimeZone in UTC. */
const utc = (d: Date) => ({ dateTime: d.toISOString().replace(/\.\d{3}Z$/, ''), timeZone: 'UTC' });

export class GraphMeetings implements Meetings {
  readonly enabled = true;
  private readonly app: Client;

  constructor(private readonly opts: GraphMeetingsOptions) {
    this.app = graphClient(opts.baseUrl, opts.appOnly);
  }

  async create(actor: MeetingActor, details: MeetingDetails): Promise<Meeting> {
    const client = this.delegated(actor);
    const body = await this.call('create the Teams meeting', () =>
      client.api('/me/events').post({
        subject: details.subject,
        body: { contentType: 'text', content: details.body },
        start: utc(details.startsAt),
        end: utc(details.endsAt),
        isOnlineMeeting: true,
        onlineMeetingProvider: 'teamsForBusiness',
        allowNewTimeProposals: false,
        responseRequested: false,
      }),
    );
    const created = createdEvent.parse(body);
    let joinUrl = created.onlineMeeting?.joinUrl ?? null;
    if (!joinUrl) {
      // Exchange sometimes fills the online meeting in a moment after creating the event.
      const again = createdEvent.parse(
        await this.call('read the Teams meeting', () =>
          client
            .api(`/me/events/${encodeURIComponent(created.id)}`)
            .select(['id', 'onlineMeeting'])
            .get(),
        ),
      );
      joinUrl = again.onlineMeeting?.joinUrl ?? null;
    }
    if (!joinUrl)
      throw new InvalidStateError('Teams created the calendar event but gave it no meeting link.');
    return { graphEventId: created.id, joinUrl, organizerId: actor.userId };
  }

  async update(actor: MeetingActor, meeting: Meeting, details: MeetingDetails): Promise<void> {
    const client = this.delegated(actor);
    await this.call('update the Teams meeting', () =>
      client.api(this.eventPath(meeting)).patch({
        subject: details.subject,
        body: { contentType: 'text', content: details.body },
        start: utc(details.startsAt),
        end: utc(details.endsAt),
      }),
    );
  }

  async cancel(actor: MeetingActor, meeting: Meeting, comment: string): Promise<void> {
    const client = this.delegated(actor);
    await this.call('cancel the Teams meeting', () =>
      client.api(`${this.eventPath(meeting)}/cancel`).post({ comment }),
    );
  }

  async attendance(meeting: Meeting): Promise<AttendanceRecord[] | null> {
    const user = `/users/${encodeURIComponent(meeting.organizerId)}`;
    // The join URL holds percent-escapes (`19%3ameeting_…`): it is encoded once more so that Graph,
    // decoding the query, compares the URL exactly as it was given.
    const joinUrl = encodeURIComponent(meeting.joinUrl.replace(/'/g, "''"));
    const meetings = collection.parse(
      await this.call('find the Teams meeting', () =>
        this.app.api(`${user}/onlineMeetings`).filter(`JoinWebUrl eq '${joinUrl}'`).get(),
      ),
    );
    const found = meetings.value[0];
    if (!found) return null;
    const meetingPath = `${user}/onlineMeetings/${encodeURIComponent(onlineMeeting.parse(found).id)}`;
    const reports = await this.all(`${meetingPath}/attendanceReports`);
    if (reports.length === 0) return null;
    const out: AttendanceRecord[] = [];
    for (const r of reports) {
      const id = report.parse(r).id;
      for (const raw of await this.all(
        `${meetingPath}/attendanceReports/${encodeURIComponent(id)}/attendanceRecords`,
      )) {
        const rec = record.parse(raw);
        out.push({
          userId: rec.identity?.id || null,
          email: rec.emailAddress || null,
          name: rec.identity?.displayName || rec.emailAddress || 'Unknown attendee',
          totalSeconds: Math.max(0, Math.round(rec.totalAttendanceInSeconds ?? 0)),
        });
      }
    }
    return out;
  }

  /** Every item of a collection, following `@odata.nextLink`. */
  private async all(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let next: string | null = path;
    for (let pages = 0; next && pages < 500; pages++) {
      const url: string = next;
      const page = collection.parse(
        await this.call('read the attendance report', () => this.app.api(url).get()),
      );
      items.push(...page.value);
      const link = page['@odata.nextLink'];
      next = link ? relativeNextLink(this.opts.baseUrl, link) : null;
      if (link && !next) throw new InvalidStateError('Microsoft Graph answered a next page on another host.');
    }
    return items;
  }

  private eventPath(meeting: Meeting): string {
    return `/users/${encodeURIComponent(meeting.organizerId)}/events/${encodeURIComponent(meeting.graphEventId)}`;
  }

  private delegated(actor: MeetingActor): Client {
    if (!actor.userToken)
      throw new InvalidStateError(
        'Teams meetings are made on your behalf: sign in to the tab through Teams.',
      );
    return graphClient(this.opts.baseUrl, this.opts.delegated(actor.userToken));
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw new MeetingServiceError(what, err);
    }
  }
}

/**
 * Graph refused or could not be reached; the message says what failed, never a token. Nothing was
 * changed in Candor (the API answers 409 with this message).
 */
export class MeetingServiceError extends InvalidStateError {
  readonly status: number | null;
  constructor(what: string, cause: unknown) {
    const status = cause instanceof GraphError && cause.statusCode > 0 ? cause.statusCode : null;
    const reason =
      status === 403 || status === 404
        ? 'Microsoft Graph refused (only the meeting organizer, or someone with access to their calendar, can change it)'
        : status
          ? `Microsoft Graph answered ${status}`
          : `Microsoft Graph could not be reached (${cause instanceof Error ? cause.message : String(cause)})`;
    super(`Could not ${what}: ${reason}. Nothing was changed.`);
    this.status = status;
  }
}
