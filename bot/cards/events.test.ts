import type { EventRecord, Registration } from '../../src/domain/events/types';
import { eventNoticeCard, eventsListCard, NO_MEETING_TEXT } from './events';
import { cardProblems } from './validate-card.test-helper';
import { EVENT_VERBS } from './event-verbs';

const event: EventRecord = {
  id: '9b7c1a52-0d2b-4d8e-9a4e-3c5f1e2d7a10',
  publicId: 'abcdefghijklmnop',
  kind: 'training',
  audience: 'staff',
  title: 'Preventing sexual harassment',
  description: 'Required every year.',
  startsAt: new Date('2027-11-07T06:30:00Z'),
  endsAt: new Date('2027-11-07T07:30:00Z'),
  timeZone: 'America/New_York',
  capacity: 10,
  presenters: ['Priya Raman'],
  registrationOpensAt: null,
  registrationClosesAt: null,
  completionPercent: 80,
  status: 'scheduled',
  meeting: null,
  materials: [{ kind: 'slides', label: 'Slides', url: 'https://example.org/slides.pdf' }],
  organizerId: 'o',
  organizerName: 'Sam Patel',
  cancelReason: null,
  attendanceReadAt: null,
  unmatchedAttendees: [],
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
};
const registration: Registration = {
  id: 'r',
  eventId: event.id,
  userId: 'u',
  name: 'Alex Kim',
  email: 'alex@example.org',
  status: 'registered',
  token: 'x'.repeat(32),
  createdAt: new Date(),
  attendedMinutes: null,
  attendanceSource: null,
};

const text = (card: unknown) => JSON.stringify(card);

describe('events cards', () => {
  it('list upcoming events with the time in its zone and a Register or Cancel button', () => {
    const card = eventsListCard(
      [
        { event, registration: null, seatsLeft: 0 },
        {
          event: {
            ...event,
            id: 'e2',
            meeting: { graphEventId: 'g', joinUrl: 'https://teams.microsoft.com/l/x', organizerId: 'o' },
          },
          registration,
          seatsLeft: 3,
        },
      ],
      'https://candor.example/tab/',
    );
    expect(cardProblems(card)).toEqual([]);
    expect(text(card)).toContain('Sunday, November 7, 2027, 1:30 AM EST');
    expect(text(card)).toContain('Join the waitlist');
    expect(text(card)).toContain(EVENT_VERBS.cancel);
    expect(text(card)).toContain('https://teams.microsoft.com/l/x');
  });

  it('mark an event without a Teams meeting', () => {
    const card = eventsListCard([{ event, registration, seatsLeft: 3 }], null);
    expect(text(card)).toContain(NO_MEETING_TEXT);
  });

  it('have a valid notice for every kind', () => {
    for (const kind of [
      'registered',
      'waitlisted',
      'promoted',
      'changed',
      'cancelled',
      'reminder',
      'materials',
    ] as const) {
      const card = eventNoticeCard(
        kind,
        event,
        kind === 'waitlisted' ? { ...registration, status: 'waitlisted' } : registration,
      );
      expect(cardProblems(card)).toEqual([]);
    }
    expect(text(eventNoticeCard('materials', event, registration))).toContain(
      'https://example.org/slides.pdf',
    );
  });
});
