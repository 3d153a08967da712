/**
 * Shared pieces of the property-based (fuzz) tests: how many runs, the seed, a cheap fingerprint of
 * everything a request may change, and a spy on unhandled promise rejections.
 *
 * `FUZZ_RUNS=100000 npx jest test/fuzz` scales every property up; `FUZZ_SEED` picks another seed.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/store/db';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 0;
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261125);

/** Runs for a property: its default in `npm test`, or FUZZ_RUNS. */
export function runs(defaultRuns: number): number {
  return FUZZ_RUNS > 0 ? FUZZ_RUNS : defaultRuns;
}

/** Enough time for FUZZ_RUNS: a few ms per request, generously. */
export function timeoutFor(defaultRuns: number): number {
  return Math.max(55_000, runs(defaultRuns) * 50);
}

/**
 * Row counts and change markers of what a request may write: disclosures (count, latest update, sum of
 * versions), the audit log without the `refused` entries (a refused attempt is logged on purpose), and
 * pg-boss jobs.
 */
export async function fingerprint(db: Db): Promise<string> {
  const { rows } = await sql<Record<string, unknown>>`
    select
      (select count(*) from disclosures) as disclosures,
      (select max(updated_at)::text from disclosures) as updated,
      (select coalesce(sum(version), 0) from disclosures) as versions,
      (select count(*) from audit_log where action <> 'refused') as audit,
      (select count(*) from pgboss.job) as jobs`.execute(db);
  return JSON.stringify(rows[0]);
}

/** Collects unhandled rejections while installed. */
export function unhandledRejectionSpy(): { reasons: unknown[]; uninstall(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  process.on('unhandledRejection', listener);
  return { reasons, uninstall: () => process.off('unhandledRejection', listener) };
}

/** A string of `n` characters, for bodies near and over the size limit. */
export const huge = (n: number, ch = 'x') => ch.repeat(n);

/** Waits (bounded) until no job is waiting or running, so an accepted request's jobs do not land later. */
export async function jobsSettled(db: Db, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pgboss.job where state in ('created', 'active', 'retry')`.execute(db);
    if (Number(rows[0]?.n ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Prints how many generated cases a property ran and how long it took, for docs/benchmarks.md. */
export function reportCases(what: string, cases: number, startedAt: number): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`fuzz ${what}: ${cases} cases passed in ${seconds} s (seed ${FUZZ_SEED})`);
}
