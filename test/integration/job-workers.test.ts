/**
 * JOB_WORKERS=off: a web instance queues the background jobs and runs none; a worker instance on the
 * same database runs them.
 */
import { sql } from 'kysely';
import { VERBS } from '../../bot/cards/verbs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardText, cardVerbs } from '../support/teams-client';
import { reviewableGift } from '../support/fixtures';

let web: TestApp;
let worker: TestApp | null = null;

beforeEach(async () => {
  web = await startTestApp({ JOB_WORKERS: 'off' });
});

afterEach(async () => {
  await worker?.stop();
  worker = null;
  await web.stop();
});

async function queued(name: string): Promise<string[]> {
  const { rows } = await sql<{ state: string }>`
    select state::text as state from pgboss.job where name = ${name}`.execute(web.app.db);
  return rows.map((r) => r.state);
}

describe('an instance with JOB_WORKERS=off', () => {
  it('queues the review card without sending it, and a worker instance sends it', async () => {
    const alex = web.teams.as(web.person('Alex Kim'));
    await alex.say('gift');
    const form = await web.connector.waitFor((e) => cardVerbs(e.activity).includes(VERBS.submitGift));
    const result = await alex.click(VERBS.submitGift, reviewableGift(), form.activityId);
    expect(cardText(cardOf(result))).toMatch(/Reference D-/);

    // The web instance answered the turn and queued the card; its own queue is not polled by it.
    expect(await queued('card.send')).toEqual(['created']);
    await new Promise((r) => setTimeout(r, 1500)); // three of the tests' polling intervals
    expect(await queued('card.send')).toEqual(['created']);
    expect(web.connector.requests.some((r) => JSON.stringify(r).includes(VERBS.approve))).toBe(false);

    worker = await startTestApp({}, { connector: web.connector, database: web.database });
    const card = await web.connector.waitFor((e) => cardVerbs(e.activity).includes(VERBS.approve), {
      timeoutMs: 10_000,
    });
    expect(cardText(card.activity)).toContain('Alex Kim');
  });
});
