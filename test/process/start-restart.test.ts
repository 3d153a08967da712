/**
 * The app as a real process, started the way `npm start` does (tsx src/main.ts, repo root) on its
 * local default: the embedded PostgreSQL in a fresh DATA_DIR. Health, a stop and a restart, a second
 * start on the same data directory, kill -9 and a restart, audit:verify beside it and without it, a
 * stale lock with a recycled pid, and production mode without credentials.
 *
 * `tsx` runs the app in a child node process: signals sent to the tsx process are relayed to it, and the
 * app's own pid is the one in DATA_DIR/candor.pid.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VERBS } from '../../bot/cards/verbs';
import { FakeBotConnector } from '../fakes/bot-connector';
import { cardOf, cardText, cardVerbs, TeamsClient } from '../support/teams-client';
import orgChart from '../../config/demo-org-chart.json';
import { reviewableGift } from '../support/fixtures';

const REPO_ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const alexKim = orgChart.people.find((p) => p.displayName === 'Alex Kim')!;

interface AppProcess {
  child: ChildProcess;
  url: string;
  /** stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited and its output is closed. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const spawned: AppProcess[] = [];
const dataDirs: string[] = [];
const timings: string[] = [];

function freePort(): Promise<number> {
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
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

/** Pids of processes whose command line names this data directory's PostgreSQL cluster. */
function postgresFor(dataDir: string): number[] {
  const pgDir = path.join(dataDir, 'pg');
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
        return cmd.some((a) => a.includes('postgres')) && cmd.includes(pgDir) && isRunning(Number(d));
      } catch {
        return false;
      }
    })
    .map(Number);
}

function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The app's own pid (the node process tsx started), as written in the data directory's lock. */
function appPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'candor.pid'), 'utf8').split('\n')[0]);
}

async function until(
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

function spawnApp(env: Record<string, string>): AppProcess {
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
  spawned.push(app);
  return app;
}

function exited(app: AppProcess): boolean {
  return app.child.exitCode !== null || app.child.signalCode !== null;
}

/** Starts the app and resolves once /healthz answers 200; fails with its output if it exits first. */
async function startApp(env: Record<string, string>, label: string): Promise<AppProcess> {
  const startedAt = performance.now();
  const app = spawnApp(env);
  for (let waited = 0; waited < 30_000; waited += 50) {
    if (exited(app))
      throw new Error(`The app exited while starting.\nstdout:\n${app.stdout()}\nstderr:\n${app.stderr()}`);
    const res = await fetch(`${app.url}/healthz`).catch(() => null);
    if (res?.status === 200) {
      timings.push(`${label}: healthy after ${Math.round(performance.now() - startedAt)} ms`);
      return app;
    }
    await sleep(50);
  }
  throw new Error(`The app did not answer /healthz.\nstdout:\n${app.stdout()}\nstderr:\n${app.stderr()}`);
}

async function sigterm(app: AppProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const startedAt = performance.now();
  app.child.kill('SIGTERM');
  const result = await app.closed;
  timings.push(`SIGTERM: exited after ${Math.round(performance.now() - startedAt)} ms`);
  return result;
}

/** `npx tsx src/cli/audit-verify.ts` with the app's embedded-database settings. */
function auditVerify(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/cli/audit-verify.ts'],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATA_DIR: env.DATA_DIR,
          EMBEDDED_PG_PORT: env.EMBEDDED_PG_PORT,
          npm_config_update_notifier: 'false',
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

let connector: FakeBotConnector;
let dataDir: string;
let env: Record<string, string>;
/** The app currently running on `dataDir`, if any. */
let running: AppProcess | null = null;
/** A disclosure made through the bot, once made. */
let reference: string | null = null;

async function runningApp(): Promise<AppProcess> {
  running ??= await startApp(env, 'start');
  return running;
}

function alex(app: AppProcess) {
  return new TeamsClient(app.url, connector, orgChart.tenantId).as({
    id: alexKim.id,
    displayName: alexKim.displayName,
  });
}

async function makeDisclosure(app: AppProcess): Promise<string> {
  const user = alex(app);
  const before = new Set(connector.sent.map((s) => s.activityId));
  await user.say('gift');
  const form = await connector.waitFor(
    (e) =>
      e.conversationId === user.conversationId &&
      cardVerbs(e.activity).includes(VERBS.submitGift) &&
      !before.has(e.activityId),
  );
  const result = await user.click(VERBS.submitGift, reviewableGift(), form.activityId);
  const found = /Reference (\S+)/.exec(cardText(cardOf(result)))?.[1];
  if (!found) throw new Error(`No reference on the result card: ${cardText(cardOf(result))}`);
  return found;
}

async function disclosure(): Promise<string> {
  reference ??= await makeDisclosure(await runningApp());
  return reference;
}

/** What the bot answers to "my disclosures" now. */
async function myDisclosures(app: AppProcess): Promise<string> {
  const user = alex(app);
  const before = new Set(connector.sent.map((s) => s.activityId));
  await user.say('my disclosures');
  const list = await connector.waitFor(
    (e) =>
      e.conversationId === user.conversationId &&
      !before.has(e.activityId) &&
      cardText(e.activity).includes('My disclosures'),
  );
  return cardText(list.activity);
}

beforeAll(async () => {
  connector = await FakeBotConnector.start();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'candor-process-'));
  dataDirs.push(dataDir);
  env = {
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
    BOT_SERVICE_URL: connector.serviceUrl,
  };
});

afterAll(async () => {
  // Stop what is still running, then make sure: every process group we started, every PostgreSQL.
  for (const app of spawned.filter((a) => !exited(a))) {
    app.child.kill('SIGTERM');
    await Promise.race([app.closed, sleep(10_000, undefined, { ref: false })]);
  }
  for (const app of spawned) {
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
    await rm(dir, { recursive: true, force: true });
  }
  await connector?.close();
  if (timings.length > 0) console.log(`Process timings:\n  ${timings.join('\n  ')}`);
});

describe('the app started as a process on its embedded PostgreSQL', () => {
  it('answers /healthz and /readyz with 200', async () => {
    const app = await runningApp();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('stops on SIGTERM with exit code 0 and stops its PostgreSQL, and still has a disclosure after a restart', async () => {
    const ref = await disclosure();
    const app = await runningApp();
    expect(postgresFor(dataDir)).toHaveLength(1);

    const { code, signal } = await sigterm(app);
    running = null;
    if (code !== 0 || signal !== null)
      throw new Error(
        `After SIGTERM: exit code ${code}, signal ${signal}.\nstderr:\n${app.stderr()}\nstdout:\n${app.stdout()}`,
      );
    expect(app.stderr()).not.toMatch(/error/i);
    expect(app.stdout()).not.toMatch(/"level":(50|60)/); // nothing logged as error or fatal
    expect(postgresFor(dataDir)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'candor.pid'))).toBe(false);

    running = await startApp(env, 'restart after SIGTERM');
    expect(await myDisclosures(running)).toContain(ref);
  });

  it('refuses a second start on the same data directory while the first runs, and the first keeps working', async () => {
    const ref = await disclosure();
    const first = await runningApp();
    const firstPid = appPid(dataDir);
    const firstPostgres = postmasterPid(dataDir);

    const second = spawnApp({ ...env, PORT: String(await freePort()) });
    const { code } = await second.closed;
    expect(code).not.toBe(0);
    expect(second.stderr()).toContain(
      `Candor cannot start: Another Candor is running with this data directory (pid ${firstPid}): ${dataDir}.`,
    );

    expect(appPid(dataDir)).toBe(firstPid);
    expect(postmasterPid(dataDir)).toBe(firstPostgres);
    expect(isRunning(firstPostgres!)).toBe(true);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect(await myDisclosures(first)).toContain(ref);
  });

  it('leaves its PostgreSQL running when killed with kill -9, and starts again on the same data directory with the data intact', async () => {
    const ref = await disclosure();
    const killed = await runningApp();
    const pid = appPid(dataDir);
    const orphan = postmasterPid(dataDir)!;

    process.kill(pid, 'SIGKILL');
    await killed.closed; // tsx follows its child
    running = null;
    expect(isRunning(pid)).toBe(false);
    expect(isRunning(orphan)).toBe(true);
    expect(postgresFor(dataDir)).toEqual([orphan]);

    running = await startApp(env, 'restart after kill -9');
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    expect(await myDisclosures(running)).toContain(ref);
    // The leftover server was stopped and replaced by the new app's own.
    expect(isRunning(orphan)).toBe(false);
    expect(postgresFor(dataDir)).toEqual([postmasterPid(dataDir)]);
  });

  it('lets npm run audit:verify check its database while it runs, and start and stop the server itself once it has stopped', async () => {
    await disclosure();
    const app = await runningApp();
    const postgres = postmasterPid(dataDir);

    const beside = await auditVerify();
    expect(beside.stdout).toMatch(/^Audit chain intact: \d+ entr(y|ies) verified\.$/m);
    expect(beside.code).toBe(0);
    expect(postmasterPid(dataDir)).toBe(postgres);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);

    expect((await sigterm(app)).code).toBe(0);
    running = null;
    const alone = await auditVerify();
    expect(alone.stdout).toBe(beside.stdout);
    expect(alone.code).toBe(0);
    expect(postgresFor(dataDir)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'candor.pid'))).toBe(false);
  });

  it('takes over a lock whose pid now belongs to another process (a recycled pid)', async () => {
    if (running) {
      expect((await sigterm(running)).code).toBe(0);
      running = null;
    }
    // This test process is alive, but did not start at "clock tick 1": it is not the lock's writer.
    await writeFile(path.join(dataDir, 'candor.pid'), `${process.pid}\n1\n`);
    running = await startApp(env, 'start over a recycled-pid lock');
    expect(appPid(dataDir)).not.toBe(process.pid);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
  });
});

describe('the app started as a process in production mode', () => {
  it('exits non-zero without credentials, naming every missing setting on stderr', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'candor-process-prod-'));
    dataDirs.push(dir);
    const app = spawnApp({
      CANDOR_MODE: 'production',
      DATA_DIR: dir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    });
    const { code } = await app.closed;
    expect(code).not.toBe(0);
    expect(app.stderr()).toContain(
      'Candor cannot start: Production mode needs these settings, which are missing:',
    );
    for (const key of [
      'DATABASE_URL',
      'BOT_APP_ID',
      'BOT_APP_PASSWORD',
      'BOT_TENANT_ID',
      'TEAMS_TENANT_ID',
      'PUBLIC_URL',
    ])
      expect(app.stderr()).toContain(key);
    expect(postgresFor(dir)).toEqual([]);
  });
});
