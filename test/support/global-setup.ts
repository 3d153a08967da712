/**
 * One PostgreSQL server for the whole test run: the one named by DATABASE_URL, or an embedded one
 * started here. Each test file creates its own database on it (see test/support/database.ts).
 */
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/store/embedded-postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.CANDOR_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'candor-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
  process.env.CANDOR_TEST_ADMIN_URL = server.adminUrl;
  (globalThis as { __candorPg?: typeof server }).__candorPg = server;
}
