/**
 * Wall-clock times in a time zone → UTC instants, and back, correct across daylight-saving changes.
 *
 * A local time can name no instant (the spring-forward gap: 2:30 a.m. on 2027-03-14 in New York never
 * happens) or two (the fall-back hour: 1:30 a.m. on 2026-11-01 happens at 05:30Z as EDT and again at
 * 06:30Z as EST). The first is refused; the second needs the UTC offset to say which one is meant.
 */
import { DateTime, IANAZone } from 'luxon';

export interface LocalTimeChoice {
  /** The UTC offset that picks this instant, e.g. `-04:00`. */
  offset: string;
  /** e.g. `1:30 AM EDT (UTC−04:00), the first time`. */
  label: string;
  instant: Date;
}

export type ResolvedLocalTime =
  | { kind: 'ok'; instant: Date }
  | { kind: 'invalid'; message: string }
  | { kind: 'nonexistent'; message: string }
  | { kind: 'ambiguous'; message: string; choices: LocalTimeChoice[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const OFFSET = /^[+-]\d{2}:\d{2}$/;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** `-04:00` for -240 minutes. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The instant a local `date` (YYYY-MM-DD) and `time` (HH:mm) in `zone` name. `offset` (e.g. `-05:00`)
 * chooses between the two instants of an ambiguous time; it is ignored when the time is unambiguous.
 */
export function resolveLocalTime(
  date: string,
  time: string,
  zone: string,
  offset?: string | null,
): ResolvedLocalTime {
  if (!DATE.test(date) || !TIME.test(time))
    return { kind: 'invalid', message: 'Give a date (YYYY-MM-DD) and a time (HH:MM, 24-hour).' };
  if (!isValidZone(zone)) return { kind: 'invalid', message: `"${zone}" is not a time zone.` };
  const wall = DateTime.fromISO(`${date}T${time}`, { zone: 'utc' });
  if (!wall.isValid || wall.toFormat('yyyy-MM-dd') !== date)
    return { kind: 'invalid', message: `${date} is not a date.` };
  const iana = IANAZone.create(zone);
  const wallMs = wall.toMillis();
  // Every offset the zone has near this day; an instant is a match when the zone really has that
  // offset at that instant.
  const offsets = new Set([-36, -12, 0, 12, 36].map((h) => iana.offset(wallMs + h * 3_600_000)));
  const instants = [...offsets]
    .map((o) => ({ offset: o, ms: wallMs - o * 60_000 }))
    .filter((c) => iana.offset(c.ms) === c.offset)
    .sort((a, b) => a.ms - b.ms);
  if (instants.length === 0)
    return {
      kind: 'nonexistent',
      message: `${time} on ${date} does not exist in ${zone}: the clocks jump forward over it (daylight saving time begins). Choose another time.`,
    };
  if (instants.length === 1) return { kind: 'ok', instant: new Date(instants[0]!.ms) };
  const choices = instants.map((c, i) => {
    const dt = DateTime.fromMillis(c.ms, { zone });
    return {
      offset: formatOffset(c.offset),
      label: `${dt.toFormat('h:mm a ZZZZ')} (UTC${formatOffset(c.offset).replace('-', '−')}), the ${i === 0 ? 'first' : 'second'} time`,
      instant: new Date(c.ms),
    };
  });
  if (offset && OFFSET.test(offset)) {
    const chosen = choices.find((c) => c.offset === offset);
    if (chosen) return { kind: 'ok', instant: chosen.instant };
  }
  return {
    kind: 'ambiguous',
    message: `${time} on ${date} happens twice in ${zone} (the clocks fall back): say which — ${choices.map((c) => c.label).join(' or ')}.`,
    choices,
  };
}

/** e.g. `Sunday, November 1, 2026, 1:30 AM EDT`. */
export function formatInZone(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone })
    .setLocale('en-US')
    .toFormat('cccc, LLLL d, yyyy, h:mm a ZZZZ');
}

/** e.g. `1:30 AM EST`. */
export function formatTimeInZone(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale('en-US').toFormat('h:mm a ZZZZ');
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd');
}

/** The local date, time and offset of an instant (for filling an edit form). */
export function toLocalParts(instant: Date, zone: string): { date: string; time: string; offset: string } {
  const dt = DateTime.fromJSDate(instant, { zone });
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm'), offset: formatOffset(dt.offset) };
}
