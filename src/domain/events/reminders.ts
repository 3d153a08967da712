/**
 * When reminders go out. An offset in days keeps the wall-clock time ("a day before" a 1:30 a.m. event
 * is 1:30 a.m. the day before, in the event's zone, even when a daylight-saving change lies between);
 * hours and minutes are exact durations.
 */
import { DateTime } from 'luxon';

export interface ReminderOffset {
  /** As configured, e.g. `1d`, `15m`: also the job's identity. */
  label: string;
  amount: number;
  unit: 'd' | 'h' | 'm';
}

const OFFSET = /^(\d{1,3})([dhm])$/;

/** Parses `1d,15m`; throws with a clear message on anything else. */
export function parseReminderOffsets(text: string): ReminderOffset[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.map((p) => {
    const m = OFFSET.exec(p);
    if (!m) throw new Error(`"${p}" is not a reminder offset: use a number and d, h or m, e.g. 1d or 15m.`);
    return { label: p, amount: Number(m[1]), unit: m[2] as ReminderOffset['unit'] };
  });
}

/** The instant a reminder `offset` before `startsAt` falls at. */
export function reminderAt(startsAt: Date, offset: ReminderOffset, zone: string): Date {
  const start = DateTime.fromJSDate(startsAt, { zone });
  const at =
    offset.unit === 'd'
      ? start.minus({ days: offset.amount })
      : start.minus(offset.unit === 'h' ? { hours: offset.amount } : { minutes: offset.amount });
  return at.toJSDate();
}

/** The reminders still ahead at `now`. */
export function upcomingReminders(
  startsAt: Date,
  offsets: ReminderOffset[],
  zone: string,
  now: Date,
): Array<{ offset: ReminderOffset; at: Date }> {
  return offsets
    .map((offset) => ({ offset, at: reminderAt(startsAt, offset, zone) }))
    .filter((r) => r.at.getTime() > now.getTime());
}
