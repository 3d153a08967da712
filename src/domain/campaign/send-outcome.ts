/**
 * What one attempt to deliver a card came to, and what to do next. Teams' documented policy: retry
 * 429, 412, 502, 503 and 504 honouring Retry-After, else with exponential backoff and jitter; 403 and
 * 404 on a 1:1 chat mean the app was removed for that person (installing it again may help once);
 * anything else will not get better by retrying.
 */
export type SendOutcome =
  | { kind: 'sent'; conversationId: string; activityId: string }
  /** Transient: throttled or the service is unwell. `retryAfterMs` from the Retry-After header. */
  | { kind: 'retry'; status: number | null; retryAfterMs: number | null; reason: string }
  /** The chat is gone: the app is not installed for this person (403/404). */
  | { kind: 'gone'; status: number; reason: string }
  /** Refused for good (400, 401, …). */
  | { kind: 'rejected'; status: number | null; reason: string };

export const RETRYABLE_STATUSES: readonly number[] = [429, 412, 500, 502, 503, 504];
export const GONE_STATUSES: readonly number[] = [403, 404];

/** Attempts per recipient before it is marked failed (install-and-retry included). */
export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 60_000;

/** Classifies an HTTP status (null: no answer, e.g. the connection was refused or reset). */
export function outcomeOfStatus(
  status: number | null,
  retryAfterMs: number | null,
  message: string,
): Exclude<SendOutcome, { kind: 'sent' }> {
  if (status === null || RETRYABLE_STATUSES.includes(status))
    return { kind: 'retry', status, retryAfterMs, reason: message };
  if (GONE_STATUSES.includes(status)) return { kind: 'gone', status, reason: message };
  return { kind: 'rejected', status, reason: message };
}

/**
 * How long to wait before attempt `attempt + 1`: what Retry-After asked, else exponential backoff with
 * "full jitter" (a random delay up to 1 s, 2 s, 4 s … capped at 60 s), never under 100 ms.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, random: () => number): number {
  if (retryAfterMs !== null) return Math.max(retryAfterMs, 0);
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(100, Math.round(random() * ceiling));
}

/** Retry-After in milliseconds (seconds, possibly fractional, or an HTTP date), or null. */
export function parseRetryAfterMs(header: string | null | undefined, now: number): number | null {
  if (header === null || header === undefined || header.trim() === '') return null;
  const seconds = Number(header);
  if (!Number.isNaN(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
