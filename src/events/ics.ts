/** An event as an iCalendar file (.ics), in UTC so every calendar shows it at the right instant. */
import { createEvent } from 'ics';
import type { EventRecord } from '../domain/events/types';

const utcArray = (d: Date): [number, number, number, number, number] => [
  d.getUTCFullYear(),
  d.getUTCMonth() + 1,
  d.getUTCDate(),
  d.getUTCHours(),
  d.getUTCMinutes(),
];

export function eventIcs(
  event: EventRecord,
  opts: { pageUrl: string; agencyName: string; includeJoinUrl: boolean },
): string {
  const join = opts.includeJoinUrl && event.meeting ? event.meeting.joinUrl : null;
  const description = [
    event.description,
    join ? `Join the Teams meeting: ${join}` : 'The join link will follow from the organizer.',
    `Details: ${opts.pageUrl}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const { error, value } = createEvent({
    uid: `${event.id}@candor`,
    sequence: event.version,
    productId: 'candor/events',
    title: event.title,
    calName: opts.agencyName,
    description,
    start: utcArray(event.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: utcArray(event.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    location: join ? 'Microsoft Teams meeting' : 'Online',
    status: event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
  });
  if (error || !value) throw error ?? new Error('the calendar file could not be made');
  return value;
}

/** A file name from the title: letters, digits and dashes. */
export function icsFileName(event: Pick<EventRecord, 'title'>): string {
  const slug = event.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'event'}.ics`;
}
