/**
 * Outreach staff create, edit and cancel events. With Graph configured, each event has a Teams meeting
 * on its creator's calendar: the meeting is created (or changed, or cancelled) first, on the staff
 * member's behalf, and the event is saved only when Teams agreed; without Graph, events have no join link.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { InvalidStateError, NotFoundError, ValidationError } from '../../domain/errors';
import { formatInZone } from '../../domain/events/time';
import type { EventRecord, Material } from '../../domain/events/types';
import {
  validateEventForm,
  validateMaterials,
  type EventDraft,
  type EventForm,
} from '../../domain/events/validate';
import type { EventTx } from '../../ports/event-store';
import type { MeetingActor, MeetingDetails } from '../../ports/meetings';
import type { EventDeps } from './deps';
import { promoteWaitlisted } from './registration';
import { noticeRegistrants, scheduleEventJobs } from './schedule';

export interface Actor {
  id: string;
  displayName: string;
  /** The bearer token of the request (Teams SSO), for on-behalf-of calls to Graph. */
  token: string | null;
}

export function publicEventUrl(
  deps: Pick<EventDeps, 'publicUrl'>,
  event: Pick<EventRecord, 'publicId'>,
): string {
  return `${deps.publicUrl}/events/${event.publicId}`;
}

function meetingDetails(
  deps: EventDeps,
  e: Pick<
    EventRecord,
    'title' | 'description' | 'startsAt' | 'endsAt' | 'timeZone' | 'publicId' | 'audience'
  >,
): MeetingDetails {
  const lines = [
    e.description,
    `When: ${formatInZone(e.startsAt, e.timeZone)}.`,
    e.audience === 'public'
      ? `Public registration: ${publicEventUrl(deps, e)}`
      : 'Staff register in Candor (type "events" to the bot).',
    'Registrants receive the join link from Candor.',
  ];
  return {
    subject: e.title,
    body: lines.filter(Boolean).join('\n\n'),
    startsAt: e.startsAt,
    endsAt: e.endsAt,
  };
}

const meetingActor = (a: Actor): MeetingActor => ({ userId: a.id, userToken: a.token });

export async function createEvent(deps: EventDeps, actor: Actor, form: EventForm): Promise<EventRecord> {
  const now = deps.clock.now();
  const draft = validateEventForm(form, { defaultTimeZone: deps.timeZone, now, isNew: true });
  const base: EventRecord = {
    id: randomUUID(),
    publicId: randomBytes(12).toString('base64url'),
    ...draft,
    status: 'scheduled',
    meeting: null,
    materials: [],
    organizerId: actor.id,
    organizerName: actor.displayName,
    cancelReason: null,
    attendanceReadAt: null,
    unmatchedAttendees: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const meeting = deps.meetings.enabled
    ? await deps.meetings.create(meetingActor(actor), meetingDetails(deps, base))
    : null;
  const event = { ...base, meeting };
  try {
    await deps.store.transaction(async (tx) => {
      await tx.insertEvent(event);
      await tx.audit({
        disclosureId: null,
        actorId: actor.id,
        action: 'event.created',
        fromState: null,
        toState: 'scheduled',
        details: {
          eventId: event.id,
          title: event.title,
          startsAt: event.startsAt.toISOString(),
          teamsMeeting: !!meeting,
        },
      });
      await scheduleEventJobs(deps, tx, event);
    });
  } catch (err) {
    // The meeting must not outlive an event that was never saved.
    if (meeting)
      await deps.meetings.cancel(meetingActor(actor), meeting, 'Created in error.').catch(() => undefined);
    throw err;
  }
  return event;
}

const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

export async function updateEvent(
  deps: EventDeps,
  actor: Actor,
  eventId: string,
  form: EventForm,
  expectedVersion?: number,
): Promise<EventRecord> {
  const now = deps.clock.now();
  const current = await deps.store.get(eventId);
  if (!current) throw new NotFoundError('Event', eventId);
  assertEditable(current, now);
  const draft: EventDraft = validateEventForm(form, { defaultTimeZone: deps.timeZone, now, isNew: false });
  if (draft.startsAt.getTime() !== current.startsAt.getTime() && draft.startsAt <= now)
    throw new ValidationError([{ field: 'startTime', message: 'A new start time must be in the future.' }]);
  const timesChanged =
    !sameInstant(draft.startsAt, current.startsAt) || !sameInstant(draft.endsAt, current.endsAt);
  const next = { ...current, ...draft, updatedAt: now };
  if (current.meeting)
    await deps.meetings.update(meetingActor(actor), current.meeting, meetingDetails(deps, next));
  return deps.store.transaction(async (tx) => {
    const locked = await tx.getForUpdate(eventId);
    if (!locked) throw new NotFoundError('Event', eventId);
    assertEditable(locked, now);
    if (expectedVersion !== undefined && locked.version !== expectedVersion)
      throw new InvalidStateError(
        'Someone else changed this event meanwhile. Reload it and make your change again.',
      );
    const saved = await tx.updateEvent({ ...locked, ...draft, updatedAt: now });
    await tx.audit({
      disclosureId: null,
      actorId: actor.id,
      action: 'event.updated',
      fromState: locked.status,
      toState: saved.status,
      details: { eventId, changed: changedFields(locked, draft) },
    });
    if (timesChanged) await scheduleEventJobs(deps, tx, saved);
    // More seats (or no limit any more): the waitlist moves up at once.
    if (saved.capacity === null || (locked.capacity !== null && saved.capacity > locked.capacity))
      await promoteWaitlisted(tx, saved);
    if (timesChanged || locked.title !== saved.title) await noticeRegistrants(tx, saved, 'changed');
    return saved;
  });
}

function changedFields(before: EventRecord, draft: EventDraft): string[] {
  return (Object.keys(draft) as Array<keyof EventDraft>).filter((k) => {
    const a = before[k];
    const b = draft[k];
    if (a instanceof Date || b instanceof Date) return !sameInstant(a as Date | null, b as Date | null);
    return JSON.stringify(a) !== JSON.stringify(b);
  });
}

function assertEditable(event: EventRecord, now: Date): void {
  if (event.status === 'cancelled')
    throw new InvalidStateError('This event was cancelled; it cannot be changed.');
  if (event.endsAt <= now)
    throw new InvalidStateError('This event is over; only its materials and attendance can change.');
}

export async function cancelEvent(
  deps: EventDeps,
  actor: Actor,
  eventId: string,
  reason: string,
): Promise<EventRecord> {
  const now = deps.clock.now();
  const text = reason.trim().slice(0, 500);
  const current = await deps.store.get(eventId);
  if (!current) throw new NotFoundError('Event', eventId);
  if (current.status === 'cancelled') return current; // idempotent
  assertEditable(current, now);
  if (current.meeting)
    await deps.meetings.cancel(meetingActor(actor), current.meeting, text || 'This event was cancelled.');
  return deps.store.transaction(async (tx) => {
    const locked = await tx.getForUpdate(eventId);
    if (!locked) throw new NotFoundError('Event', eventId);
    if (locked.status === 'cancelled') return locked;
    const saved = await tx.updateEvent({
      ...locked,
      status: 'cancelled',
      cancelReason: text || null,
      updatedAt: now,
    });
    await tx.audit({
      disclosureId: null,
      actorId: actor.id,
      action: 'event.cancelled',
      fromState: 'scheduled',
      toState: 'cancelled',
      details: { eventId, reason: text || null },
    });
    await noticeRegistrants(tx, saved, 'cancelled');
    return saved;
  });
}

/**
 * Links to slides, the recording and handouts. Once the event is over, registrants who did not attend
 * are sent them (staff in the bot chat, once each; the public see them on their personal page).
 */
export async function setMaterials(
  deps: EventDeps,
  actor: Actor,
  eventId: string,
  items: unknown,
): Promise<EventRecord> {
  const materials: Material[] = validateMaterials(items);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const locked = await tx.getForUpdate(eventId);
    if (!locked) throw new NotFoundError('Event', eventId);
    const saved = await tx.updateEvent({ ...locked, materials, updatedAt: now });
    await tx.audit({
      disclosureId: null,
      actorId: actor.id,
      action: 'event.materials',
      fromState: null,
      toState: null,
      details: { eventId, count: materials.length },
    });
    if (saved.endsAt <= now) await sendMaterialsToAbsentees(tx, saved);
    return saved;
  });
}

/** Queues the materials notice for each staff registrant who did not attend (once per person). */
export async function sendMaterialsToAbsentees(tx: EventTx, event: EventRecord): Promise<void> {
  if (event.materials.length === 0 || event.status === 'cancelled') return;
  for (const r of await tx.registrations(event.id)) {
    if (!r.userId || r.status !== 'registered' || (r.attendedMinutes ?? 0) > 0) continue;
    await tx.enqueue({
      name: 'event.notice',
      data: {
        eventId: event.id,
        userId: r.userId,
        notice: 'materials',
        key: `event:${event.id}:materials:${r.userId}`,
      },
    });
  }
  await tx.markMaterialsSent(event.id, new Date());
}
