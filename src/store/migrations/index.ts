/** Every migration, in order. Imported statically so the build and the tests see the same list. */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_disclosures';
import * as m0002 from './0002_register';
import * as m0003 from './0003_review_schedule';
import * as m0008 from './0008_audit_head';

const migrations: Record<string, Migration> = {
  '0001_disclosures': m0001,
  '0002_register': m0002,
  '0003_review_schedule': m0003,
  '0008_audit_head': m0008,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
