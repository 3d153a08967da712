/**
 * Money and dates as the cards show them. Every date is formatted here, in the agency's time zone,
 * rather than with the {{DATE()}} card functions: calendar dates such as "date received" have no time
 * and must not shift a day in the reader's time zone.
 */
export const AGENCY_TIME_ZONE = 'America/New_York';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 123456 → "$1,234.56". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** "2026-03-14" → "March 14, 2026". Anything else is shown as given. */
export function formatCalendarDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || month === undefined) return isoDate;
  return `${month} ${Number(match[3])}, ${match[1]}`;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { timeZone: AGENCY_TIME_ZONE, dateStyle: 'long' });

/** A moment as its day in the agency's time zone: "March 14, 2026". */
export function formatDay(moment: Date): string {
  return dateFormat.format(moment);
}

/** A span of calendar dates: "March 1, 2026 to June 30, 2026", "From March 1, 2026", "Until …", or null. */
export function formatDateRange(start: string | null, end: string | null): string | null {
  if (start && end) return `${formatCalendarDate(start)} to ${formatCalendarDate(end)}`;
  if (start) return `From ${formatCalendarDate(start)}`;
  if (end) return `Until ${formatCalendarDate(end)}`;
  return null;
}
