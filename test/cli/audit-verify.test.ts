/**
 * `npm run audit:verify` as a child process against a database left by a real flow through the bot,
 * then against copies of it that a database superuser tampered with.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { VERBS } from '../../bot/cards/verbs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardText, cardVerbs, type TeamsUser } from '../support/teams-client';
import { reviewableGift as giftForm } from '../support/fixtures';

const REPO_ROOT = path.join(__dirname, '..', '..');
const reviewableGift = giftForm();

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npx tsx src/cli/audit-verify.ts` with only DATABASE_URL configured (nothing inherited). */
function runCli(databaseUrl: string, args: string[] = []): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/cli/audit-verify.ts', ...args],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: databaseUrl,
          npm_config_update_notifier: 'false',
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function adminUrl(): string {
  const url = process.env.CANDOR_TEST_ADMIN_URL;
  if (!url) throw new Error('CANDOR_TEST_ADMIN_URL is not set: run the tests through jest (global-setup).');
  return url;
}

let t: TestApp;
let appStopped = false;
let seqs: string[];
const copies: string[] = [];

async function stopApp(): Promise<void> {
  if (!t || appStopped) return;
  appStopped = true;
  await t.app.stop();
}

/** A copy of the flow's database to tamper with (the original stays intact for the other tests). */
async function copyOfFlowDatabase(): Promise<string> {
  const source = new URL(t.database.url).pathname.slice(1);
  const name = `candor_test_copy_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl(), (c) => c.query(`create database ${name} template ${source}`));
  copies.push(name);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const formsUsed = new Set<string>();

async function submitGift(user: TeamsUser): Promise<string> {
  await user.say('gift');
  const form = await t.connector.waitFor(
    (e) =>
      e.conversationId === user.conversationId &&
      cardVerbs(e.activity).includes(VERBS.submitGift) &&
      !formsUsed.has(e.activityId),
  );
  formsUsed.add(form.activityId);
  const result = await user.click(VERBS.submitGift, reviewableGift, form.activityId);
  const reference = /Reference (\S+)/.exec(cardText(cardOf(result)))?.[1];
  if (!reference) throw new Error(`No reference on the result card: ${cardText(cardOf(result))}`);
  return reference;
}

beforeAll(async () => {
  t = await startTestApp();
  const alex = t.teams.as(t.person('Alex Kim'));
  const daniel = t.teams.as(t.person('Daniel Ortiz'));
  const first = await submitGift(alex);
  const row = await t.app.db
    .selectFrom('disclosures')
    .select('id')
    .where('reference', '=', first)
    .executeTakeFirstOrThrow();
  const review = await t.connector.waitFor(
    (e) =>
      e.kind !== 'update' &&
      cardVerbs(e.activity).includes(VERBS.approve) &&
      e.conversationId !== alex.conversationId,
    { timeoutMs: 10_000 },
  );
  const decided = await daniel.click(
    VERBS.approve,
    { disclosureId: row.id, comment: 'Fine.' },
    review.activityId,
    review.conversationId,
  );
  expect(cardText(cardOf(decided))).toMatch(/approved/i);
  await submitGift(alex);
  // The app stops; its database stays for the CLI (and is dropped in afterAll).
  await stopApp();
  seqs = await withClient(t.database.url, async (c) =>
    (await c.query<{ seq: string }>('select seq from audit_log order by seq')).rows.map((r) => r.seq),
  );
});

afterAll(async () => {
  await stopApp();
  for (const name of copies)
    await withClient(adminUrl(), (c) => c.query(`drop database if exists ${name} with (force)`));
  await t?.connector.close();
  await t?.database.drop();
});

describe('npm run audit:verify', () => {
  it('reports an intact chain with the number of entries it verified, and exits 0', async () => {
    expect(seqs.length).toBeGreaterThanOrEqual(3); // two submissions and a decision
    const run = await runCli(t.database.url);
    expect(run.stdout.trim()).toBe(`Audit chain intact: ${seqs.length} entries verified.`);
    expect(run.code).toBe(0);
  });

  it('gives the same verdict as JSON with --json', async () => {
    const run = await runCli(t.database.url, ['--json']);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, count: seqs.length });
    expect(run.code).toBe(0);
  });

  it('exits 1 and names the entry whose content a superuser altered behind the trigger', async () => {
    const url = await copyOfFlowDatabase();
    const altered = seqs[1]!;
    await withClient(url, async (c) => {
      await c.query('alter table audit_log disable trigger audit_log_no_update');
      await c.query(
        `update audit_log set details = '{"comment": "Nothing to see here."}'::jsonb where seq = $1`,
        [altered],
      );
      await c.query('alter table audit_log enable trigger audit_log_no_update');
    });
    const run = await runCli(url);
    expect(run.stdout.trim()).toBe(
      `Audit chain BROKEN at entry seq ${altered}: content does not match its hash (2 entries checked).`,
    );
    expect(run.code).toBe(1);
  });

  it('exits 1 when a middle entry was deleted, naming the entry after the gap', async () => {
    const url = await copyOfFlowDatabase();
    const [, removed, next] = seqs;
    await withClient(url, async (c) => {
      await c.query('alter table audit_log disable trigger audit_log_no_update');
      await c.query('delete from audit_log where seq = $1', [removed]);
      await c.query('alter table audit_log enable trigger audit_log_no_update');
    });
    const run = await runCli(url, ['--json']);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      count: 2,
      seq: next,
      problem: 'does not link to the entry before it',
    });
    expect(run.code).toBe(1);
  });

  it('exits 2 with a readable message when it cannot reach the database', async () => {
    const unreachable = new URL(t.database.url);
    unreachable.port = '1';
    const run = await runCli(unreachable.toString());
    expect(run.stderr).toMatch(/^Could not verify the audit chain: /m);
    expect(run.code).toBe(2);
  });
});

describe('the audit_log table', () => {
  it('refuses an ordinary UPDATE and DELETE of an audit row, and the row stays as it was', async () => {
    const seq = seqs[0]!;
    await withClient(t.database.url, async (c) => {
      const before = (await c.query('select * from audit_log where seq = $1', [seq])).rows[0];
      await expect(
        c.query(`update audit_log set actor_id = 'someone-else' where seq = $1`, [seq]),
      ).rejects.toThrow(/append-only/);
      await expect(c.query('delete from audit_log where seq = $1', [seq])).rejects.toThrow(/append-only/);
      expect((await c.query('select * from audit_log where seq = $1', [seq])).rows[0]).toEqual(before);
    });
  });
});
