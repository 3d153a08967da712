import type { ReminderOffset } from '../../domain/events/reminders';
import type { Clock } from '../../ports/clock';
import type { Directory } from '../../ports/directory';
import type { EventStore } from '../../ports/event-store';
import type { Meetings } from '../../ports/meetings';
import type { EventCertificates } from './certificates';

/** What the event use cases need from the outside world. */
export interface EventDeps {
  store: EventStore;
  meetings: Meetings;
  directory: Directory;
  clock: Clock;
  /** The agency's IANA zone: the default for new events. */
  timeZone: string;
  reminderOffsets: ReminderOffset[];
  /** How long after the end the meeting's attendance report is read. */
  attendanceDelayMinutes: number;
  /** `${PUBLIC_URL}`: links on cards and in meeting bodies. */
  publicUrl: string;
  /** Null until the certificate module is wired: trainings then record attendance only. */
  certificates: EventCertificates | null;
}
