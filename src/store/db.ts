/** The database connection: a Kysely instance over a pg pool, and the migrator. */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import type { Database } from './schema';
import { migrationProvider } from './migrations';

// `date` columns stay yyyy-mm-dd strings; bigint (audit seq) stays a string.
types.setTypeParser(types.builtins.DATE, (v) => v);

export type Db = Kysely<Database>;

export function createDb(url: string, poolSize = 10): { db: Db; pool: Pool } {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'candor' });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/** Bring the schema up to date. Safe to run from several instances at once (Kysely takes a lock). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
