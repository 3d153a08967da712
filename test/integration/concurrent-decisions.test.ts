import { VERBS } from '../../bot/cards/verbs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardText, cardVerbs } from '../support/teams-client';
import { agencyToday } from '../support/dates';

const today = agencyToday();

let first: TestApp;
let second: TestApp;

beforeEach(async () => {
  first = await startTestApp();
  second = await startTestApp({}, { connector: first.connector, database: first.database });
});

afterEach(async () => {
  await second.stop();
  await first.stop();
});

describe('two app instances on one database', () => {
  it('record exactly one decision when 100 approve clicks arrive at once, split between them', async () => {
    const alex = first.teams.as(first.person('Alex Kim'));
    await alex.say('gift');
    const form = await first.connector.waitFor((e) => cardVerbs(e.activity).includes(VERBS.submitGift));
    await alex.click(
      VERBS.submitGift,
      {
        donorName: 'Chris Doe',
        relationship: 'coworker',
        occasion: 'holiday',
        kind: 'item',
        description: 'A gift basket',
        value: '80',
        dateReceived: today,
        asGroupMember: 'false',
        disposition: 'accepted',
      },
      form.activityId,
    );
    const row = await first.app.db.selectFrom('disclosures').selectAll().executeTakeFirstOrThrow();
    const card = await first.connector.waitFor((e) => cardVerbs(e.activity).includes(VERBS.approve), {
      timeoutMs: 10_000,
    });

    const clicks = Array.from({ length: 100 }, (_, i) => {
      const app = i % 2 === 0 ? first : second;
      const daniel = app.teams.as(app.person('Daniel Ortiz'));
      const verb = i % 3 === 0 ? VERBS.deny : VERBS.approve;
      return daniel.click(
        verb,
        { disclosureId: row.id, comment: `click ${i}` },
        card.activityId,
        card.conversationId,
      );
    });
    const results = await Promise.all(clicks);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const accepted = results.filter((r) => /was recorded/.test(cardText(cardOf(r))));
    expect(accepted).toHaveLength(1);

    const decisions = await first.app.db
      .selectFrom('audit_log')
      .select('action')
      .where('disclosure_id', '=', row.id)
      .where('action', '=', 'decided')
      .execute();
    expect(decisions).toHaveLength(1);
    const after = await first.app.db.selectFrom('disclosures').selectAll().executeTakeFirstOrThrow();
    expect(after.version).toBe(row.version + 1);
    expect(await first.auditChainOk()).toBe(true);

    // The employee hears about it once, whichever instance ran the job.
    await first.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && /click \d+/.test(cardText(e.activity)),
      {
        timeoutMs: 10_000,
      },
    );
    await new Promise((r) => setTimeout(r, 1500));
    const notices = first.connector.sent.filter(
      (e) => e.conversationId === alex.conversationId && /click \d+/.test(cardText(e.activity)),
    );
    expect(notices).toHaveLength(1);
  });
});
