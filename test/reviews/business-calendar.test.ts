import { BusinessCalendar } from '../../src/domain/calendar/business-calendar';
import { agencyClosedOn } from '../../src/calendar/state-holidays';

const calendar = new BusinessCalendar('America/New_York', agencyClosedOn({ closedDates: ['2026-12-24'] }));
const at = (iso: string) => new Date(iso);

describe('the agency business calendar (Connecticut, America/New_York)', () => {
  it('counts Monday to Friday and skips the weekend', () => {
    expect(calendar.isBusinessDay('2026-11-20')).toBe(true); // Friday
    expect(calendar.isBusinessDay('2026-11-21')).toBe(false); // Saturday
    expect(calendar.isBusinessDay('2026-11-22')).toBe(false); // Sunday
    // Friday 10:00 + 1 business day = Monday 10:00 (EST, UTC-5).
    expect(calendar.addBusinessDays(at('2026-11-20T15:00:00Z'), 1)).toEqual(at('2026-11-23T15:00:00Z'));
  });

  it('skips Thanksgiving (Thursday 26 November 2026)', () => {
    expect(calendar.isBusinessDay('2026-11-26')).toBe(false);
    // Wednesday 10:00 + 1 = Friday 10:00; + 3 = Tuesday 1 December 10:00.
    expect(calendar.addBusinessDays(at('2026-11-25T15:00:00Z'), 1)).toEqual(at('2026-11-27T15:00:00Z'));
    expect(calendar.addBusinessDays(at('2026-11-25T15:00:00Z'), 3)).toEqual(at('2026-12-01T15:00:00Z'));
  });

  it('skips the observed substitute holiday: Friday 3 July 2026, since the 4th is a Saturday', () => {
    expect(calendar.isBusinessDay('2026-07-03')).toBe(false);
    // Thursday 2 July 09:00 EDT + 1 = Monday 6 July 09:00 EDT.
    expect(calendar.addBusinessDays(at('2026-07-02T13:00:00Z'), 1)).toEqual(at('2026-07-06T13:00:00Z'));
  });

  it('keeps the local wall-clock time across the end of daylight saving time (1 November 2026)', () => {
    // Friday 30 October 10:00 EDT (UTC-4) + 1 = Monday 2 November 10:00 EST (UTC-5).
    expect(calendar.addBusinessDays(at('2026-10-30T14:00:00Z'), 1)).toEqual(at('2026-11-02T15:00:00Z'));
  });

  it('reads the calendar date in the agency time zone, not in UTC', () => {
    // 02:00 UTC on Saturday is still Friday evening in Hartford.
    expect(calendar.dateOf(at('2026-11-21T02:00:00Z'))).toBe('2026-11-20');
    expect(calendar.addBusinessDays(at('2026-11-21T02:00:00Z'), 1)).toEqual(at('2026-11-24T02:00:00Z'));
  });

  it('starts counting at the next business morning when time starts on a weekend', () => {
    // Saturday noon + 3 = Thursday 00:00 (Monday 00:00 is the start, then Tue, Wed, Thu).
    expect(calendar.addBusinessDays(at('2026-11-14T17:00:00Z'), 3)).toEqual(at('2026-11-19T05:00:00Z'));
  });

  it('honours closure dates the agency configures', () => {
    expect(calendar.isBusinessDay('2026-12-24')).toBe(false);
    // Wednesday 23 December 10:00 + 1: the 24th is a closure, the 25th Christmas → Monday 28th.
    expect(calendar.addBusinessDays(at('2026-12-23T15:00:00Z'), 1)).toEqual(at('2026-12-28T15:00:00Z'));
  });

  it('refuses a negative number of days and an unknown time zone', () => {
    expect(() => calendar.addBusinessDays(new Date(), -1)).toThrow(RangeError);
    expect(() => new BusinessCalendar('Mars/Olympus', () => false)).toThrow(/time zone/);
  });
});
