/**
 * Events in the bot chat: the list of upcoming events with Register / Cancel buttons, and the notices
 * (registered, waitlisted, promoted, reminder, changed, cancelled, materials). Times are shown in each
 * event's zone with its abbreviation, so a reader never has to guess EDT or EST.
 */
import { formatInZone } from '../../src/domain/events/time';
import type { EventRecord, Registration } from '../../src/domain/events/types';
import type { EventNoticeKind } from '../../src/ports/jobs';
import {
  adaptiveCard,
  container,
  facts,
  heading,
  link,
  subtle,
  text,
  truncate,
  type AdaptiveCard,
  type CardElement,
} from './card';
import { EVENT_VERBS, eventAction } from './event-verbs';

export const EVENTS_LIST_MAX = 10;

export const NO_MEETING_TEXT =
  'No Teams meeting: Graph is not configured. The organizer will share how to join.';

export interface EventListItem {
  event: EventRecord;
  /** The viewer's registration, if any (cancelled ones count as none). */
  registration: Registration | null;
  seatsLeft: number | null;
}

const KIND = { outreach: 'Outreach event', training: 'Training' } as const;

function joinLine(event: EventRecord): CardElement {
  return event.meeting ? link('Join the Teams meeting', event.meeting.joinUrl) : subtle(NO_MEETING_TEXT);
}

function statusLine(item: EventListItem): string {
  const r = item.registration;
  if (r?.status === 'registered') return 'You are registered.';
  if (r?.status === 'waitlisted') return 'You are on the waitlist: you will be told here if a seat frees up.';
  if (item.seatsLeft === 0) return 'Full: registering puts you on the waitlist.';
  return item.seatsLeft === null
    ? 'Seats available.'
    : `${item.seatsLeft} seat${item.seatsLeft === 1 ? '' : 's'} left.`;
}

function eventRow(item: EventListItem, first: boolean): CardElement {
  const e = item.event;
  const registered = item.registration && item.registration.status !== 'cancelled';
  const items: CardElement[] = [
    text(e.title, { weight: 'bolder', size: 'medium' }),
    subtle(`${KIND[e.kind]} · ${e.audience === 'public' ? 'open to the public' : 'for staff'}`),
    ...facts([
      ['When', formatInZone(e.startsAt, e.timeZone)],
      ['Presenters', e.presenters.join(', ')],
    ]),
    ...(e.description ? [text(truncate(e.description, 300), { spacing: 'small' })] : []),
    text(statusLine(item), { spacing: 'small', weight: 'bolder' }),
    ...(item.registration?.status === 'registered' ? [joinLine(e)] : []),
    {
      type: 'ActionSet',
      actions: [
        registered
          ? eventAction('Cancel my registration', EVENT_VERBS.cancel, { eventId: e.id }, 'destructive')
          : eventAction(
              item.seatsLeft === 0 ? 'Join the waitlist' : 'Register',
              EVENT_VERBS.register,
              { eventId: e.id },
              'positive',
            ),
      ],
    },
  ];
  return container(items, undefined, { separator: !first, spacing: 'medium' });
}

export function eventsListCard(items: EventListItem[], tabUrl: string | null): AdaptiveCard {
  if (items.length === 0)
    return adaptiveCard([heading('Upcoming events'), text('No events are scheduled right now.')]);
  const shown = items.slice(0, EVENTS_LIST_MAX);
  const body: CardElement[] = [
    heading('Upcoming events'),
    subtle(items.length === 1 ? '1 event' : `${items.length} events`),
    ...shown.map((item, i) => eventRow(item, i === 0)),
  ];
  if (items.length > shown.length && tabUrl)
    body.push(link(`And ${items.length - shown.length} more in the Candor tab`, `${tabUrl}#/events`));
  return adaptiveCard(body);
}

const NOTICE_HEADINGS: Record<EventNoticeKind, string> = {
  registered: 'You are registered',
  waitlisted: 'You are on the waitlist',
  promoted: 'A seat freed up: you are registered',
  reminder: 'Reminder',
  changed: 'An event you registered for changed',
  cancelled: 'An event you registered for was cancelled',
  materials: 'Materials from an event you missed',
};

/** A message about one event to one person. */
export function eventNoticeCard(
  kind: EventNoticeKind,
  event: EventRecord,
  registration: Registration | null,
): AdaptiveCard {
  const body: CardElement[] = [
    heading(NOTICE_HEADINGS[kind]),
    text(event.title, { weight: 'bolder' }),
    ...facts([['When', formatInZone(event.startsAt, event.timeZone)]]),
  ];
  if (kind === 'cancelled') {
    body.push(text(event.cancelReason ? `Reason: ${event.cancelReason}` : 'The organizer cancelled it.'));
    return adaptiveCard(body);
  }
  if (kind === 'materials') {
    body.push(text('You could not attend; here is what was shared:'));
    for (const m of event.materials) body.push(link(m.label, m.url));
    return adaptiveCard(body);
  }
  if (kind === 'waitlisted') body.push(text('The event is full. You will be told here if a seat frees up.'));
  if (kind === 'changed')
    body.push(text('The time or title changed. The details above are the current ones.'));
  if (registration?.status === 'registered') body.push(joinLine(event));
  const actions =
    registration && registration.status !== 'cancelled'
      ? [eventAction('Cancel my registration', EVENT_VERBS.cancel, { eventId: event.id }, 'destructive')]
      : [];
  return adaptiveCard(body, actions);
}
