/**
 * The event form → a validated draft with UTC instants. Every problem is reported against its field;
 * a local time in a daylight-saving gap is refused, an ambiguous one must carry its UTC offset.
 */
import { ValidationError, type FieldError } from '../errors';
import { isValidZone, resolveLocalTime } from './time';
import {
  AUDIENCES,
  EVENT_KINDS,
  MATERIAL_KINDS,
  type Audience,
  type EventKind,
  type Material,
} from './types';

export interface EventForm {
  kind?: unknown;
  audience?: unknown;
  title?: unknown;
  description?: unknown;
  timeZone?: unknown;
  startDate?: unknown;
  startTime?: unknown;
  /** UTC offset choosing between the two instants of an ambiguous start, e.g. `-04:00`. */
  startOffset?: unknown;
  /** Default: the start date. */
  endDate?: unknown;
  endTime?: unknown;
  endOffset?: unknown;
  capacity?: unknown;
  /** A list, or one name per line / comma-separated. */
  presenters?: unknown;
  /** `YYYY-MM-DDTHH:mm`, local; empty: open now. */
  registrationOpens?: unknown;
  /** `YYYY-MM-DDTHH:mm`, local; empty: until the event ends. */
  registrationCloses?: unknown;
  completionPercent?: unknown;
}

export interface EventDraft {
  kind: EventKind;
  audience: Audience;
  title: string;
  description: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  presenters: string[];
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  completionPercent: number;
}

/** Ambiguous times: the offsets to choose from, per field, for the form to offer. */
export class AmbiguousTimeError extends ValidationError {
  constructor(
    fieldErrors: FieldError[],
    readonly choices: Record<string, Array<{ offset: string; label: string }>>,
  ) {
    super(fieldErrors);
  }
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';

export function validateEventForm(
  form: EventForm,
  opts: { defaultTimeZone: string; now: Date; isNew: boolean },
): EventDraft {
  const errors: FieldError[] = [];
  const choices: Record<string, Array<{ offset: string; label: string }>> = {};
  const kind = str(form.kind) as EventKind;
  if (!EVENT_KINDS.includes(kind)) errors.push({ field: 'kind', message: 'Choose outreach or training.' });
  const audience = str(form.audience) as Audience;
  if (!AUDIENCES.includes(audience)) errors.push({ field: 'audience', message: 'Choose staff or public.' });
  const title = str(form.title);
  if (!title) errors.push({ field: 'title', message: 'Give the event a title.' });
  else if (title.length > 200)
    errors.push({ field: 'title', message: 'Keep the title under 200 characters.' });
  const description = str(form.description);
  if (description.length > 4000)
    errors.push({ field: 'description', message: 'Keep the description under 4,000 characters.' });
  const timeZone = str(form.timeZone) || opts.defaultTimeZone;
  if (!isValidZone(timeZone))
    errors.push({ field: 'timeZone', message: `"${timeZone}" is not a time zone.` });

  const at = (field: 'start' | 'end', date: string, time: string, offset: unknown): Date | null => {
    if (!date || !time) {
      errors.push({ field: `${field}Time`, message: `Give the ${field} date and time.` });
      return null;
    }
    const r = resolveLocalTime(date, time, timeZone, str(offset) || null);
    if (r.kind === 'ok') return r.instant;
    errors.push({ field: r.kind === 'ambiguous' ? `${field}Offset` : `${field}Time`, message: r.message });
    if (r.kind === 'ambiguous')
      choices[`${field}Offset`] = r.choices.map((c) => ({ offset: c.offset, label: c.label }));
    return null;
  };
  const startDate = str(form.startDate);
  const startsAt = isValidZone(timeZone)
    ? at('start', startDate, str(form.startTime), form.startOffset)
    : null;
  const endsAt = isValidZone(timeZone)
    ? at('end', str(form.endDate) || startDate, str(form.endTime), form.endOffset)
    : null;
  if (startsAt && endsAt) {
    if (endsAt <= startsAt) errors.push({ field: 'endTime', message: 'The event must end after it starts.' });
    else if (endsAt.getTime() - startsAt.getTime() > 24 * 3_600_000)
      errors.push({ field: 'endTime', message: 'An event lasts at most 24 hours.' });
    if (opts.isNew && startsAt <= opts.now)
      errors.push({ field: 'startTime', message: 'The event must start in the future.' });
  }

  let capacity: number | null = null;
  const capText = str(form.capacity);
  if (capText) {
    const n = Number(capText);
    if (!Number.isInteger(n) || n < 1 || n > 100_000)
      errors.push({
        field: 'capacity',
        message: 'Capacity is a whole number of seats (1 or more), or empty for no limit.',
      });
    else capacity = n;
  }

  const presenters = (
    Array.isArray(form.presenters) ? form.presenters.map(str) : str(form.presenters).split(/[\n,]/)
  )
    .map((p) => p.trim())
    .filter(Boolean);
  if (presenters.length > 20 || presenters.some((p) => p.length > 200))
    errors.push({ field: 'presenters', message: 'List at most 20 presenters, each under 200 characters.' });

  const window = (field: 'registrationOpens' | 'registrationCloses', v: unknown): Date | null => {
    const text = str(v);
    if (!text || !isValidZone(timeZone)) return null;
    const [date, time] = text.split('T');
    const r = resolveLocalTime(date ?? '', (time ?? '').slice(0, 5), timeZone);
    if (r.kind === 'ok') return r.instant;
    // The window is not worth a question: of two instants, the first one.
    if (r.kind === 'ambiguous') return r.choices[0]!.instant;
    errors.push({ field, message: r.message });
    return null;
  };
  const registrationOpensAt = window('registrationOpens', form.registrationOpens);
  const registrationClosesAt = window('registrationCloses', form.registrationCloses);
  if (registrationOpensAt && registrationClosesAt && registrationClosesAt <= registrationOpensAt)
    errors.push({ field: 'registrationCloses', message: 'Registration must close after it opens.' });
  if (registrationClosesAt && endsAt && registrationClosesAt > endsAt)
    errors.push({ field: 'registrationCloses', message: 'Registration must close by the end of the event.' });

  let completionPercent = 80;
  const pctText = str(form.completionPercent);
  if (pctText) {
    const n = Number(pctText);
    if (!Number.isInteger(n) || n < 1 || n > 100)
      errors.push({
        field: 'completionPercent',
        message: 'The completion rule is a percentage from 1 to 100.',
      });
    else completionPercent = n;
  }

  if (errors.length > 0) {
    if (Object.keys(choices).length > 0) throw new AmbiguousTimeError(errors, choices);
    throw new ValidationError(errors);
  }
  return {
    kind,
    audience,
    title,
    description,
    timeZone,
    startsAt: startsAt!,
    endsAt: endsAt!,
    capacity,
    presenters,
    registrationOpensAt,
    registrationClosesAt,
    completionPercent,
  };
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** A public registrant's name and email. */
export function validateRegistrant(form: { name?: unknown; email?: unknown }): {
  name: string;
  email: string;
} {
  const errors: FieldError[] = [];
  const name = str(form.name);
  const email = str(form.email).toLowerCase();
  if (!name) errors.push({ field: 'name', message: 'Enter your name.' });
  else if (name.length > 200) errors.push({ field: 'name', message: 'Keep your name under 200 characters.' });
  if (!EMAIL.test(email) || email.length > 254)
    errors.push({ field: 'email', message: 'Enter an email address, like name@example.org.' });
  if (errors.length > 0) throw new ValidationError(errors);
  return { name, email };
}

/** Materials: links only (https, or http for a local server). */
export function validateMaterials(items: unknown): Material[] {
  const errors: FieldError[] = [];
  const list = Array.isArray(items) ? items : [];
  if (list.length > 20) errors.push({ field: 'materials', message: 'At most 20 materials.' });
  const out = list.slice(0, 20).map((raw, i) => {
    const m = (raw ?? {}) as Record<string, unknown>;
    const kind = str(m.kind) as Material['kind'];
    const label = str(m.label);
    const url = str(m.url);
    if (!MATERIAL_KINDS.includes(kind))
      errors.push({ field: `materials.${i}.kind`, message: 'Choose slides, recording, handout or other.' });
    if (!label || label.length > 200)
      errors.push({
        field: `materials.${i}.label`,
        message: 'Give each link a label (under 200 characters).',
      });
    let ok = false;
    try {
      const u = new URL(url);
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && url.length <= 2000;
    } catch {
      ok = false;
    }
    if (!ok)
      errors.push({ field: `materials.${i}.url`, message: 'Give a web address starting with https://.' });
    return { kind, label, url };
  });
  if (errors.length > 0) throw new ValidationError(errors);
  return out;
}
