/** Jobs an event's schedule needs: reminders before it, reading attendance after it. */
import { upcomingReminders } from '../../domain/events/reminders';
import type { EventRecord } from '../../domain/events/types';
import type { EventTx } from '../../ports/event-store';
import type { EventDeps } from './deps';

/**
 * Queues the reminders still ahead and the attendance reading for the event's current times. Jobs of
 * earlier times stay queued and do nothing when they run (they carry the start or end they were for).
 */
export async function scheduleEventJobs(deps: EventDeps, tx: EventTx, event: EventRecord): Promise<void> {
  if (event.status !== 'scheduled') return;
  const now = deps.clock.now();
  for (const r of upcomingReminders(event.startsAt, deps.reminderOffsets, event.timeZone, now))
    await tx.enqueue(
      {
        name: 'event.reminder',
        data: { eventId: event.id, offset: r.offset.label, startsAt: event.startsAt.toISOString() },
      },
      { startAfter: r.at },
    );
  await tx.enqueue(
    { name: 'event.attendance', data: { eventId: event.id, endsAt: event.endsAt.toISOString() } },
    { startAfter: new Date(event.endsAt.getTime() + deps.attendanceDelayMinutes * 60_000) },
  );
}

/** Tells every staff registrant (registered or waitlisted) in the bot chat. */
export async function noticeRegistrants(
  tx: EventTx,
  event: EventRecord,
  notice: 'changed' | 'cancelled',
): Promise<void> {
  for (const r of await tx.registrations(event.id)) {
    if (!r.userId || r.status === 'cancelled') continue;
    await tx.enqueue({
      name: 'event.notice',
      data: {
        eventId: event.id,
        userId: r.userId,
        notice,
        key: `event:${event.id}:${notice}:v${event.version}:${r.userId}`,
      },
    });
  }
}
