import { ValidationError } from '../errors';
import {
  matchAttendance,
  meetsCompletionRule,
  placeFor,
  registrationClosedReason,
  requiredMinutes,
} from './rules';
import type { EventRecord, Registration } from './types';
import { AmbiguousTimeError, validateEventForm, validateMaterials, validateRegistrant } from './validate';

const start = new Date('2027-05-04T14:00:00Z');
const end = new Date('2027-05-04T15:00:00Z');
const event = {
  kind: 'training',
  startsAt: start,
  endsAt: end,
  completionPercent: 80,
  capacity: 2,
  status: 'scheduled',
  registrationOpensAt: null,
  registrationClosesAt: null,
} as unknown as EventRecord;

const reg = (id: string, fields: Partial<Registration>): Registration => ({
  id,
  eventId: 'e',
  userId: null,
  name: id,
  email: null,
  status: 'registered',
  token: 't',
  createdAt: start,
  attendedMinutes: null,
  attendanceSource: null,
  ...fields,
});

describe('the rules of an event', () => {
  it('gives seats until the capacity, then the waitlist; no capacity is no limit', () => {
    expect(placeFor(event, 1)).toBe('registered');
    expect(placeFor(event, 2)).toBe('waitlisted');
    expect(placeFor({ capacity: null }, 10_000)).toBe('registered');
  });

  it('closes registration when cancelled, over, not yet open or past its closing time', () => {
    expect(registrationClosedReason(event, new Date('2027-05-01T00:00:00Z'))).toBeNull();
    expect(registrationClosedReason(event, end)).toMatch(/over/);
    expect(registrationClosedReason({ ...event, status: 'cancelled' }, start)).toMatch(/cancelled/);
    expect(
      registrationClosedReason(
        { ...event, registrationOpensAt: new Date('2027-05-02T00:00:00Z') },
        new Date('2027-05-01T00:00:00Z'),
      ),
    ).toMatch(/not opened/);
    expect(registrationClosedReason({ ...event, registrationClosesAt: start }, start)).toMatch(/closed/);
  });

  it('completes a training at 80% of the scheduled time by default, never an outreach event', () => {
    expect(requiredMinutes(event)).toBe(48);
    expect(meetsCompletionRule(event, 48)).toBe(true);
    expect(meetsCompletionRule(event, 47)).toBe(false);
    expect(meetsCompletionRule(event, null)).toBe(false);
    expect(meetsCompletionRule({ ...event, kind: 'outreach' }, 60)).toBe(false);
  });

  it('matches attendees by object id, then by email in any case, and sums their joins', () => {
    const regs = [
      reg('a', { userId: 'u-a' }),
      reg('b', { email: 'B@Example.org' }),
      reg('c', { userId: 'u-c', status: 'cancelled' }),
    ];
    const { minutes, unmatched } = matchAttendance(
      [
        { userId: 'u-a', email: null, name: 'A', totalSeconds: 1200 },
        { userId: 'u-a', email: null, name: 'A', totalSeconds: 1830 },
        { userId: null, email: 'b@example.org', name: 'B', totalSeconds: 600 },
        { userId: 'u-c', email: null, name: 'C', totalSeconds: 3600 },
        { userId: null, email: null, name: 'Phone caller', totalSeconds: 60 },
      ],
      regs,
    );
    expect(Object.fromEntries(minutes)).toEqual({ a: 50, b: 10 });
    expect(unmatched.map((u) => u.name)).toEqual(['C', 'Phone caller']);
  });
});

describe('the event form', () => {
  const now = new Date('2026-10-01T12:00:00Z');
  const valid = {
    kind: 'training',
    audience: 'staff',
    title: 'Ethics',
    startDate: '2026-10-20',
    startTime: '10:00',
    endTime: '11:30',
  };
  const parse = (form: Record<string, unknown>) =>
    validateEventForm(form, { defaultTimeZone: 'America/New_York', now, isNew: true });

  it('turns local times in the agency zone into UTC instants', () => {
    const d = parse({ ...valid, presenters: 'Priya Raman\nSam Patel', capacity: '30' });
    expect(d.startsAt.toISOString()).toBe('2026-10-20T14:00:00.000Z');
    expect(d.endsAt.toISOString()).toBe('2026-10-20T15:30:00.000Z');
    expect(d.presenters).toEqual(['Priya Raman', 'Sam Patel']);
    expect(d.capacity).toBe(30);
    expect(d.completionPercent).toBe(80);
  });

  it('names every problem against its field', () => {
    let error: unknown;
    try {
      parse({
        kind: 'party',
        audience: 'x',
        startDate: '2026-09-01',
        startTime: '10:00',
        endTime: '09:00',
        capacity: '0',
        completionPercent: '120',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.map((f) => f.field).sort()).toEqual(
      ['audience', 'capacity', 'completionPercent', 'endTime', 'kind', 'startTime', 'title'].sort(),
    );
  });

  it('asks for the offset of an ambiguous time and refuses one in the gap', () => {
    expect(() => parse({ ...valid, startDate: '2026-11-01', startTime: '01:30', endTime: '03:00' })).toThrow(
      AmbiguousTimeError,
    );
    try {
      parse({ ...valid, startDate: '2027-03-14', startTime: '02:30', endTime: '04:00' });
      throw new Error('accepted a time that does not exist');
    } catch (e) {
      expect((e as ValidationError).fieldErrors).toEqual([
        { field: 'startTime', message: expect.stringMatching(/does not exist in America\/New_York/) },
      ]);
    }
    const d = parse({
      ...valid,
      startDate: '2026-11-01',
      startTime: '01:30',
      startOffset: '-04:00',
      endTime: '03:00',
    });
    expect(d.startsAt.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(d.endsAt.toISOString()).toBe('2026-11-01T08:00:00.000Z'); // 2½ hours: the night has 25
  });

  it('checks a registrant and material links', () => {
    expect(validateRegistrant({ name: ' Ana Lima ', email: 'ANA@example.org' })).toEqual({
      name: 'Ana Lima',
      email: 'ana@example.org',
    });
    expect(() => validateRegistrant({ name: '', email: 'nope' })).toThrow(ValidationError);
    expect(
      validateMaterials([{ kind: 'slides', label: 'Slides', url: 'https://example.org/s.pdf' }]),
    ).toHaveLength(1);
    expect(() => validateMaterials([{ kind: 'slides', label: 'x', url: 'javascript:alert(1)' }])).toThrow(
      ValidationError,
    );
  });
});
