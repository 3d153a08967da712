/**
 * The app as a real process, started the way `npm start` does (tsx src/main.ts, repo root) on its
 * local default: the embedded PostgreSQL in a fresh DATA_DIR. Health, a stop and a restart, a second
 * start on the same data directory, kill -9 and a restart, audit:verify beside it and without it, a
 * stale lock with a recycled pid, and production mode without credentials.
 *
 * The process helpers are in test/support/app-process.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { VERBS } from '../../bot/cards/verbs';
import { FakeBotConnector } from '../fakes/bot-connector';
import { cardOf, cardText, cardVerbs, TeamsClient } from '../support/teams-client';
import orgChart from '../../config/demo-org-chart.json';
import { reviewableGift } from '../support/fixtures';
import {
  appPid,
  freePort,
  AppProcesses,
  describeProcess,
  isRunning,
  postgresFor,
  postmasterPid,
  REPO_ROOT,
  type AppProcess,
} from '../support/app-process';

const alexKim = orgChart.people.find((p) => p.displayName === 'Alex Kim')!;

const processes = new AppProcesses();
const dataDirs: string[] = [];
const startApp = (env: Record<string, string>, label: string) => processes.start(env, label);
const spawnApp = (env: Record<string, string>) => processes.spawn(env);
const sigterm = (app: AppProcess) => processes.sigterm(app);

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
  await processes.cleanup(dataDirs);
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  await connector?.close();
  if (processes.timings.length > 0) console.log(`Process timings:\n  ${processes.timings.join('\n  ')}`);
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
    // Exactly one server for the data directory: the one its postmaster.pid names.
    expect(postgresFor(dataDir).map(describeProcess)).toEqual([describeProcess(postmasterPid(dataDir))]);

    const { code, signal } = await sigterm(app);
    running = null;
    if (code !== 0 || signal !== null)
      throw new Error(
        `After SIGTERM: exit code ${code}, signal ${signal}.\nstderr:\n${app.stderr()}\nstdout:\n${app.stdout()}`,
      );
    expect(app.stderr()).not.toMatch(/error/i);
    expect(app.stdout()).not.toMatch(/"level":(50|60)/); // nothing logged as error or fatal
    expect(postgresFor(dataDir).map(describeProcess)).toEqual([]);
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
    expect(postgresFor(dataDir).map(describeProcess)).toEqual([describeProcess(orphan)]);

    running = await startApp(env, 'restart after kill -9');
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    expect(await myDisclosures(running)).toContain(ref);
    // The leftover server was stopped and replaced by the new app's own.
    expect(isRunning(orphan)).toBe(false);
    expect(postgresFor(dataDir).map(describeProcess)).toEqual([describeProcess(postmasterPid(dataDir))]);
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
    expect(postgresFor(dataDir).map(describeProcess)).toEqual([]);
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
