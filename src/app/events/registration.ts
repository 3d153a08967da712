/**
 * Registering and cancelling. Every change holds the event's row lock, so seats are counted exactly:
 * of two people asking for the last seat, one gets it and the other joins the waitlist. Cancelling a
 * seat gives it, in the same transaction, to the longest-waiting person, who is told in the bot chat.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ForbiddenError, InvalidStateError, NotFoundError } from '../../domain/errors';
import { assertRegistrationOpen, placeFor } from '../../domain/events/rules';
import type { EventRecord, Registration } from '../../domain/events/types';
import { validateRegistrant } from '../../domain/events/validate';
import type { EventTx } from '../../ports/event-store';
import type { EventDeps } from './deps';

export interface RegistrationResult {
  event: EventRecord;
  registration: Registration;
  /** False when the person was already registered (or waitlisted): nothing changed. */
  changed: boolean;
}

const newToken = () => randomBytes(24).toString('base64url');

/** A staff member registers (from the bot or the tab). Idempotent. */
export async function registerStaff(
  deps: EventDeps,
  eventId: string,
  userId: string,
  via: 'bot' | 'tab',
): Promise<RegistrationResult> {
  const person = await deps.directory.getUser(userId);
  if (!person)
    throw new ForbiddenError(
      'You were not found in the staff directory, so you cannot register here. Please contact the outreach team.',
    );
  return register(
    deps,
    eventId,
    { userId },
    { userId, name: person.displayName, email: person.email || null },
    via,
  );
}

/** A member of the public registers on the event's public page. Idempotent per email. */
export async function registerPublic(
  deps: EventDeps,
  publicId: string,
  form: { name?: unknown; email?: unknown },
): Promise<RegistrationResult> {
  const { name, email } = validateRegistrant(form);
  const event = await deps.store.getByPublicId(publicId);
  if (!event || event.audience !== 'public') throw new NotFoundError('Event', publicId);
  return register(deps, event.id, { email }, { userId: null, name, email }, 'public');
}

async function register(
  deps: EventDeps,
  eventId: string,
  key: { userId: string } | { email: string },
  person: { userId: string | null; name: string; email: string | null },
  via: 'bot' | 'tab' | 'public',
): Promise<RegistrationResult> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const event = await tx.getForUpdate(eventId);
    if (!event) throw new NotFoundError('Event', eventId);
    const existing = await tx.findRegistration(eventId, key);
    if (existing && existing.status !== 'cancelled') return { event, registration: existing, changed: false };
    assertRegistrationOpen(event, now);
    const status = placeFor(event, await tx.countRegistered(eventId));
    let registration: Registration;
    if (existing) {
      registration = { ...existing, name: person.name, email: person.email, status };
      await tx.updateRegistration(registration, { requeue: true });
    } else {
      registration = {
        id: randomUUID(),
        eventId,
        userId: person.userId,
        name: person.name,
        email: person.email,
        status,
        token: newToken(),
        createdAt: now,
        attendedMinutes: null,
        attendanceSource: null,
      };
      await tx.insertRegistration(registration);
    }
    await tx.audit({
      disclosureId: null,
      actorId: person.userId ?? 'public',
      action: 'event.registered',
      fromState: existing?.status ?? null,
      toState: status,
      details: { eventId, registrationId: registration.id, via },
    });
    if (via === 'tab' && person.userId)
      await tx.enqueue({
        name: 'event.notice',
        data: {
          eventId,
          userId: person.userId,
          notice: status === 'registered' ? 'registered' : 'waitlisted',
          key: `event:${eventId}:${status}:${registration.id}:${now.getTime()}`,
        },
      });
    return { event, registration, changed: true };
  });
}

/** A staff member cancels their own registration. Idempotent. */
export async function cancelStaffRegistration(
  deps: EventDeps,
  eventId: string,
  userId: string,
): Promise<RegistrationResult> {
  return cancel(deps, eventId, (tx) => tx.findRegistration(eventId, { userId }), userId);
}

/** A member of the public cancels through their personal link. */
export async function cancelByToken(deps: EventDeps, token: string): Promise<RegistrationResult> {
  const found = await deps.store.registrationByToken(token);
  if (!found) throw new NotFoundError('Registration', '');
  return cancel(deps, found.eventId, (tx) => tx.registrationById(found.id), 'public');
}

/** Outreach staff remove someone's registration (e.g. on request). */
export async function cancelRegistrationById(
  deps: EventDeps,
  eventId: string,
  registrationId: string,
  actorId: string,
): Promise<RegistrationResult> {
  return cancel(
    deps,
    eventId,
    async (tx) => {
      const r = await tx.registrationById(registrationId);
      return r && r.eventId === eventId ? r : null;
    },
    actorId,
  );
}

async function cancel(
  deps: EventDeps,
  eventId: string,
  find: (tx: EventTx) => Promise<Registration | null>,
  actorId: string,
): Promise<RegistrationResult> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const event = await tx.getForUpdate(eventId);
    if (!event) throw new NotFoundError('Event', eventId);
    const registration = await find(tx);
    if (!registration) throw new NotFoundError('Registration', eventId);
    if (registration.status === 'cancelled') return { event, registration, changed: false };
    if (event.endsAt <= now)
      throw new InvalidStateError('This event is over; its registrations are kept as they are.');
    const cancelled: Registration = { ...registration, status: 'cancelled' };
    await tx.updateRegistration(cancelled);
    await tx.audit({
      disclosureId: null,
      actorId,
      action: 'event.registration_cancelled',
      fromState: registration.status,
      toState: 'cancelled',
      details: { eventId, registrationId: registration.id },
    });
    if (registration.status === 'registered' && event.status === 'scheduled')
      await promoteWaitlisted(tx, event);
    return { event, registration: cancelled, changed: true };
  });
}

/** Gives free seats to the waitlist, longest-waiting first (after a cancellation, or more seats). */
export async function promoteWaitlisted(tx: EventTx, event: EventRecord): Promise<void> {
  while (event.capacity === null || (await tx.countRegistered(event.id)) < event.capacity) {
    const next = await tx.firstWaitlisted(event.id);
    if (!next) return;
    await tx.updateRegistration({ ...next, status: 'registered' });
    await tx.audit({
      disclosureId: null,
      actorId: 'system',
      action: 'event.promoted',
      fromState: 'waitlisted',
      toState: 'registered',
      details: { eventId: event.id, registrationId: next.id },
    });
    if (next.userId)
      await tx.enqueue({
        name: 'event.notice',
        data: {
          eventId: event.id,
          userId: next.userId,
          notice: 'promoted',
          key: `event:${event.id}:promoted:${next.id}:${Date.now()}`,
        },
      });
  }
}
