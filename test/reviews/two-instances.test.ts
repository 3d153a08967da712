/**
 * Several app instances on one database: the sweep fires once, and sweeps that do run at the same
 * time (on two instances) share the due reviews without reminding anyone twice.
 */
import { sql } from 'kysely';
import { VERBS } from '../../bot/cards/verbs';
import { REVIEW_SWEEP_CRON } from '../../src/composition/reviews';
import { ReviewRouting } from '../../src/app/review-routing';
import { sweepDueReviews, type SweepResult } from '../../src/app/review-sweep';
import { agencyClosedOn } from '../../src/calendar/state-holidays';
import { BusinessCalendar } from '../../src/domain/calendar/business-calendar';
import { loadOrgChart } from '../../src/directory/org-chart';
import { OrgChartAvailability } from '../../src/directory/org-chart-availability';
import { OrgChartDirectory } from '../../src/directory/org-chart-directory';
import { JobQueue } from '../../src/jobs/job-queue';
import { createLogger } from '../../src/logging';
import { createDb } from '../../src/store/db';
import { PgDelegationStore } from '../../src/store/delegation-store';
import { PgDisclosureStore } from '../../src/store/disclosure-store';
import { DEMO_ORG_CHART, startTestApp, type TestApp } from '../support/app-harness';
import { TestClock } from '../support/clock';
import { reviewableGift } from '../support/fixtures';
import { TestJobs } from '../support/jobs';
import { cardVerbs } from '../support/teams-client';

const clock = new TestClock('2026-11-25T15:00:00Z');
let first: TestApp;
let second: TestApp;

beforeEach(async () => {
  clock.set('2026-11-25T15:00:00Z');
  first = await startTestApp({}, { overrides: { clock } });
  second = await startTestApp(
    {},
    { connector: first.connector, database: first.database, overrides: { clock } },
  );
});

afterEach(async () => {
  await second.stop();
  await first.stop();
});

async function submitAs(name: string): Promise<void> {
  const user = first.teams.as(first.person(name));
  await user.say('gift');
  const forms = () =>
    first.connector.sent.filter(
      (e) => e.conversationId === user.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
    );
  await first.connector.waitFor(() => forms().length > 0);
  const form = forms().at(-1)!;
  await user.click(VERBS.submitGift, reviewableGift({ dateReceived: '2026-11-20' }), form.activityId);
}

/** A sweep as one more instance runs it: its own pool, its own job queue client. */
async function instanceSweep(databaseUrl: string) {
  const { db } = createDb(databaseUrl, 2);
  const queue = new JobQueue({ connectionString: databaseUrl });
  await queue.start();
  const chart = loadOrgChart(DEMO_ORG_CHART);
  const directory = new OrgChartDirectory(chart);
  const log = createLogger('silent');
  const disclosures = {
    store: new PgDisclosureStore(db, (jobs, execute) => queue.sendAllInTransaction(jobs, execute)),
    directory,
    packs: [],
    clock,
    timeZone: 'America/New_York',
    ethicsOfficerId: chart.withRole('ethics_officer')[0]!.id,
    hrContactId: null,
  };
  const policy = new ReviewRouting({
    calendar: new BusinessCalendar('America/New_York', agencyClosedOn()),
    times: { reminderBusinessDays: 3, escalationBusinessDays: 5 },
    delegations: new PgDelegationStore(db),
    availability: new OrgChartAvailability(),
    directory,
    ethicsOfficerId: disclosures.ethicsOfficerId,
    log,
  });
  return {
    sweep: (): Promise<SweepResult> => sweepDueReviews({ disclosures, policy, log }),
    close: async () => {
      await queue.stop(2000);
      await db.destroy();
    },
  };
}

describe('two app instances on one database', () => {
  it('remind each due reviewer once when sweeps run on both at the same moment', async () => {
    const employees = ['Alex Kim', 'Jordan Lee', 'Sam Patel', 'Luis Romero'];
    for (const name of employees) await submitAs(name);
    const rows = await first.app.db.selectFrom('disclosures').select('id').execute();
    expect(rows).toHaveLength(employees.length);

    clock.set('2026-12-01T15:00:00Z');
    const [a, b] = [await instanceSweep(first.database.url), await instanceSweep(first.database.url)];
    try {
      const results = await Promise.all([a.sweep(), b.sweep(), a.sweep(), b.sweep()]);
      expect(results.reduce((n, r) => n + r.reminded, 0)).toBe(employees.length);
      expect(results.every((r) => r.escalated === 0 && r.failed === 0)).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }

    // The notices go out through the two apps' workers, once each.
    await first.connector.waitFor(
      () => first.connector.sent.filter((e) => /Reminder: D-/.test(String(e.activity.text))).length === 4,
      { timeoutMs: 10_000 },
    );
    const reminded = await first.app.db
      .selectFrom('audit_log')
      .select('disclosure_id')
      .where('action', '=', 'reminded')
      .execute();
    expect(new Set(reminded.map((r) => r.disclosure_id)).size).toBe(employees.length);
    expect(reminded).toHaveLength(employees.length);
    await new Promise((r) => setTimeout(r, 1000));
    expect(first.connector.sent.filter((e) => /Reminder: D-/.test(String(e.activity.text)))).toHaveLength(4);
    expect(await first.auditChainOk()).toBe(true);
  });

  it('share one cron schedule of the sweep (pg-boss sends each slot once, whichever instance sees it)', async () => {
    const { rows } = await sql<{ name: string; cron: string; timezone: string }>`
      select name, cron, timezone from pgboss.schedule where name = 'reviews.sweep'`.execute(first.app.db);
    expect(rows).toEqual([{ name: 'reviews.sweep', cron: REVIEW_SWEEP_CRON, timezone: 'UTC' }]);
  });

  it('keep one sweep waiting at most however many instances send the job, and remind once', async () => {
    await submitAs('Alex Kim');
    clock.set('2026-12-01T15:00:00Z');
    const jobs = [
      await TestJobs.connect(first.database.url, first.app.db),
      await TestJobs.connect(second.database.url, second.app.db),
    ];
    try {
      await jobs[0]!.idle('reviews.sweep'); // the start-up sweeps
      // Ten sends at once from the two instances: the queue keeps at most one waiting (and one running).
      const sent = await Promise.all(
        Array.from({ length: 10 }, (_, i) => jobs[i % 2]!.send({ name: 'reviews.sweep', data: {} })),
      );
      const queued = sent.filter((id) => id !== null).length;
      expect(queued).toBeGreaterThanOrEqual(1);
      expect(queued).toBeLessThanOrEqual(2);
      await jobs[0]!.idle('reviews.sweep');
    } finally {
      for (const j of jobs) await j.close();
    }
    const isReminder = (text: unknown) => /Reminder: D-/.test(String(text));
    await first.connector.waitFor((e) => isReminder(e.activity.text), { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(first.connector.sent.filter((e) => isReminder(e.activity.text))).toHaveLength(1);
  });
});
