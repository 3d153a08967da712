/**
 * The app as a real process, started the way `npm start` does (tsx src/main.ts, repo root), for the
 * process tests (test/process/*): spawn, wait for health, find its pids and its PostgreSQL's, and clean
 * up every process group started here.
 *
 * `tsx` runs the app in a child node process: signals sent to the tsx process are relayed to it, and the
 * app's own pid is the one in DATA_DIR/candor.pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export interface AppProcess {
  child: ChildProcess;
  url: string;
  /** stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited and its output is closed. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Alive and not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

/** A process as /proc shows it: its parent and its command line, one argument an element. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  cmdline: string[];
}

export function processInfo(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, ppid, cmdline };
  } catch {
    return null;
  }
}

/** `pid (ppid N): command line`, for assertion messages. */
export function describeProcess(pid: number | null): string {
  const p = pid === null ? null : processInfo(pid);
  return p ? `${p.pid} (ppid ${p.ppid}): ${p.cmdline.join(' ')}` : `${pid} (not running)`;
}

/**
 * Pids of the PostgreSQL servers (postmasters) of this data directory's cluster: running processes
 * whose command line names the cluster's directory, except children of such a process. A backend or
 * worker the server forks keeps the server's command line until it sets its own title ("postgres:
 * checkpointer", a connection's "postgres: postgres candor 127.0.0.1(…)"), which under load can take
 * long enough to be seen here; it is not a second server.
 */
export function postgresFor(dataDir: string): number[] {
  const pgDir = path.join(dataDir, 'pg');
  const named = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => processInfo(Number(d)))
    .filter(
      (p): p is ProcessInfo =>
        p !== null &&
        p.cmdline.some((a) => a.includes('postgres')) &&
        p.cmdline.includes(pgDir) &&
        isRunning(p.pid),
    );
  const pids = new Set(named.map((p) => p.pid));
  return named.filter((p) => !pids.has(p.ppid)).map((p) => p.pid);
}

export function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The app's own pid (the node process tsx started), as written in the data directory's lock. */
export function appPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'candor.pid'), 'utf8').split('\n')[0]);
}

/** Connection string of the app's embedded database in `dataDir` (its server must be running). */
export function embeddedDatabaseUrl(dataDir: string, port: string | number): string {
  const password = readFileSync(path.join(dataDir, '.pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/candor`;
}

export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`Timed out waiting until ${what}`);
}

/** Starts and stops app processes; `cleanup()` leaves nothing running that it started. */
export class AppProcesses {
  private readonly spawned: AppProcess[] = [];
  /** Start-up and stop times, for the test's log. */
  readonly timings: string[] = [];

  spawn(env: Record<string, string>): AppProcess {
    const child = spawn(TSX, ['src/main.ts'], {
      cwd: REPO_ROOT,
      // Nothing inherited but PATH and HOME: no DATABASE_URL, so the embedded default is used.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
      detached: true, // its own process group, so cleanup can reach everything it started
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );
    const app: AppProcess = {
      child,
      url: `http://127.0.0.1:${env.PORT ?? '3978'}`,
      stdout: () => out,
      stderr: () => err,
      closed,
    };
    this.spawned.push(app);
    return app;
  }

  /** Starts the app and resolves once /healthz answers 200; fails with its output if it exits first. */
  async start(env: Record<string, string>, label: string): Promise<AppProcess> {
    const startedAt = performance.now();
    const app = this.spawn(env);
    for (let waited = 0; waited < 30_000; waited += 50) {
      if (exited(app))
        throw new Error(`The app exited while starting.\nstdout:\n${app.stdout()}\nstderr:\n${app.stderr()}`);
      const res = await fetch(`${app.url}/healthz`).catch(() => null);
      if (res?.status === 200) {
        this.timings.push(`${label}: healthy after ${Math.round(performance.now() - startedAt)} ms`);
        return app;
      }
      await sleep(50);
    }
    throw new Error(`The app did not answer /healthz.\nstdout:\n${app.stdout()}\nstderr:\n${app.stderr()}`);
  }

  async sigterm(app: AppProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const startedAt = performance.now();
    app.child.kill('SIGTERM');
    const result = await app.closed;
    this.timings.push(`SIGTERM: exited after ${Math.round(performance.now() - startedAt)} ms`);
    return result;
  }

  /** Stops what is still running, then every process group started here and every PostgreSQL left running in `dataDirs`. */
  async cleanup(dataDirs: string[]): Promise<void> {
    for (const app of this.spawned.filter((a) => !exited(a))) {
      app.child.kill('SIGTERM');
      await Promise.race([app.closed, sleep(10_000, undefined, { ref: false })]);
    }
    for (const app of this.spawned) {
      try {
        process.kill(-app.child.pid!, 'SIGKILL');
      } catch {
        // the group is gone
      }
    }
    for (const dir of dataDirs) {
      const pid = postmasterPid(dir);
      if (pid !== null && isRunning(pid)) {
        try {
          process.kill(pid, 'SIGINT');
          await until('the PostgreSQL left running has stopped', () => !isRunning(pid), 10_000);
        } catch {
          if (isRunning(pid)) process.kill(pid, 'SIGKILL');
        }
      }
    }
  }
}

export function exited(app: AppProcess): boolean {
  return app.child.exitCode !== null || app.child.signalCode !== null;
}
