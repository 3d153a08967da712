/**
 * Teams meetings for events: a calendar event with an online meeting on the organizer's calendar,
 * created and changed on the organizer's behalf (their Teams SSO token), and the meeting's attendance
 * report, read with the app's own token after the event.
 */
import type { AttendanceRecord, Meeting } from '../domain/events/types';

export interface MeetingDetails {
  subject: string;
  /** Plain text: the event's description and its page. */
  body: string;
  startsAt: Date;
  endsAt: Date;
}

/** Who acts: their Entra object id and the bearer token they signed in to the tab with. */
export interface MeetingActor {
  userId: string;
  userToken: string | null;
}

export interface Meetings {
  /** False on the local default (no Graph): events have no join link. */
  readonly enabled: boolean;
  create(actor: MeetingActor, details: MeetingDetails): Promise<Meeting>;
  update(actor: MeetingActor, meeting: Meeting, details: MeetingDetails): Promise<void>;
  cancel(actor: MeetingActor, meeting: Meeting, comment: string): Promise<void>;
  /** Everyone in the meeting's attendance reports, or null when Teams has no report (yet). */
  attendance(meeting: Meeting): Promise<AttendanceRecord[] | null>;
}

/** The local default: no Teams meetings. */
export const noMeetings: Meetings = {
  enabled: false,
  create: () => Promise.reject(new Error('Teams meetings are not configured.')),
  update: async () => undefined,
  cancel: async () => undefined,
  attendance: async () => null,
};
