/**
 * Request limits: oversized bodies are refused (413) without a change, and the dev sign-in routes are
 * rate limited per client (429).
 */
import { VERBS } from '../../bot/cards/verbs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardVerbs } from '../support/teams-client';
import { agencyToday } from '../support/dates';
import { fingerprint } from '../fuzz/fuzz-kit';

const MIB = 1024 * 1024;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.stop();
});

async function postRaw(path: string, body: string, headers: Record<string, string> = {}) {
  try {
    const res = await fetch(`${t.app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  } catch (e) {
    // The server may answer 413 and close before the client has written the whole body.
    return { status: 0, type: null, text: String((e as Error).cause ?? e) };
  }
}

describe('a 1 MiB body', () => {
  it('is refused with 413 on the bot endpoint and on the tab API, and changes nothing', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    await alex.say('gift');
    const form = await t.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
    );
    const gift = {
      donorName: 'Chris Doe',
      relationship: 'coworker',
      occasion: 'birthday',
      kind: 'item',
      value: '75',
      dateReceived: agencyToday(),
      asGroupMember: 'false',
      disposition: 'accepted',
    };
    cardOf(await alex.click(VERBS.submitGift, { ...gift, description: 'A print' }, form.activityId));
    const id = (await t.app.db.selectFrom('disclosures').select('id').executeTakeFirstOrThrow()).id;
    const before = await fingerprint(t.app.db);

    const huge = 'x'.repeat(MIB);
    const invoke = t.teams.activity(t.person('Alex Kim'), {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: form.activityId,
      value: {
        action: { type: 'Action.Execute', verb: VERBS.submitGift, data: { ...gift, description: huge } },
      },
    });
    const bot = await postRaw('/api/messages', JSON.stringify(invoke));
    expect([413, 0]).toContain(bot.status);

    const signIn = await postRaw('/api/v1/dev/sign-in', JSON.stringify({ userId: t.person('Alex Kim').id }));
    const { token } = JSON.parse(signIn.text) as { token: string };
    const api = await postRaw(`/api/v1/disclosures/${id}/withdraw`, JSON.stringify({ pad: huge }), {
      authorization: `Bearer ${token}`,
    });
    expect([413, 0]).toContain(api.status);
    if (api.status === 413) expect(api.type).toMatch(/problem\+json/);

    // At least one of the two was answered (not just cut off), and it was a 413.
    expect([bot.status, api.status]).toContain(413);
    expect(await fingerprint(t.app.db)).toBe(before);
    // The server still serves.
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
  });
});

describe('the dev sign-in routes', () => {
  it('answer 429 as a problem once a client goes over its rate, while other routes still answer', async () => {
    const userId = t.person('Renee Walsh').id;
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => postRaw('/api/v1/dev/sign-in', JSON.stringify({ userId }))),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const limited = answers.find((a) => a.status === 429)!;
    expect(limited.type).toMatch(/problem\+json/);
    expect(JSON.parse(limited.text)).toMatchObject({ status: 429 });
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
  });
});
