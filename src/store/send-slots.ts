/**
 * The tenant's send budget, shared by every instance: one row per tenant holding the next free send
 * instant. Reserving n sends advances it atomically by n / rate seconds (from now, if it lies in the
 * past), so instances interleave their reservations and together never exceed the rate.
 * Time is the database's, so instances whose clocks differ still agree.
 */
import { sql } from 'kysely';
import type { Db } from './db';

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
    private readonly ratePerSecond: number,
  ) {}

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
