/**
 * After an event: the meeting's attendance report is read and matched to registrations (by Entra object
 * id, then email); outreach staff mark by hand anyone the report could not match. A training's
 * registrants who met its completion rule are issued a certificate (idempotent: the certificate module
 * returns the existing one).
 */
import { InvalidStateError, NotFoundError, ValidationError } from '../../domain/errors';
import { matchAttendance, meetsCompletionRule, scheduledMinutes } from '../../domain/events/rules';
import { localDate } from '../../domain/events/time';
import type { EventRecord, Registration } from '../../domain/events/types';
import type { EventCertificate } from './certificates';
import type { EventDeps } from './deps';
import { sendMaterialsToAbsentees } from './manage-events';

export type AttendanceOutcome =
  | { kind: 'recorded'; matched: number; unmatched: number; certificates: number }
  | { kind: 'no_meeting' }
  | { kind: 'no_report' }
  | { kind: 'not_over' }
  | { kind: 'cancelled' };

/** Reads the Teams attendance report (a job after the end, or "Read attendance" in the tab). */
export async function collectAttendance(
  deps: EventDeps,
  eventId: string,
  actorId = 'system',
): Promise<AttendanceOutcome> {
  const now = deps.clock.now();
  const event = await deps.store.get(eventId);
  if (!event) throw new NotFoundError('Event', eventId);
  if (event.status === 'cancelled') return { kind: 'cancelled' };
  if (event.endsAt > now) return { kind: 'not_over' };
  if (!event.meeting) return { kind: 'no_meeting' };
  const records = await deps.meetings.attendance(event.meeting);
  if (!records) return { kind: 'no_report' };
  const saved = await deps.store.transaction(async (tx) => {
    const locked = await tx.getForUpdate(eventId);
    if (!locked) throw new NotFoundError('Event', eventId);
    const registrations = await tx.registrations(eventId);
    const { minutes, unmatched } = matchAttendance(records, registrations);
    for (const r of registrations) {
      // A hand-marked figure is the outreach staff's word: the report does not overwrite it.
      if (r.attendanceSource === 'manual' || r.status === 'cancelled') continue;
      const m = minutes.get(r.id) ?? 0;
      await tx.updateRegistration({ ...r, attendedMinutes: m, attendanceSource: 'report' });
    }
    const updated = await tx.updateEvent({
      ...locked,
      attendanceReadAt: now,
      unmatchedAttendees: unmatched.map((u) => ({
        name: u.name,
        email: u.email,
        userId: u.userId,
        minutes: Math.floor(u.totalSeconds / 60),
      })),
      updatedAt: now,
    });
    await tx.audit({
      disclosureId: null,
      actorId,
      action: 'event.attendance_read',
      fromState: null,
      toState: null,
      details: { eventId, matched: minutes.size, unmatched: unmatched.length },
    });
    const afterwards = await tx.registrations(eventId);
    await sendMaterialsToAbsentees(tx, updated);
    return { event: updated, registrations: afterwards, matched: minutes.size, unmatched: unmatched.length };
  });
  const issued = await issueEarnedCertificates(deps, saved.event, saved.registrations);
  return {
    kind: 'recorded',
    matched: saved.matched,
    unmatched: saved.unmatched,
    certificates: issued.length,
  };
}

/** Outreach staff record someone's minutes by hand (present for the whole event, part of it, or absent). */
export async function markAttendance(
  deps: EventDeps,
  input: { eventId: string; registrationId: string; minutes: number; actorId: string },
): Promise<{ registration: Registration; certificate: EventCertificate | null }> {
  const now = deps.clock.now();
  if (!Number.isInteger(input.minutes) || input.minutes < 0 || input.minutes > 24 * 60)
    throw new ValidationError([
      { field: 'minutes', message: 'Minutes attended is a whole number from 0 to 1440.' },
    ]);
  const result = await deps.store.transaction(async (tx) => {
    const event = await tx.getForUpdate(input.eventId);
    if (!event) throw new NotFoundError('Event', input.eventId);
    if (event.startsAt > now)
      throw new InvalidStateError('Attendance can be marked once the event has started.');
    if (event.status === 'cancelled') throw new InvalidStateError('This event was cancelled.');
    const r = await tx.registrationById(input.registrationId);
    if (!r || r.eventId !== input.eventId) throw new NotFoundError('Registration', input.registrationId);
    if (r.status === 'cancelled') throw new InvalidStateError('This registration was cancelled.');
    const minutes = Math.min(input.minutes, scheduledMinutes(event));
    const updated: Registration = { ...r, attendedMinutes: minutes, attendanceSource: 'manual' };
    await tx.updateRegistration(updated);
    await tx.audit({
      disclosureId: null,
      actorId: input.actorId,
      action: 'event.attendance_marked',
      fromState: r.attendedMinutes === null ? null : String(r.attendedMinutes),
      toState: String(minutes),
      details: { eventId: event.id, registrationId: r.id },
    });
    return { event, registration: updated };
  });
  const [certificate] = await issueEarnedCertificates(
    deps,
    result.event,
    [result.registration],
    input.actorId,
  );
  return { registration: result.registration, certificate: certificate ?? null };
}

/** Certificates for the registrants of a training who met its completion rule. */
export async function issueEarnedCertificates(
  deps: EventDeps,
  event: EventRecord,
  registrations: Registration[],
  issuedBy: string | null = null,
): Promise<EventCertificate[]> {
  if (!deps.certificates || event.kind !== 'training' || event.status === 'cancelled') return [];
  const out: EventCertificate[] = [];
  for (const r of registrations) {
    if (r.status !== 'registered' || !meetsCompletionRule(event, r.attendedMinutes)) continue;
    out.push(
      await deps.certificates.issue({
        recipient: { userId: r.userId, name: r.name, email: r.email },
        source: { kind: 'event', id: event.id, version: null },
        title: event.title,
        completedOn: localDate(event.startsAt, event.timeZone),
        durationMinutes: scheduledMinutes(event),
        issuedBy,
      }),
    );
  }
  return out;
}
