/** Outreach events and training sessions, their registrations and attendance. */
export const EVENT_KINDS = ['outreach', 'training'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const AUDIENCES = ['staff', 'public'] as const;
export type Audience = (typeof AUDIENCES)[number];

export type EventStatus = 'scheduled' | 'cancelled';

/** The Teams meeting behind an event (a calendar event on the organizer's calendar). */
export interface Meeting {
  /** Id of the calendar event in the organizer's mailbox. */
  graphEventId: string;
  joinUrl: string;
  /** Entra object id of the organizer (whose calendar and whose attendance reports). */
  organizerId: string;
}

export const MATERIAL_KINDS = ['slides', 'recording', 'handout', 'other'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

export interface Material {
  kind: MaterialKind;
  label: string;
  url: string;
}

export interface EventRecord {
  id: string;
  /** Unguessable id of the public registration page (`/events/{publicId}`). */
  publicId: string;
  kind: EventKind;
  audience: Audience;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  /** The IANA zone the times were given in and are shown in. */
  timeZone: string;
  /** Seats; null = no limit. */
  capacity: number | null;
  presenters: string[];
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  /** Trainings: share of the scheduled time a person must attend for a certificate. */
  completionPercent: number;
  status: EventStatus;
  meeting: Meeting | null;
  materials: Material[];
  organizerId: string;
  organizerName: string;
  cancelReason: string | null;
  /** When the attendance was last read from Teams (null: never). */
  attendanceReadAt: Date | null;
  /** Attendees of the meeting's report who matched no registration. */
  unmatchedAttendees: UnmatchedAttendee[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled';

export interface Registration {
  id: string;
  eventId: string;
  /** Staff: Entra object id; public registrants: null. */
  userId: string | null;
  name: string;
  email: string | null;
  status: RegistrationStatus;
  /** Secret of the personal link (`/events/r/{token}`): cancel, join link, certificate. */
  token: string;
  createdAt: Date;
  /** Minutes attended (null: not known yet). */
  attendedMinutes: number | null;
  attendanceSource: 'report' | 'manual' | null;
}

export interface UnmatchedAttendee {
  name: string;
  email: string | null;
  userId: string | null;
  minutes: number;
}

/** One person in a meeting's attendance report (all their joins and leaves summed). */
export interface AttendanceRecord {
  userId: string | null;
  email: string | null;
  name: string;
  totalSeconds: number;
}
