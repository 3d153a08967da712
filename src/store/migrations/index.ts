/** Every migration, in order. Imported statically so the build and the tests see the same list. */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_disclosures';

const migrations: Record<string, Migration> = {
  '0001_disclosures': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
