/**
 * The days the agency is closed besides weekends: the state's legal holidays (from the `date-holidays`
 * package, type `public`, including the observed substitute days: July 4 2026 falls on a Saturday, so
 * Friday July 3 is the day off) plus closure dates the agency configures (AGENCY_CLOSED_DATES).
 */
import Holidays from 'date-holidays';
import type { ClosedOn } from '../domain/calendar/business-calendar';

export interface StateHolidayOptions {
  /** ISO 3166 country and state codes. Default US, CT. */
  country?: string;
  state?: string;
  /** Extra closure dates, yyyy-mm-dd. */
  closedDates?: readonly string[];
}

export function agencyClosedOn(opts: StateHolidayOptions = {}): ClosedOn {
  const holidays = new Holidays(opts.country ?? 'US', opts.state ?? 'CT', { types: ['public'] });
  const closures = new Set(opts.closedDates ?? []);
  const byYear = new Map<number, ReadonlySet<string>>();
  const holidaysOf = (year: number): ReadonlySet<string> => {
    let days = byYear.get(year);
    if (!days) {
      // `date` is "yyyy-mm-dd hh:mm:ss" in the state's local time; the first ten characters are the day.
      days = new Set(
        holidays
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      byYear.set(year, days);
    }
    return days;
  };
  return (date) => closures.has(date) || holidaysOf(Number(date.slice(0, 4))).has(date);
}
