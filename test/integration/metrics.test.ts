import { VERBS } from '../../bot/cards/verbs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardVerbs } from '../support/teams-client';
import { agencyToday } from '../support/dates';

const gift = {
  donorName: 'Chris Doe',
  donorOrganization: 'Zebulon Widgets',
  relationship: 'coworker',
  occasion: 'birthday',
  kind: 'item',
  description: 'A framed print of Quixotic Harbour',
  value: '75',
  dateReceived: agencyToday(),
  asGroupMember: 'false',
  disposition: 'accepted',
};

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.stop();
});

async function scrape(): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${t.app.url}/metrics`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of one sample, or 0 when absent. Labels are matched as written in the exposition. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text
    .split('\n')
    .find(
      (l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('GET /metrics', () => {
  it('after a disclosure flow, counts requests by registered route, invokes by verb and jobs by queue, and shows no disclosure content', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    const daniel = t.teams.as(t.person('Daniel Ortiz'));
    await daniel.install();
    await alex.say('gift');
    const form = await t.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
    );
    cardOf(await alex.click(VERBS.submitGift, gift, form.activityId));
    const review = await t.connector.waitFor(
      (e) => e.kind !== 'update' && cardVerbs(e.activity).includes(VERBS.approve),
      { timeoutMs: 10_000 },
    );
    const row = await t.app.db
      .selectFrom('disclosures')
      .select(['id', 'reference'])
      .executeTakeFirstOrThrow();
    cardOf(
      await daniel.click(
        VERBS.approve,
        { disclosureId: row.id, comment: 'Fine by me' },
        review.activityId,
        review.conversationId,
      ),
    );
    await alex.click('no.such.verb', {}, form.activityId);

    // The tab API: a route with an id.
    const signIn = await fetch(`${t.app.url}/api/v1/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: t.person('Alex Kim').id }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const detail = await fetch(`${t.app.url}/api/v1/disclosures/${row.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(detail.status).toBe(200);

    // The decision's notice and card refreshes run as jobs: wait for them to complete.
    await t.connector.waitFor(
      (e) =>
        e.kind !== 'update' &&
        e.conversationId === alex.conversationId &&
        /Fine by me/.test(JSON.stringify(e.activity)),
      { timeoutMs: 10_000 },
    );
    let m = await scrape();
    for (
      let i = 0;
      i < 50 && sample(m.text, 'candor_jobs_total', { queue: 'notice.send', outcome: 'completed' }) < 1;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
      m = await scrape();
    }

    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain/);
    expect(m.text).toContain('process_cpu_user_seconds_total');
    expect(
      sample(m.text, 'candor_http_requests_total', { method: 'POST', route: '/api/messages', status: '200' }),
    ).toBeGreaterThanOrEqual(4);
    expect(
      sample(m.text, 'candor_http_requests_total', {
        method: 'GET',
        route: '/api/v1/disclosures/:id',
        status: '200',
      }),
    ).toBe(1);
    expect(
      sample(m.text, 'candor_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/dev/sign-in',
      }),
    ).toBe(1);
    expect(sample(m.text, 'candor_card_invokes_total', { verb: VERBS.submitGift, outcome: 'ok' })).toBe(1);
    expect(sample(m.text, 'candor_card_invokes_total', { verb: VERBS.approve, outcome: 'ok' })).toBe(1);
    expect(sample(m.text, 'candor_card_invokes_total', { verb: 'unknown', outcome: 'unknown_verb' })).toBe(1);
    expect(
      sample(m.text, 'candor_jobs_total', { queue: 'card.send', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(m.text, 'candor_jobs_total', { queue: 'notice.send', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(m.text).toMatch(/candor_job_queue_depth\{queue="card\.send",state="completed"\} \d+/);

    for (const secret of [
      row.id,
      row.reference,
      'Chris Doe',
      'Zebulon',
      'Quixotic',
      'Fine by me',
      'no.such.verb',
      token,
    ])
      expect(m.text).not.toContain(secret);
  });
});
