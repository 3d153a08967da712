/**
 * The configured database for a tool run beside the app (or without it): the external server, or the
 * embedded one in DATA_DIR — the app's running server if there is one, else started here and stopped again.
 */
import type { Config } from '../config/schema';
import { createDb, type Db } from './db';
import { openEmbeddedPostgres } from './embedded-postgres';

export interface OpenDatabase {
  db: Db;
  close(): Promise<void>;
}

export async function openConfiguredDatabase(database: Config['database']): Promise<OpenDatabase> {
  if (database.kind === 'external') {
    const { db } = createDb(database.url, 2);
    return { db, close: () => db.destroy() };
  }
  const server = await openEmbeddedPostgres({ dataDir: database.dataDir, port: database.port });
  const { db } = createDb(server.url, 2);
  return {
    db,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
