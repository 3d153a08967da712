/**
 * Sliding one-second windows, as the Bot Connector counts requests: per tenant and per conversation.
 * `admit` answers whether one more request fits (and counts it if so), or how long until it would.
 */
const WINDOW_MS = 1000;

export class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;
  /** Most requests admitted within any one window. */
  peak = 0;

  constructor(readonly limit: number) {}

  /** null when admitted; otherwise milliseconds until a request would be. */
  admit(now: number): number | null {
    while (this.head < this.times.length && now - this.times[this.head]! >= WINDOW_MS) this.head++;
    const inWindow = this.times.length - this.head;
    if (inWindow >= this.limit) return this.times[this.head]! + WINDOW_MS - now;
    this.times.push(now);
    this.peak = Math.max(this.peak, inWindow + 1);
    if (this.head > 4096) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return null;
  }
}

/** The most events within any one-second window of `times` (sorted ascending). */
export function peakPerSecond(times: readonly number[]): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= WINDOW_MS) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
