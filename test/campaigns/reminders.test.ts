/**
 * Reminders of an attestation campaign, in-process on the demo org chart with a controllable clock: a
 * round goes to those sent the card who have not acknowledged, one reminder card each (counted per
 * idempotency key at the fake connector), through the same paced fan-out; acknowledging from the reminder
 * works, once; the automatic round comes after the interval and not before, once however many sweeps run.
 */
import { CAMPAIGN_VERBS } from '../../bot/cards/attestation';
import { sweepCampaignReminders } from '../../src/app/campaign-reminders';
import { createLogger } from '../../src/logging';
import { PgReminderStore } from '../../src/store/reminder-store';
import { FakeBotConnector } from '../fakes/bot-connector';
import { apiCall, devSignIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/app-harness';
import { TestClock } from '../support/clock';
import { TestJobs } from '../support/jobs';
import { cardOf, cardText, cardVerbs } from '../support/teams-client';
import orgChart from '../../config/demo-org-chart.json';

const LAUNCH = '2026-03-02T15:00:00Z';
const DAY = 24 * 60 * 60 * 1000;
const marcus = orgChart.people.find((p) => p.displayName === 'Marcus Bell')!;
const person = (name: string) => orgChart.people.find((p) => p.displayName === name)!;

let t: TestApp;
let clock: TestClock;
let jobs: TestJobs;
let token: string;

beforeAll(async () => {
  clock = new TestClock(LAUNCH);
  const connector = await FakeBotConnector.start({ limits: { tenantRps: 50, conversationRps: 7 } });
  t = await startTestApp({}, { connector, overrides: { clock } });
  jobs = await TestJobs.connect(t.database.url, t.app.db);
  token = await devSignIn(t.app.url, marcus.id);
});

afterAll(async () => {
  await jobs.close();
  await t.stop();
  await t.connector.close();
});

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Summary {
  id: string;
  complete: boolean;
  reminderRound: number;
  counts: Record<string, number>;
  reminders: { sent: number; pending: number; failed: number };
}

const summary = async (id: string) =>
  (await apiCall(t.app.url, `/api/v1/campaigns/${id}`, token)).body as Summary;

async function launchAndSend(body: Record<string, unknown>): Promise<Summary> {
  const r = await apiCall(t.app.url, '/api/v1/campaigns', token, { method: 'POST', body });
  expect(r.status).toBe(201);
  const id = (r.body as Summary).id;
  return until('every card went out', async () => {
    const s = await summary(id);
    return s.complete ? s : null;
  });
}

const remindersSettled = (id: string, sent: number) =>
  until(`${sent} reminders were sent`, async () => {
    const s = await summary(id);
    return s.reminders.pending === 0 && s.reminders.sent === sent ? s : null;
  });

async function reminderRows(campaignId: string) {
  return t.app.db
    .selectFrom('campaign_reminders as m')
    .innerJoin('campaign_recipients as r', 'r.id', 'm.recipient_id')
    .select(['m.id', 'm.round', 'm.state', 'r.display_name', 'r.id as recipient_id'])
    .where('m.campaign_id', '=', campaignId)
    .orderBy('r.display_name')
    .execute();
}

async function recipientOf(campaignId: string, name: string) {
  return t.app.db
    .selectFrom('campaign_recipients')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('display_name', '=', name)
    .executeTakeFirstOrThrow();
}

describe('reminders to those who have not acknowledged', () => {
  it('go only to those sent the card who have not acknowledged, one card each per round; a second click while it goes out queues nothing', async () => {
    t.connector.removeApp(person('Luis Romero').id); // failed: never sent
    const campaign = await launchAndSend({
      packId: 'chro-ethical-conduct',
      year: 2026,
      audience: { kind: 'everyone' },
      reminderIntervalDays: 0,
    });
    const everyone = orgChart.people.length;
    expect(campaign.counts).toMatchObject({ sent: everyone - 1, failed: 1 });

    // Alex acknowledges from the card; Jordan's card waits for a retry (queued).
    const alexRow = await recipientOf(campaign.id, 'Alex Kim');
    const alexCard = t.connector.deliveries.get(alexRow.id)![0]!;
    cardOf(
      await t.teams
        .as(t.person('Alex Kim'))
        .click(CAMPAIGN_VERBS.acknowledge, { recipientId: alexRow.id }, alexCard.activityId),
    );
    await t.app.db
      .updateTable('campaign_recipients')
      .set({ state: 'queued', next_attempt_at: new Date(Date.now() + 3_600_000) })
      .where('campaign_id', '=', campaign.id)
      .where('display_name', '=', 'Jordan Lee')
      .execute();

    // The first reminder request is throttled for 3 s, so the round is certainly still going out.
    t.connector.failNext(1, 429, { retryAfterSeconds: 3 });
    const remind = () =>
      apiCall(t.app.url, `/api/v1/campaigns/${campaign.id}/remind`, token, { method: 'POST' });
    const first = await remind();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ queued: everyone - 3, round: 1, pending: 0 });
    const second = await remind();
    expect(second.body.queued).toBe(0);
    expect(second.body.pending).toBeGreaterThan(0);
    expect(second.body.message).toMatch(/Round 1 is still going out .*nothing more was queued/);

    const done = await remindersSettled(campaign.id, everyone - 3);
    expect(done.reminderRound).toBe(1);
    const rows = await reminderRows(campaign.id);
    const reminded = rows.map((r) => r.display_name);
    expect(reminded).toHaveLength(everyone - 3);
    for (const name of ['Alex Kim', 'Jordan Lee', 'Luis Romero']) expect(reminded).not.toContain(name);
    for (const row of rows) {
      expect(row).toMatchObject({ round: 1, state: 'sent' });
      const cards = t.connector.deliveries.get(row.id)!;
      expect(cards).toHaveLength(1);
      expect(cardText(cards[0]!.activity)).toContain(
        'Reminder: please acknowledge Ethical Conduct Policy for 2026',
      );
      // The person's first card was not sent again.
      expect(t.connector.deliveries.get(row.recipient_id)).toHaveLength(1);
    }
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'campaign.reminders_queued')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ round: 1, recipients: everyone - 3, automatic: false });

    // Per person and in the export: one reminder sent.
    const sam = await recipientOf(campaign.id, 'Sam Patel');
    expect(sam.reminders_sent).toBe(1);
    const csv = await apiCall(
      t.app.url,
      `/api/v1/campaigns/${campaign.id}/export.csv?acknowledged=false`,
      token,
    );
    expect(csv.text.split('\r\n')[0]).toContain('Reminders sent');
    expect(csv.text.split('\r\n').find((l) => l.startsWith('Sam Patel'))).toMatch(
      /,1,\d{4}-\d\d-\d\d \d\d:\d\d,/,
    );
  });

  it('can be acknowledged from the reminder card, once, and the policy card then says so', async () => {
    const campaign = await launchAndSend({
      packId: 'chro-state-equipment',
      year: 2026,
      audience: { kind: 'people', ids: [person('Sam Patel').id, person('Renee Walsh').id] },
      reminderIntervalDays: 0,
    });
    await apiCall(t.app.url, `/api/v1/campaigns/${campaign.id}/remind`, token, { method: 'POST' });
    await remindersSettled(campaign.id, 2);
    const samRow = await recipientOf(campaign.id, 'Sam Patel');
    const reminder = (await reminderRows(campaign.id)).find((r) => r.display_name === 'Sam Patel')!;
    const reminderCard = t.connector.deliveries.get(reminder.id)![0]!;
    expect(cardVerbs(reminderCard.activity)).toEqual([CAMPAIGN_VERBS.acknowledge]);

    const sam = t.teams.as(t.person('Sam Patel'));
    const data = { recipientId: samRow.id, card: 'reminder' };
    const first = cardOf(await sam.click(CAMPAIGN_VERBS.acknowledge, data, reminderCard.activityId));
    expect(cardText(first)).toContain('Reminder: please acknowledge Use of State Equipment Policy for 2026');
    expect(cardText(first)).toContain('your acknowledgement is recorded');
    expect(cardText(first)).toMatch(/Acknowledged on .* by Sam Patel/);
    expect(cardVerbs(first)).not.toContain(CAMPAIGN_VERBS.acknowledge);
    const again = cardOf(await sam.click(CAMPAIGN_VERBS.acknowledge, data, reminderCard.activityId));
    expect(cardText(again)).toMatch(/Acknowledged on .* by Sam Patel/);
    expect(cardText(again)).not.toContain('your acknowledgement is recorded');

    // The policy card, refreshed, shows the acknowledgement; clicking it changes nothing more.
    const policyCard = t.connector.deliveries.get(samRow.id)![0]!;
    const refreshed = cardOf(
      await sam.click(CAMPAIGN_VERBS.refresh, { recipientId: samRow.id }, policyCard.activityId),
    );
    expect(cardText(refreshed)).toContain('Use of State Equipment Policy: acknowledgement for 2026');
    expect(cardText(refreshed)).toMatch(/Acknowledged on .* by Sam Patel/);
    cardOf(await sam.click(CAMPAIGN_VERBS.acknowledge, { recipientId: samRow.id }, policyCard.activityId));
    const acks = await t.app.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'campaign.acknowledged')
      .execute();
    expect(acks.filter((a) => (a.details as { recipientId: string }).recipientId === samRow.id)).toHaveLength(
      1,
    );

    // The next round goes to Renee only.
    const next = await apiCall(t.app.url, `/api/v1/campaigns/${campaign.id}/remind`, token, {
      method: 'POST',
    });
    expect(next.body).toMatchObject({ queued: 1, round: 2 });
    await remindersSettled(campaign.id, 3);
    const round2 = (await reminderRows(campaign.id)).filter((r) => r.round === 2);
    expect(round2.map((r) => r.display_name)).toEqual(['Renee Walsh']);
    expect(t.connector.deliveries.get(round2[0]!.id)).toHaveLength(1);
    expect(await t.auditChainOk()).toBe(true);
  });

  it('start automatically once the interval has passed, not before, and once however many sweeps run', async () => {
    const launchedAt = Date.parse(LAUNCH) + 30 * DAY;
    clock.set(new Date(launchedAt));
    const campaign = await launchAndSend({
      packId: 'ct-gift-statute',
      year: 2026,
      audience: { kind: 'people', ids: [person('Jordan Lee').id, person('Grace Okafor').id] },
      reminderIntervalDays: 7,
    });
    const sweep = () => jobs.run({ name: 'campaigns.remind', data: {} });

    clock.set(new Date(launchedAt + 7 * DAY - 60_000));
    await sweep();
    expect(await reminderRows(campaign.id)).toEqual([]);

    // Seven days on: two sweeps at once (as two instances would run them) start one round.
    clock.set(new Date(launchedAt + 7 * DAY));
    const store = new PgReminderStore(t.app.db, clock);
    const log = createLogger('silent');
    const started = await Promise.all([
      sweepCampaignReminders({ store, clock, log }),
      sweepCampaignReminders({ store, clock, log }),
    ]);
    expect(started[0]! + started[1]!).toBe(1);
    await remindersSettled(campaign.id, 2);
    await sweep(); // the same instant: nothing more is due
    const round1 = await reminderRows(campaign.id);
    expect(round1.map((r) => [r.display_name, r.round])).toEqual([
      ['Grace Okafor', 1],
      ['Jordan Lee', 1],
    ]);
    for (const r of round1) expect(t.connector.deliveries.get(r.id)).toHaveLength(1);

    // Another seven days: the scheduled job starts round 2.
    clock.set(new Date(launchedAt + 14 * DAY));
    await sweep();
    await remindersSettled(campaign.id, 4);
    const rounds = (await reminderRows(campaign.id)).map((r) => r.round).sort();
    expect(rounds).toEqual([1, 1, 2, 2]);
    expect((await summary(campaign.id)).reminderRound).toBe(2);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'campaign.reminders_queued')
      .execute();
    const automatic = audit.filter((a) => (a.details as { campaignId: string }).campaignId === campaign.id);
    expect(automatic).toHaveLength(2);
    expect(automatic.every((a) => a.actor_id === 'candor:campaign-reminders')).toBe(true);
  });

  it('left half-sent by an instance that died are taken over and sent, flagged in doubt', async () => {
    const campaign = await launchAndSend({
      packId: 'chro-ethical-conduct',
      year: 2025,
      audience: { kind: 'people', ids: [person('Daniel Ortiz').id] },
      reminderIntervalDays: 0,
    });
    const daniel = await recipientOf(campaign.id, 'Daniel Ortiz');
    // As if an instance (advisory-lock key 424242, no longer held) died with the reminder on the wire.
    const id = '0d9a3c1e-5b7f-4e2a-9c41-7f3e2b1a6d58';
    await t.app.db
      .insertInto('campaign_reminders')
      .values({
        id,
        campaign_id: campaign.id,
        recipient_id: daniel.id,
        round: 1,
        state: 'sending',
        attempts: 1,
        claimed_by: 424242,
        dispatched_at: new Date(),
      })
      .execute();
    const row = await until('the reminder was taken over and sent', async () => {
      const r = await t.app.db
        .selectFrom('campaign_reminders')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return r.state === 'sent' ? r : null;
    });
    expect(row.in_doubt).toBe(true);
    expect(t.connector.deliveries.get(id)).toHaveLength(1);
    expect((await recipientOf(campaign.id, 'Daniel Ortiz')).reminders_sent).toBe(1);
  });
});
