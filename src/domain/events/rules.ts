/** The rules of registration, attendance and completion: pure functions of the event and the time. */
import { InvalidStateError } from '../errors';
import type { AttendanceRecord, EventRecord, Registration } from './types';

export function scheduledMinutes(event: Pick<EventRecord, 'startsAt' | 'endsAt'>): number {
  return Math.round((event.endsAt.getTime() - event.startsAt.getTime()) / 60_000);
}

/** Why registration is not possible now, or null when it is. */
export function registrationClosedReason(event: EventRecord, now: Date): string | null {
  if (event.status === 'cancelled') return 'This event was cancelled.';
  if (now >= event.endsAt) return 'This event is over.';
  if (event.registrationOpensAt && now < event.registrationOpensAt) return 'Registration has not opened yet.';
  const closes = event.registrationClosesAt ?? event.endsAt;
  if (now >= closes) return 'Registration is closed.';
  return null;
}

export function assertRegistrationOpen(event: EventRecord, now: Date): void {
  const reason = registrationClosedReason(event, now);
  if (reason) throw new InvalidStateError(reason);
}

/** A new registration takes a seat when one is free, else joins the waitlist. */
export function placeFor(
  event: Pick<EventRecord, 'capacity'>,
  registeredCount: number,
): 'registered' | 'waitlisted' {
  return event.capacity === null || registeredCount < event.capacity ? 'registered' : 'waitlisted';
}

/** Minutes a person must attend to complete a training. */
export function requiredMinutes(
  event: Pick<EventRecord, 'startsAt' | 'endsAt' | 'completionPercent'>,
): number {
  return Math.ceil((scheduledMinutes(event) * event.completionPercent) / 100);
}

export function meetsCompletionRule(
  event: Pick<EventRecord, 'kind' | 'startsAt' | 'endsAt' | 'completionPercent'>,
  attendedMinutes: number | null,
): boolean {
  return event.kind === 'training' && attendedMinutes !== null && attendedMinutes >= requiredMinutes(event);
}

const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

/**
 * Matches a report's attendees to registrations: by Entra object id first, then by email. Several
 * records of one person are summed. Returns the minutes per registration id and the unmatched people.
 */
export function matchAttendance(
  records: AttendanceRecord[],
  registrations: Registration[],
): { minutes: Map<string, number>; unmatched: AttendanceRecord[] } {
  const active = registrations.filter((r) => r.status !== 'cancelled');
  const byUser = new Map(active.filter((r) => r.userId).map((r) => [r.userId!, r]));
  const byEmail = new Map(active.filter((r) => r.email).map((r) => [norm(r.email), r]));
  const seconds = new Map<string, number>();
  const unmatched = new Map<string, AttendanceRecord>();
  for (const rec of records) {
    const reg =
      (rec.userId ? byUser.get(rec.userId) : undefined) ??
      (rec.email ? byEmail.get(norm(rec.email)) : undefined);
    if (reg) seconds.set(reg.id, (seconds.get(reg.id) ?? 0) + rec.totalSeconds);
    else {
      const key = rec.userId ?? norm(rec.email) ?? rec.name;
      const prev = unmatched.get(key);
      unmatched.set(key, prev ? { ...prev, totalSeconds: prev.totalSeconds + rec.totalSeconds } : rec);
    }
  }
  const minutes = new Map([...seconds].map(([id, s]) => [id, Math.floor(s / 60)]));
  return { minutes, unmatched: [...unmatched.values()] };
}
