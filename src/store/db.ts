/** The database connection: a Kysely instance over a pg pool, and the migrator. */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import type { Database } from './schema';
import { migrationProvider } from './migrations';

// `date` columns stay yyyy-mm-dd strings; bigint (audit seq) stays a string.
types.setTypeParser(types.builtins.DATE, (v) => v);

export type Db = Kysely<Database>;

/**
 * `onIdleError`: an idle pooled connection was closed by the server (restart, shutdown, failover). The
 * pool drops it and the next query opens a new one; without a listener the error would crash the process.
 */
export function createDb(
  url: string,
  poolSize = 10,
  onIdleError: (err: Error) => void = () => undefined,
): { db: Db; pool: Pool } {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'candor' });
  pool.on('error', onIdleError);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/** Bring the schema up to date. Safe to run from several instances at once (Kysely takes a lock). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Features are built on branches and land in any order: a migration numbered below one already applied
  // (a database migrated on main before that branch merged) is applied too, instead of refusing to start.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
