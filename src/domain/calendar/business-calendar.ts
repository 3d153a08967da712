/**
 * The agency's business calendar: which days are working days (not a weekend, not a state holiday, not
 * a day the agency is closed) and when "N business days after" an instant falls. Pure: the holidays come
 * in as a predicate, and every date is a calendar date in the agency's time zone (yyyy-mm-dd).
 */
import { DateTime } from 'luxon';

/** True when the agency is closed on that calendar date (a holiday or a closure), weekends aside. */
export type ClosedOn = (date: string) => boolean;

export class BusinessCalendar {
  constructor(
    /** The agency's IANA time zone, in which days begin and end. */
    readonly timeZone: string,
    private readonly closedOn: ClosedOn,
  ) {
    if (!DateTime.now().setZone(timeZone).isValid) throw new RangeError(`Unknown time zone ${timeZone}`);
  }

  /** A working day: Monday to Friday, and not a holiday or closure. */
  isBusinessDay(date: string): boolean {
    const day = DateTime.fromISO(date, { zone: this.timeZone });
    if (!day.isValid) throw new RangeError(`Not a date: ${date}`);
    return day.weekday <= 5 && !this.closedOn(date);
  }

  /** The calendar date (yyyy-mm-dd) of the instant in the agency's time zone. */
  dateOf(at: Date): string {
    return DateTime.fromJSDate(at, { zone: this.timeZone }).toISODate()!;
  }

  /**
   * The instant `days` business days after `from`, at the same local wall-clock time (so a disclosure
   * made at 10:00 is due at 10:00, across a change of daylight saving time too). Time that starts on a
   * weekend or holiday starts counting at the beginning of the next business day.
   */
  addBusinessDays(from: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`Not a number of days: ${days}`);
    let t: DateTime = DateTime.fromJSDate(from, { zone: this.timeZone });
    if (!this.isBusinessDay(t.toISODate()!)) t = this.nextBusinessDay(t).startOf('day');
    for (let i = 0; i < days; i++) t = this.nextBusinessDay(t);
    return t.toJSDate();
  }

  /** The same wall-clock time on the next business day after `t`'s date. */
  private nextBusinessDay(t: DateTime): DateTime {
    // A year holds far fewer than 30 consecutive closed days; the bound only guards against a bad predicate.
    for (let i = 1; i <= 30; i++) {
      const next = t.plus({ days: i });
      if (this.isBusinessDay(next.toISODate()!)) return next;
    }
    throw new RangeError(`No business day within 30 days after ${t.toISODate()}`);
  }
}
