/** Every migration, in order. Imported statically so the build and the tests see the same list. */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_disclosures';
import * as m0002 from './0002_register';
import * as m0004 from './0004_campaigns';

const migrations: Record<string, Migration> = {
  '0001_disclosures': m0001,
  '0002_register': m0002,
  '0004_campaigns': m0004,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
