/**
 * Reminders and escalation of pending reviews, with a controllable clock, over the fake Bot Connector.
 * Defaults: reminder after 3 business days, escalation after 5, Connecticut holidays.
 */
import { VERBS } from '../../bot/cards/verbs';
import { apiCall, devSignIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/app-harness';
import { TestClock } from '../support/clock';
import { reviewableGift } from '../support/fixtures';
import { TestJobs } from '../support/jobs';
import { cardOf, cardText, cardVerbs, type TeamsUser } from '../support/teams-client';
import type { RecordedActivity } from '../../test/fakes/bot-connector';

// Wednesday 25 November 2026, 10:00 in Hartford: the day before Thanksgiving.
const SUBMITTED = '2026-11-25T15:00:00Z';
const gift = reviewableGift({ dateReceived: '2026-11-20' });

let t: TestApp;
let clock: TestClock;
let jobs: TestJobs;

beforeEach(async () => {
  clock = new TestClock(SUBMITTED);
  t = await startTestApp({}, { overrides: { clock } });
  jobs = await TestJobs.connect(t.database.url, t.app.db);
});

afterEach(async () => {
  await jobs.close();
  await t.stop();
});

const sweep = () => jobs.run({ name: 'reviews.sweep', data: {} });

async function submit(user: TeamsUser) {
  await user.say('gift');
  const form = await t.connector.waitFor(
    (e) => e.conversationId === user.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
  );
  cardOf(await user.click(VERBS.submitGift, gift, form.activityId));
  return t.app.db
    .selectFrom('disclosures')
    .selectAll()
    .orderBy('reference', 'desc')
    .executeTakeFirstOrThrow();
}

/** The first message (not an update) to someone other than `except` that matches. */
function sentMatching(test: (e: RecordedActivity) => boolean): Promise<RecordedActivity> {
  return t.connector.waitFor((e) => e.kind !== 'update' && test(e), { timeoutMs: 10_000 });
}

async function auditActions(disclosureId: string): Promise<string[]> {
  const rows = await t.app.db
    .selectFrom('audit_log')
    .select('action')
    .where('disclosure_id', '=', disclosureId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

const text = (e: RecordedActivity) => `${String(e.activity.text ?? '')}\n${cardText(e.activity)}`;

describe('a pending review nobody decides', () => {
  it('reminds the reviewer once after 3 business days (Thanksgiving not counted), then escalates to their manager after 5', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    const daniel = t.teams.as(t.person('Daniel Ortiz'));
    const tanya = t.teams.as(t.person('Tanya Hughes'));
    const row = await submit(alex);
    expect(row.reviewer_id).toBe(daniel.person.id);
    // Wed 10:00 + 3 business days, skipping Thanksgiving and the weekend: Tuesday 1 December, 10:00.
    expect(row.remind_at).toEqual(new Date('2026-12-01T15:00:00Z'));
    expect(row.escalate_at).toEqual(new Date('2026-12-03T15:00:00Z'));
    const danielsCard = await sentMatching((e) => cardVerbs(e.activity).includes(VERBS.approve));

    // Monday 30 November, 10:00: three days would have passed but for the holiday — nothing yet.
    clock.set('2026-11-30T15:00:00Z');
    await sweep();
    clock.set('2026-12-01T15:00:00Z');
    await sweep();
    await sweep();
    const reminder = await sentMatching(
      (e) => e.conversationId === danielsCard.conversationId && /Reminder: D-/.test(text(e)),
    );
    expect(text(reminder)).toMatch(/waiting for your decision/);
    expect(text(reminder)).toContain('December 3, 2026');
    await new Promise((r) => setTimeout(r, 500));
    const reminders = t.connector.sent.filter((e) => /Reminder: D-/.test(text(e)));
    expect(reminders).toHaveLength(1);
    expect(await auditActions(row.id)).toEqual(['submitted', 'reminded']);

    // Thursday 3 December, 10:00: five business days — escalated to Daniel's manager, Tanya Hughes.
    clock.set('2026-12-03T15:00:00Z');
    await sweep();
    await sweep();
    const tanyasCard = await sentMatching(
      (e) =>
        e.conversationId !== danielsCard.conversationId &&
        e.conversationId !== alex.conversationId &&
        cardVerbs(e.activity).includes(VERBS.approve),
    );
    expect(cardText(tanyasCard.activity)).toMatch(/Escalated to Tanya Hughes from Daniel Ortiz/);
    const after = await t.app.db
      .selectFrom('disclosures')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({
      reviewer_id: tanya.person.id,
      reviewer_name: 'Tanya Hughes',
      escalated_from_id: daniel.person.id,
    });

    // Daniel's card turns read-only and says so; Daniel and Alex are told.
    const danielsUpdate = await t.connector.waitFor(
      (e) =>
        e.kind === 'update' &&
        e.activityId === danielsCard.activityId &&
        /Escalated to Tanya Hughes: nothing more is needed from you/.test(cardText(e.activity)),
      { timeoutMs: 10_000 },
    );
    expect(cardVerbs(danielsUpdate.activity)).not.toContain(VERBS.approve);
    await sentMatching(
      (e) => e.conversationId === danielsCard.conversationId && /was escalated to Tanya Hughes/.test(text(e)),
    );
    await sentMatching(
      (e) =>
        e.conversationId === alex.conversationId &&
        /escalated to Tanya Hughes, who will now review it/.test(text(e)),
    );
    expect(await auditActions(row.id)).toEqual(['submitted', 'reminded', 'escalated']);
    expect(t.connector.sent.filter((e) => /escalated to Tanya Hughes, who will/.test(text(e)))).toHaveLength(
      1,
    );

    // Daniel can no longer decide; Tanya can.
    const refused = await daniel.click(
      VERBS.approve,
      { disclosureId: row.id, comment: 'ok' },
      danielsCard.activityId,
      danielsCard.conversationId,
    );
    expect(cardText(cardOf(refused))).toMatch(/escalated to Tanya Hughes; only they can decide on it now/);
    const approved = await tanya.click(
      VERBS.approve,
      { disclosureId: row.id, comment: 'Fine.' },
      tanyasCard.activityId,
      tanyasCard.conversationId,
    );
    expect(cardText(cardOf(approved))).toMatch(/was recorded/);
    expect(await auditActions(row.id)).toEqual(['submitted', 'reminded', 'escalated', 'refused', 'decided']);
    expect(await t.auditChainOk()).toBe(true);

    // The employee's timeline in the tab shows the reminder and the escalation, done by Candor.
    const token = await devSignIn(t.app.url, alex.person.id);
    const detail = await apiCall(t.app.url, `/api/v1/disclosures/${row.id}`, token);
    expect(detail.body.reviewer).toEqual({ id: tanya.person.id, displayName: 'Tanya Hughes' });
    expect(
      detail.body.timeline.map((e: { action: string; actor: { displayName: string } }) => [
        e.action,
        e.actor.displayName,
      ]),
    ).toEqual([
      ['submitted', 'Alex Kim'],
      ['reminded', 'Candor'],
      ['escalated', 'Candor'],
      ['decided', 'Tanya Hughes'],
    ]);
  });

  it('goes to the ethics officer when the reviewer has no manager', async () => {
    // Daniel's own disclosure goes to Tanya Hughes, who reports to nobody: escalation reaches Marcus Bell.
    const daniel = t.teams.as(t.person('Daniel Ortiz'));
    const row = await submit(daniel);
    expect(row.reviewer_id).toBe(t.person('Tanya Hughes').id);
    clock.set('2026-12-10T15:00:00Z'); // long overdue: straight to the escalation, no late reminder
    await sweep();
    const after = await t.app.db
      .selectFrom('disclosures')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.reviewer_id).toBe(t.person('Marcus Bell').id);
    await sentMatching(
      (e) => e.conversationId === daniel.conversationId && /escalated to Marcus Bell/.test(text(e)),
    );
    expect(await auditActions(row.id)).toEqual(['submitted', 'escalated']);
  });

  it('stays with the reviewer, who is told it is overdue, when nobody above may take it', async () => {
    // Marcus Bell, the ethics officer, discloses: Tanya Hughes reviews; above her is nobody, and the
    // ethics officer is the employee himself.
    const marcus = t.teams.as(t.person('Marcus Bell'));
    const row = await submit(marcus);
    expect(row.reviewer_id).toBe(t.person('Tanya Hughes').id);
    const card = await sentMatching(
      (e) => e.conversationId !== marcus.conversationId && cardVerbs(e.activity).includes(VERBS.approve),
    );
    clock.set('2026-12-10T15:00:00Z');
    await sweep();
    await sweep();
    await sentMatching(
      (e) => e.conversationId === card.conversationId && /^Overdue: D-/.test(text(e).trim()),
    );
    const after = await t.app.db
      .selectFrom('disclosures')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.reviewer_id).toBe(t.person('Tanya Hughes').id);
    expect(await auditActions(row.id)).toEqual(['submitted', 'escalation_impossible']);
    await new Promise((r) => setTimeout(r, 500));
    expect(t.connector.sent.filter((e) => /Overdue: D-/.test(text(e)))).toHaveLength(1);
  });

  it('starts the clock again when the employee answers a question', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    const row = await submit(alex);
    const card = await sentMatching((e) => cardVerbs(e.activity).includes(VERBS.approve));
    const daniel = t.teams.as(t.person('Daniel Ortiz'));
    await daniel.click(
      VERBS.requestInfo,
      { disclosureId: row.id, comment: 'Who is Chris?' },
      card.activityId,
      card.conversationId,
    );
    const question = await sentMatching(
      (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).includes(VERBS.answerInfo),
    );
    clock.set('2026-12-07T14:00:00Z'); // Monday 7 December, 09:00
    await alex.click(VERBS.answerInfo, { disclosureId: row.id, answer: 'A colleague.' }, question.activityId);
    const after = await t.app.db
      .selectFrom('disclosures')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.state).toBe('pending_review');
    expect(after.remind_at).toEqual(new Date('2026-12-10T14:00:00Z'));
    expect(after.reminded_at).toBeNull();
  });
});
