/**
 * kill -9 of the app process at seeded-random moments while disclosures are submitted and decided
 * through /api/messages, then a restart, three times; then a last restart and the job queue drained.
 * Afterwards:
 * - every disclosure row is whole and agrees with its audit entries, and the audit chain verifies;
 * - every submission and every decision the app acknowledged (an invoke answered 200 with its result
 *   card) is stored;
 * - every review card and decision notice was delivered, and none twice — except in the one window no
 *   send can close: the Connector accepted the message and the process died before it committed the
 *   record of that send. Teams offers no idempotency key on proactive sends, so the retry sends again.
 *   Such a duplicate is accepted only when it is exactly that: the two copies were sent by two app
 *   processes (the first of them killed), and the first copy's activity id was never recorded
 *   (card_messages, sent_notifications); a duplicate whose first copy was recorded, or whose copies were
 *   both sent by one process, fails the test. How many fell in the window is printed. (docs/operations.md,
 *   "Crash and restart".)
 *   Which process sent a copy is told by when the fake Connector got it against when each app was
 *   started, not against the kill: the fake runs in this busy process, so a request the app wrote just
 *   before it was killed can be read after the kill was recorded — but always before the next app is
 *   started, seconds later, once the killed one has exited.
 *
 * pg-boss gives a job that was active in a killed process back to the queue once its expiry has passed
 * (`expireInSeconds`, 120 s here) and its maintenance has run (every 120 s). The test fast-forwards that
 * wait: while the app is down it dates those jobs' start back past their expiry and runs pg-boss's own
 * maintenance once; pg-boss then retries them as it would two to four minutes later.
 *
 * CRASH_SEED picks another seed; the seed is in the test's name and output.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { VERBS } from '../../bot/cards/verbs';
import orgChart from '../../config/demo-org-chart.json';
import { createDb, type Db } from '../../src/store/db';
import { verifyAuditChain } from '../../src/store/audit-store';
import { FakeBotConnector, type RecordedActivity } from '../fakes/bot-connector';
import {
  appPid,
  AppProcesses,
  embeddedDatabaseUrl,
  freePort,
  until,
  type AppProcess,
} from '../support/app-process';
import { reviewableGift } from '../support/fixtures';
import { cardText, cardVerbs, TeamsClient, type Persona } from '../support/teams-client';

const SEED = Number(process.env.CRASH_SEED ?? 20261126);
const ROUNDS = 3;

/** mulberry32: a small seeded PRNG, so the kill moments and choices are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const person = (name: string): Persona => {
  const p = orgChart.people.find((x) => x.displayName === name)!;
  return { id: p.id, displayName: p.displayName };
};
/** Employees and their reviewers in the demo org chart. */
const EMPLOYEES = ['Alex Kim', 'Jordan Lee', 'Sam Patel', 'Luis Romero'].map(person);
const REVIEWERS = ['Daniel Ortiz', 'Renee Walsh', 'Grace Okafor'].map(person);
const DECIDED_STATES = ['approved', 'approved_with_conditions', 'denied'];

const processes = new AppProcesses();
let connector: FakeBotConnector;
let dataDir: string;
let env: Record<string, string>;
const kills: number[] = [];
/** When each app after the first was started (each after the one before it was killed and had exited). */
const restarts: number[] = [];
/** What the app acknowledged: reference → the decision it answered "recorded" for, or null. */
const acknowledged = new Map<string, string | null>();
let requestsSent = 0;

beforeAll(async () => {
  connector = await FakeBotConnector.start();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'candor-crash-'));
  env = {
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    BOT_SERVICE_URL: connector.serviceUrl,
  };
});

afterAll(async () => {
  await processes.cleanup([dataDir]);
  await rm(dataDir, { recursive: true, force: true });
  await connector?.close();
  console.log(
    `crash-under-load seed ${SEED}: ${requestsSent} requests, ${acknowledged.size} acknowledged submissions, ` +
      `${[...acknowledged.values()].filter(Boolean).length} acknowledged decisions, ${kills.length} kills\n  ` +
      processes.timings.join('\n  '),
  );
});

/** `N ms before` or `N ms after`: when `time` was against `moment`. */
function relative(time: number, moment: number): string {
  return time <= moment ? `${moment - time} ms before` : `${time - moment} ms after`;
}

/** Summary of a proactive message: `REF: …` on review cards and notices. */
function summaryOf(e: RecordedActivity): string | null {
  const s = e.activity.summary;
  return typeof s === 'string' && /^\S+: /.test(s) ? s : null;
}

/**
 * One worker per employee: open the gift form, submit it, then (usually) the reviewer decides it from
 * the review card the app sent.
 */
async function worker(app: AppProcess, employee: Persona, stopped: () => boolean): Promise<void> {
  const teams = new TeamsClient(app.url, connector, orgChart.tenantId);
  const user = teams.as(employee);
  while (!stopped()) {
    const decision = pick([VERBS.approve, VERBS.approve, VERBS.deny, null]);
    try {
      const seen = new Set(connector.sent.map((e) => e.activityId));
      requestsSent++;
      await user.say('gift');
      const form = await connector.waitFor(
        (e) =>
          e.conversationId === user.conversationId &&
          !seen.has(e.activityId) &&
          cardVerbs(e.activity).includes(VERBS.submitGift),
        { timeoutMs: 3_000 },
      );
      requestsSent++;
      const gift = reviewableGift({ value: String(50 + Math.floor(random() * 400)) });
      const submitted = await user.click(VERBS.submitGift, gift, form.activityId);
      const reference = /Reference (\S+)/.exec(cardText(submitted.body?.value))?.[1];
      if (submitted.status !== 200 || !reference) continue;
      acknowledged.set(reference, null);
      if (!decision) continue;
      const card = await connector.waitFor((e) => summaryOf(e)?.startsWith(`${reference}: `) ?? false, {
        timeoutMs: 3_000,
      });
      const reviewer = REVIEWERS.find((r) => card.conversationId.includes(r.id));
      if (!reviewer) throw new Error(`Review card for ${reference} went to ${card.conversationId}`);
      const disclosureId = await fetchDisclosureId(reference);
      requestsSent++;
      const decided = await teams
        .as(reviewer)
        .click(decision, { disclosureId, comment: 'crash test' }, card.activityId, card.conversationId);
      if (decided.status === 200 && /was recorded/.test(cardText(decided.body?.value)))
        acknowledged.set(reference, decision === VERBS.approve ? 'approve' : 'deny');
    } catch {
      // The app died under this request (connection reset or refused) or a card did not come in time.
      if (stopped()) return;
    }
  }
}

let liveDb: Db | null = null;
async function fetchDisclosureId(reference: string): Promise<string> {
  const row = await liveDb!
    .selectFrom('disclosures')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
  return row.id;
}

function openDb(): { db: Db; close: () => Promise<void> } {
  const { db, pool } = createDb(embeddedDatabaseUrl(dataDir, env.EMBEDDED_PG_PORT!), 4);
  return { db, close: () => pool.end() };
}

/**
 * With the app dead: jobs it had taken are still `active`. Date their start back past their expiry and
 * run pg-boss's maintenance once, which hands them back for retry exactly as it would after the wait.
 */
async function fastForwardExpiry(db: Db): Promise<number> {
  const { numAffectedRows } = await sql`
    update pgboss.job set started_on = now() - expire_in - interval '1 second'
    where state = 'active'`.execute(db);
  const boss = new PgBoss({
    connectionString: embeddedDatabaseUrl(dataDir, env.EMBEDDED_PG_PORT!),
    schema: 'pgboss',
    migrate: false,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 1,
    max: 1,
  });
  boss.on('error', () => undefined);
  const maintained = new Promise<void>((resolve) => boss.once('maintenance', () => resolve()));
  await boss.start();
  await Promise.race([maintained, sleep(10_000, undefined, { ref: false })]);
  await boss.stop({ graceful: false, wait: true });
  return Number(numAffectedRows ?? 0);
}

async function outstandingJobs(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from pgboss.job where state in ('created', 'retry', 'active') limit 10`.execute(db);
  return Number(rows[0]!.n);
}

describe(`the app killed with kill -9 under load (seed ${SEED})`, () => {
  it('keeps every acknowledged submission and decision, leaves no half-written disclosure, and sends each message once', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      if (round > 1) restarts.push(Date.now());
      const app = await processes.start(env, `round ${round} start`);
      const live = openDb();
      liveDb = live.db;
      if (round === 1)
        for (const p of [...EMPLOYEES, ...REVIEWERS])
          await new TeamsClient(app.url, connector, orgChart.tenantId).as(p).install();
      let stop = false;
      const load = EMPLOYEES.map((employee) => worker(app, employee, () => stop));
      await sleep(1_500 + Math.floor(random() * 2_500));
      kills.push(Date.now());
      process.kill(appPid(dataDir), 'SIGKILL');
      stop = true;
      await app.closed;
      await Promise.all(load);
      await live.close();

      // The app is dead; its PostgreSQL still runs (the next start replaces it).
      const dead = openDb();
      const inFlight = await fastForwardExpiry(dead.db);
      await dead.close();
      processes.timings.push(`round ${round}: killed; ${inFlight} jobs were in flight`);
    }

    restarts.push(Date.now());
    const app = await processes.start(env, 'final start');
    const { db, close } = openDb();
    try {
      await until('the job queue has drained', async () => (await outstandingJobs(db)) === 0, 30_000).catch(
        async (e: Error) => {
          const { rows: left } = await sql`
            select name, state, retry_count, start_after, started_on, expire_in, output
            from pgboss.job where state in ('created', 'retry', 'active') limit 10`.execute(db);
          throw new Error(`${e.message}: ${JSON.stringify(left)}`);
        },
      );

      // Whole disclosures that agree with their audit entries; an intact chain.
      const chain = await verifyAuditChain(db);
      expect(chain).toMatchObject({ ok: true });
      const rows = await db.selectFrom('disclosures').selectAll().execute();
      const audit = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '<>', 'refused')
        .orderBy('seq')
        .execute();
      expect(rows.length).toBeGreaterThanOrEqual(acknowledged.size);
      const problems: string[] = [];
      for (const d of rows) {
        const entries = audit.filter((a) => a.disclosure_id === d.id);
        const say = (p: string) => problems.push(`${d.reference} (${d.state}): ${p}`);
        if (entries[0]?.action !== 'submitted' || entries[0].from_state !== null)
          say('first entry is not submitted');
        if (entries.filter((a) => a.action === 'submitted').length !== 1)
          say('not exactly one submitted entry');
        for (let i = 1; i < entries.length; i++)
          if (entries[i]!.from_state !== entries[i - 1]!.to_state) say(`entry ${i} does not follow on`);
        if (entries.at(-1)?.to_state !== d.state) say('state differs from the last audit entry');
        if (d.version !== entries.length) say(`version ${d.version} but ${entries.length} entries`);
        if (!d.reviewer_id || !d.employee_name || !d.details || !d.evaluation) say('missing fields');
        const decidedEntries = entries.filter((a) => a.action === 'decided');
        if (DECIDED_STATES.includes(d.state)) {
          if (!d.decision || d.decided_by !== d.reviewer_id || !d.decided_at) say('decision fields missing');
          if (decidedEntries.length !== 1 || decidedEntries[0]!.details.decision !== d.decision)
            say('decision without its one decided entry');
        } else {
          expect(d.state).toBe('pending_review');
          if (d.decision || d.decided_by || d.decided_at || decidedEntries.length > 0)
            say('decision fields on an undecided disclosure');
        }
      }
      expect(problems).toEqual([]);

      // Everything acknowledged is stored.
      const byRef = new Map(rows.map((d) => [d.reference, d]));
      for (const [reference, decision] of acknowledged) {
        const d = byRef.get(reference);
        expect({ reference, stored: d !== undefined }).toEqual({ reference, stored: true });
        if (decision) expect({ reference, decision: d!.decision }).toEqual({ reference, decision });
      }
      expect([...acknowledged.values()].filter(Boolean).length).toBeGreaterThan(0);

      // Each review card and decision notice delivered once (or twice only across a kill, see above).
      const copies = new Map<string, RecordedActivity[]>();
      for (const e of connector.sent) {
        const s = summaryOf(e);
        if (s) copies.set(`${e.conversationId} ${s}`, [...(copies.get(`${e.conversationId} ${s}`) ?? []), e]);
      }
      const missing: string[] = [];
      for (const d of rows) {
        const reviewerCard = `a:personal-${d.reviewer_id} ${d.reference}: ${d.employee_name}`;
        if (!copies.has(reviewerCard)) missing.push(reviewerCard);
        const notice = `a:personal-${d.employee_id} ${d.reference}: decided`;
        if (DECIDED_STATES.includes(d.state) && !copies.has(notice)) missing.push(notice);
      }
      expect(missing).toEqual([]);
      // The activity ids whose send was recorded (what makes a retry skip the send).
      const recorded = new Set([
        ...(await db.selectFrom('card_messages').select('activity_id').execute()).map((r) => r.activity_id),
        ...(await db.selectFrom('sent_notifications').select('activity_id').execute()).map(
          (r) => r.activity_id,
        ),
      ]);
      const crashWindow: string[] = [];
      const duplicates: string[] = [];
      for (const [key, sent] of copies) {
        for (let i = 1; i < sent.length; i++) {
          const first = sent[i - 1]!;
          const again = sent[i]!;
          // Sent by two processes: the first copy came in before an app was started, the second after.
          const restart = restarts.findIndex((r) => first.time < r && r <= again.time);
          const timing =
            restart < 0
              ? `both copies sent by one app process (${again.time - first.time} ms apart)`
              : `first copy came in ${relative(first.time, kills[restart]!)} a kill, ` +
                `${relative(first.time, restarts[restart]!)} the next start`;
          const unrecorded = !recorded.has(first.activityId);
          if (restart >= 0 && unrecorded) crashWindow.push(`${key}: ${timing}`);
          else
            duplicates.push(
              `${key}: ${sent.length} copies; ${timing}; first copy ${unrecorded ? 'not ' : ''}recorded`,
            );
        }
      }
      expect(duplicates).toEqual([]);
      processes.timings.push(
        `${copies.size} messages checked; duplicates inside the send-to-commit window: ${crashWindow.length}` +
          crashWindow.map((c) => `\n    ${c}`).join(''),
      );
    } finally {
      await close();
      await processes.sigterm(app);
    }
  }, 120_000);
});
