/**
 * Paces requests to the Bot Connector within Teams' limits: a tenant-wide rate shared by every instance
 * (slots reserved from the database, a few at a time, at most about a second ahead) and a per-conversation
 * rate (kept here: a conversation's requests come from the one instance sending to that person).
 */
import type { Reservation } from '../store/send-slots';

const MAX_CHUNK = 10;
/** Do not hold reservations further ahead than this: another instance may need the slots sooner. */
const HORIZON_MS = 1000;
const WINDOW_MS = 1000;
/** How late a slot may still be used: well within the slack of pacing at 97% (src/store/send-slots.ts). */
const LATE_MS = 25;

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

export class SendPacer {
  private readonly waiters: Waiter[] = [];
  private reserving = false;
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly reserve: (n: number) => Promise<Reservation>,
    private readonly conversationRps: number,
  ) {}

  /** Resolves when a request to `conversationId` (null: no conversation yet) may go. */
  async acquire(conversationId: string | null): Promise<void> {
    if (conversationId) await this.conversationTurn(conversationId);
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.reserving || this.waiters.length === 0) return;
    this.reserving = true;
    const batch = this.waiters.splice(0, MAX_CHUNK);
    let nextPumpInMs = 0;
    this.reserve(batch.length)
      .then(({ startsInMs, spacingMs }) => {
        const start = Date.now() + startsInMs;
        batch.forEach((w, i) => {
          const at = start + i * spacingMs;
          setTimeout(() => this.grant(w, at), at - Date.now());
        });
        nextPumpInMs = Math.max(0, startsInMs + batch.length * spacingMs - HORIZON_MS);
      })
      .catch((err: unknown) => batch.forEach((w) => w.reject(err)))
      .finally(() => {
        setTimeout(() => {
          this.reserving = false;
          this.pump();
        }, nextPumpInMs);
      });
  }

  /**
   * A slot whose timer fires late (the event loop was busy) is given up rather than used: sent late, it
   * would bunch up with the slots after it — and the other instances' — in one second of the
   * connector's count. The waiter queues again, first in line.
   */
  private grant(w: Waiter, at: number): void {
    if (Date.now() - at <= LATE_MS) {
      w.resolve();
      return;
    }
    this.waiters.unshift(w);
    this.pump();
  }

  /** A sliding one-second window per conversation. */
  private async conversationTurn(conversationId: string): Promise<void> {
    for (;;) {
      const now = Date.now();
      const times = (this.recent.get(conversationId) ?? []).filter((t) => now - t < WINDOW_MS);
      if (times.length < this.conversationRps) {
        times.push(now);
        this.recent.set(conversationId, times);
        return;
      }
      this.recent.set(conversationId, times);
      await new Promise((r) => setTimeout(r, times[0]! + WINDOW_MS - now));
    }
  }
}
