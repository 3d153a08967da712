/** The rules of issuing and revoking, as pure functions over the certificate and its input. */
import { InvalidStateError, ValidationError, type FieldError } from '../errors';
import type { Certificate, IssueCertificateInput } from './types';

export const MAX_NAME_LENGTH = 200;
export const MAX_TITLE_LENGTH = 300;
export const MAX_REASON_LENGTH = 500;
/** Longest printable duration: a week of training. */
export const MAX_DURATION_MINUTES = 7 * 24 * 60;
export const REISSUED_REASON = 'reissued';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Who a certificate is for, for idempotency: the staff member's id, else the lower-cased email. */
export function recipientKey(recipient: IssueCertificateInput['recipient']): string {
  if (recipient.userId) return `user:${recipient.userId}`;
  if (recipient.email) return `email:${recipient.email.trim().toLowerCase()}`;
  throw new ValidationError([
    { field: 'recipient', message: 'A certificate needs a staff member or an email.' },
  ]);
}

function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The input with names and titles trimmed, or a ValidationError naming each bad field. */
export function validateIssueInput(input: IssueCertificateInput): IssueCertificateInput {
  const errors: FieldError[] = [];
  const name = input.recipient.name.trim().replace(/\s+/g, ' ');
  const title = input.title.trim().replace(/\s+/g, ' ');
  const email = input.recipient.email?.trim() || null;
  if (!name) errors.push({ field: 'recipient.name', message: 'The recipient needs a name.' });
  if (name.length > MAX_NAME_LENGTH)
    errors.push({ field: 'recipient.name', message: `Keep the name under ${MAX_NAME_LENGTH} characters.` });
  if (!input.recipient.userId && !email)
    errors.push({ field: 'recipient', message: 'A certificate needs a staff member or an email.' });
  if (email && !EMAIL.test(email))
    errors.push({ field: 'recipient.email', message: 'That is not an email address.' });
  if (!title) errors.push({ field: 'title', message: 'The certificate needs a title.' });
  if (title.length > MAX_TITLE_LENGTH)
    errors.push({ field: 'title', message: `Keep the title under ${MAX_TITLE_LENGTH} characters.` });
  if (!input.source.id) errors.push({ field: 'source.id', message: 'The certificate needs a source.' });
  if (input.source.version !== null && (!Number.isInteger(input.source.version) || input.source.version < 1))
    errors.push({ field: 'source.version', message: 'A version is a whole number from 1.' });
  if (!isCalendarDate(input.completedOn))
    errors.push({ field: 'completedOn', message: 'Give the completion date as YYYY-MM-DD.' });
  if (
    !Number.isInteger(input.durationMinutes) ||
    input.durationMinutes < 1 ||
    input.durationMinutes > MAX_DURATION_MINUTES
  )
    errors.push({
      field: 'durationMinutes',
      message: 'The duration is a whole number of minutes, at least 1.',
    });
  if (errors.length > 0) throw new ValidationError(errors);
  return { ...input, title, recipient: { userId: input.recipient.userId || null, name, email } };
}

/** A revocation reason: required, trimmed, bounded. */
export function validateReason(reason: string): string {
  const r = reason.trim();
  if (!r) throw new ValidationError([{ field: 'reason', message: 'Say why the certificate is revoked.' }]);
  if (r.length > MAX_REASON_LENGTH)
    throw new ValidationError([
      { field: 'reason', message: `Keep the reason under ${MAX_REASON_LENGTH} characters.` },
    ]);
  return r;
}

/** Only a valid certificate can be revoked or reissued. */
export function assertValid(certificate: Certificate, action: 'revoke' | 'reissue'): void {
  if (certificate.status !== 'valid')
    throw new InvalidStateError(
      `Certificate ${certificate.code} is already revoked; it cannot be ${action}d.`,
    );
}

/** "45 minutes", "1 hour", "2 hours 30 minutes". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (h === 0) return part(m, 'minute');
  return m === 0 ? part(h, 'hour') : `${part(h, 'hour')} ${part(m, 'minute')}`;
}
