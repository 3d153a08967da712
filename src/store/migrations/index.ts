/** Every migration, in order. Imported statically so the build and the tests see the same list. */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_disclosures';
import * as m0002 from './0002_register';
import * as m0003 from './0003_review_schedule';
import * as m0004 from './0004_campaigns';
import * as m0005 from './0005_certificates';
import * as m0006 from './0006_events';
import * as m0007 from './0007_courses';
import * as m0008 from './0008_audit_head';
import * as m0009 from './0009_campaign_reminders';

const migrations: Record<string, Migration> = {
  '0001_disclosures': m0001,
  '0002_register': m0002,
  '0003_review_schedule': m0003,
  '0004_campaigns': m0004,
  '0005_certificates': m0005,
  '0006_events': m0006,
  '0007_courses': m0007,
  '0008_audit_head': m0008,
  '0009_campaign_reminders': m0009,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
