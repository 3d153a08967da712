import { MAX_ATTEMPTS, outcomeOfStatus, parseRetryAfterMs, retryDelayMs } from './send-outcome';

describe('what a connector answer means for a campaign card', () => {
  it('retries throttling and an unwell service, treats 403/404 as the app removed, and gives up on the rest', () => {
    for (const status of [429, 412, 500, 502, 503, 504, null])
      expect(outcomeOfStatus(status, null, 'x').kind).toBe('retry');
    expect(outcomeOfStatus(403, null, 'x').kind).toBe('gone');
    expect(outcomeOfStatus(404, null, 'x').kind).toBe('gone');
    expect(outcomeOfStatus(400, null, 'x').kind).toBe('rejected');
    expect(outcomeOfStatus(401, null, 'x').kind).toBe('rejected');
  });

  it('waits as long as Retry-After asks, else backs off exponentially with jitter up to a minute', () => {
    expect(retryDelayMs(3, 2500, () => 0.5)).toBe(2500);
    expect(retryDelayMs(1, null, () => 1)).toBe(1000);
    expect(retryDelayMs(3, null, () => 1)).toBe(4000);
    expect(retryDelayMs(MAX_ATTEMPTS + 5, null, () => 1)).toBe(60_000);
    expect(retryDelayMs(3, null, () => 0)).toBe(100);
    const delays = new Set(Array.from({ length: 20 }, (_, i) => retryDelayMs(4, null, () => i / 20)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-02T12:00:00Z');
    expect(parseRetryAfterMs('2', now)).toBe(2000);
    expect(parseRetryAfterMs('0.5', now)).toBe(500);
    expect(parseRetryAfterMs('Mon, 02 Mar 2026 12:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfterMs('', now)).toBeNull();
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
  });
});
