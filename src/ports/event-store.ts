/** Storage of events and registrations. Writes happen in a transaction holding the event's row lock. */
import type { EventRecord, Registration } from '../domain/events/types';
import type { AuditEntryInput } from './disclosure-store';
import type { Job } from './jobs';

export interface EventTx {
  insertEvent(event: EventRecord): Promise<void>;
  /** Loads and locks the event until the transaction ends: registrations of one event are serialised. */
  getForUpdate(id: string): Promise<EventRecord | null>;
  /** Writes the event and bumps its version. */
  updateEvent(event: EventRecord): Promise<EventRecord>;
  registrations(eventId: string): Promise<Registration[]>;
  findRegistration(
    eventId: string,
    person: { userId: string } | { email: string },
  ): Promise<Registration | null>;
  registrationById(id: string): Promise<Registration | null>;
  countRegistered(eventId: string): Promise<number>;
  /** The longest-waiting person on the waitlist. */
  firstWaitlisted(eventId: string): Promise<Registration | null>;
  insertRegistration(r: Registration): Promise<void>;
  /** Writes status and attendance; `requeue` moves the person to the back of the waitlist. */
  updateRegistration(r: Registration, opts?: { requeue?: boolean }): Promise<void>;
  markMaterialsSent(eventId: string, at: Date): Promise<void>;
  audit(entry: AuditEntryInput): Promise<void>;
  enqueue(job: Job, options?: { startAfter?: Date }): Promise<void>;
}

export interface EventStore {
  transaction<T>(work: (tx: EventTx) => Promise<T>): Promise<T>;
  get(id: string): Promise<EventRecord | null>;
  getByPublicId(publicId: string): Promise<EventRecord | null>;
  /** Scheduled events that have not ended at `now`, soonest first. */
  listUpcoming(now: Date, limit: number): Promise<EventRecord[]>;
  /** Events that ended before `now` or were cancelled, latest first. */
  listPast(now: Date, limit: number): Promise<EventRecord[]>;
  registrations(eventId: string): Promise<Registration[]>;
  registrationByToken(token: string): Promise<Registration | null>;
  /** A person's registrations (any status) for these events. */
  registrationsOf(userId: string, eventIds: string[]): Promise<Registration[]>;
  /** Registered (not waitlisted) people per event. */
  registeredCounts(eventIds: string[]): Promise<Map<string, number>>;
}
