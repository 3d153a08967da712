/**
 * The tenant's send budget, shared by every instance: one row per tenant holding the next free send
 * instant. Reserving n sends advances it atomically by n / rate seconds (from now, if it lies in the
 * past), so instances interleave their reservations and together never exceed the rate.
 * Time is the database's, so instances whose clocks differ still agree.
 */
import { sql } from 'kysely';
import type { Db } from './db';

/**
 * Slots are spaced for 97% of the configured rate. The limit is counted over sliding one-second windows
 * where requests arrive, and a request that leaves a few milliseconds late (a busy event loop, a slow
 * socket) would otherwise land in the same window as one sent fifty slots later: a 429 and a retry. The
 * 3% gives each request about 30 ms of slack at 50 a second.
 */
export const PACING_SHARE = 0.97;

export interface Reservation {
  /** Milliseconds from now until the first reserved instant (0 or more). */
  startsInMs: number;
  /** Milliseconds between two reserved instants. */
  spacingMs: number;
}

export class PgSendSlots {
  constructor(
    private readonly db: Db,
    private readonly tenant: string,
    limitPerSecond: number,
  ) {
    this.ratePerSecond = limitPerSecond * PACING_SHARE;
  }

  private readonly ratePerSecond: number;

  async reserve(n: number): Promise<Reservation> {
    const span = n / this.ratePerSecond;
    const { rows } = await sql<{ starts_in_ms: number }>`
      insert into send_slots as s (tenant, next_at)
      values (${this.tenant}, clock_timestamp() + make_interval(secs => ${span}))
      on conflict (tenant) do update
        set next_at = greatest(s.next_at, clock_timestamp()) + make_interval(secs => ${span})
      returning (extract(epoch from (s.next_at - make_interval(secs => ${span}) - clock_timestamp()))
                 * 1000)::float8 as starts_in_ms`.execute(this.db);
    return { startsInMs: Math.max(0, rows[0]?.starts_in_ms ?? 0), spacingMs: 1000 / this.ratePerSecond };
  }
}
