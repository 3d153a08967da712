import { Writable } from 'node:stream';
import { VERBS } from '../../bot/cards/verbs';
import { createLogger } from '../../src/logging';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardVerbs } from '../support/teams-client';
import { agencyToday } from '../support/dates';

const secret = {
  donor: 'Zebulon Quartermaine',
  description: 'Two season tickets to the Hartford Yard Goats, row K',
  comment: 'Return them by Friday — Q7-CONFIDENTIAL',
};

let t: TestApp;
let logged = '';

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  t = await startTestApp({}, { overrides: { log: createLogger('trace', sink) } });
});

afterAll(async () => {
  await t.stop();
});

describe('the logs of a full disclosure flow', () => {
  it('hold what happened but none of what was disclosed', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    await alex.say('gift');
    const form = await t.connector.waitFor((e) => cardVerbs(e.activity).includes(VERBS.submitGift));
    await alex.click(
      VERBS.submitGift,
      {
        donorName: secret.donor,
        donorOrganization: 'Quartermaine Paving LLC',
        relationship: 'contractor_vendor_bidder',
        occasion: 'none',
        kind: 'ticket_or_entertainment',
        description: secret.description,
        value: '120',
        dateReceived: agencyToday(),
        asGroupMember: 'false',
        disposition: 'undecided',
      },
      form.activityId,
    );
    const row = await t.app.db.selectFrom('disclosures').selectAll().executeTakeFirstOrThrow();
    const card = await t.connector.waitFor(
      (e) => cardText(e.activity).includes('Alex Kim') && e.conversationId !== alex.conversationId,
      { timeoutMs: 10_000 },
    );
    const daniel = t.teams.as(t.person('Daniel Ortiz'));
    await daniel.click(VERBS.refreshReview, { disclosureId: row.id }, card.activityId, card.conversationId);
    await alex.click(
      VERBS.recordResolution,
      { disclosureId: row.id, resolution: secret.comment },
      form.activityId,
    );
    await t.connector.waitFor((e) => e.kind === 'update' && e.conversationId === card.conversationId, {
      timeoutMs: 10_000,
    });

    expect(logged).toContain('"msg":"request"');
    const lines = logged
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const submitted = lines.find((l) => l.msg === 'disclosure submitted');
    expect(submitted).toMatchObject({
      disclosureId: row.id,
      outcome: 'prohibited',
      reqId: expect.any(String),
    });
    expect(
      lines.some((l) => l.msg === 'card sent' && l.disclosureId === row.id && typeof l.jobId === 'string'),
    ).toBe(true);
    for (const text of [secret.donor, secret.description, secret.comment, 'Quartermaine', 'Yard Goats'])
      expect(logged).not.toContain(text);
  });
});

function cardText(activity: unknown): string {
  return JSON.stringify(activity);
}
