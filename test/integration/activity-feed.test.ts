/**
 * Activity feed notifications through Microsoft Graph (DIRECTORY=graph): the reviewer's bell when a
 * disclosure is assigned, the employee's when it is decided — beside the chat cards, never instead of
 * them, and with nothing of the disclosure but its reference and kind.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { VERBS } from '../../bot/cards/verbs';
import orgChart from '../../config/demo-org-chart.json';
import { GraphActivityFeed } from '../../src/directory/graph-activity-feed';
import { FakeEntraId } from '../fakes/entra-id';
import { FakeGraph } from '../fakes/graph';
import { startTestApp, type TestApp } from '../support/app-harness';
import { reviewableGift } from '../support/fixtures';
import { cardOf, cardText, cardVerbs } from '../support/teams-client';

const client = {
  clientId: 'candor-graph-client',
  clientSecret: 's3cret-for-tests',
  roles: ['User.Read.All', 'TeamsActivity.Send.User'],
};
const TEAMS_APP_ID = '7d3b1f0e-2a4c-4e5f-9a8b-0c1d2e3f4a5b';

let entra: FakeEntraId;
let graph: FakeGraph;
let t: TestApp;

beforeAll(async () => {
  entra = await FakeEntraId.start({ tenantId: orgChart.tenantId, clients: [client] });
  graph = await FakeGraph.start({
    users: orgChart.people.map((p) => ({ ...p, managerId: p.managerId })),
    auth: { issuer: entra, requiredRoles: ['User.Read.All'] },
  });
});

afterAll(async () => {
  await graph.close();
  await entra.close();
});

beforeEach(async () => {
  graph.activityFeedDown = null;
  graph.activityNotifications.length = 0;
  t = await startTestApp(
    {
      DIRECTORY: 'graph',
      GRAPH_BASE_URL: graph.baseUrl,
      GRAPH_AUTHORITY_HOST: entra.url,
      GRAPH_TENANT_ID: orgChart.tenantId,
      GRAPH_CLIENT_ID: client.clientId,
      GRAPH_CLIENT_SECRET: client.clientSecret,
      TEAMS_APP_ID,
    },
    { overrides: { authorityCa: entra.ca } },
  );
});

afterEach(async () => {
  await t.stop();
});

async function until<T>(what: string, get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    const v = get();
    if (v !== undefined) return v;
    await sleep(50);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function submitAsAlex(): Promise<string> {
  const alex = t.teams.as(t.person('Alex Kim'));
  await alex.say('gift');
  const form = await t.connector.waitFor(
    (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
  );
  const result = await alex.click(VERBS.submitGift, reviewableGift(), form.activityId);
  return /Reference (\S+)/.exec(cardText(cardOf(result)))![1]!;
}

describe('activity feed notifications through Graph', () => {
  it('tells the reviewer in the activity feed when a disclosure is assigned, and the employee when it is decided, with the reference and kind only', async () => {
    const reference = await submitAsAlex();
    const daniel = t.person('Daniel Ortiz');
    const assigned = await until('the reviewer feed notification', () =>
      graph.activityNotifications.find((n) => n.userId === daniel.id),
    );
    expect(assigned.body).toEqual({
      topic: {
        source: 'text',
        value: `Disclosure ${reference}`,
        webUrl: `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/approvals`,
      },
      activityType: 'disclosureAssigned',
      previewText: { content: `${reference}: a gift disclosure to review` },
      templateParameters: [{ name: 'reference', value: reference }],
    });
    const gift = reviewableGift();
    for (const secret of [gift.donorName, gift.description, gift.value, 'Alex'])
      expect(JSON.stringify(assigned.body)).not.toContain(String(secret));

    // The review card went to the reviewer too; deciding on it notifies the employee's feed.
    const card = await t.connector.waitFor((e) => cardVerbs(e.activity).includes(VERBS.approve));
    const id = (await t.app.db.selectFrom('disclosures').select('id').executeTakeFirstOrThrow()).id;
    await t.teams
      .as(daniel)
      .click(VERBS.approve, { disclosureId: id, comment: '' }, card.activityId, card.conversationId);
    const alex = t.person('Alex Kim');
    const decided = await until('the employee feed notification', () =>
      graph.activityNotifications.find((n) => n.userId === alex.id),
    );
    expect(decided.body).toMatchObject({
      activityType: 'disclosureDecided',
      topic: { webUrl: `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/mine` },
      templateParameters: [
        { name: 'reference', value: reference },
        { name: 'decision', value: 'approved' },
      ],
    });

    // Once each: the jobs are done and nothing more is sent.
    await sleep(500);
    expect(graph.activityNotifications.map((n) => n.body.activityType)).toEqual([
      'disclosureAssigned',
      'disclosureDecided',
    ]);
  });

  it('sends the review card even while the activity feed fails, and the notification once it recovers', async () => {
    graph.activityFeedDown = 503;
    const reference = await submitAsAlex();
    const daniel = t.person('Daniel Ortiz');
    const card = await t.connector.waitFor((e) => cardVerbs(e.activity).includes(VERBS.approve), {
      timeoutMs: 10_000,
    });
    expect(cardText(card.activity)).toContain(reference);
    await until('a failed feed attempt', () =>
      graph.requestsTo(`/v1.0/users/${daniel.id}/teamwork`).find((r) => r.status === 503),
    );
    expect(graph.activityNotifications).toEqual([]);

    graph.activityFeedDown = null;
    const assigned = await until(
      'the feed notification after recovery',
      () => graph.activityNotifications.find((n) => n.userId === daniel.id),
      30_000,
    );
    expect(assigned.body.activityType).toBe('disclosureAssigned');
  }, 60_000);
});

describe('GraphActivityFeed', () => {
  it('waits out a 429 as Retry-After asks, then sends', async () => {
    const feed = new GraphActivityFeed({
      baseUrl: graph.baseUrl,
      authorityHost: entra.url,
      tenantId: orgChart.tenantId,
      clientId: client.clientId,
      credential: { kind: 'secret', secret: client.clientSecret },
      authorityCa: entra.ca,
      webUrl: () => 'https://teams.microsoft.com/l/chat/0/0?users=28:bot',
    });
    const daniel = t.person('Daniel Ortiz');
    const before = graph.requests.length;
    graph.failNext(1, 429, { retryAfterSeconds: 1 });
    await expect(
      feed.notify(daniel.id, {
        activityType: 'disclosureAssigned',
        topic: 'Disclosure X',
        previewText: 'X: a gift disclosure to review',
        templateParameters: { reference: 'X' },
      }),
    ).resolves.toBe('sent');
    const calls = graph.requests.slice(before).filter((r) => r.path.endsWith('/sendActivityNotification'));
    expect(calls.map((r) => r.status)).toEqual([429, 204]);
    expect(calls[1]!.time - calls[0]!.time).toBeGreaterThanOrEqual(950);
  });

  it('answers refused when Graph refuses for good (unknown user), without retrying', async () => {
    const feed = new GraphActivityFeed({
      baseUrl: graph.baseUrl,
      authorityHost: entra.url,
      tenantId: orgChart.tenantId,
      clientId: client.clientId,
      credential: { kind: 'secret', secret: client.clientSecret },
      authorityCa: entra.ca,
      webUrl: () => 'https://teams.microsoft.com/l/chat/0/0?users=28:bot',
    });
    const before = graph.requests.length;
    await expect(
      feed.notify('00000000-0000-4000-8000-00000000dead', {
        activityType: 'disclosureAssigned',
        topic: 'Disclosure X',
        previewText: 'X',
        templateParameters: { reference: 'X' },
      }),
    ).resolves.toBe('refused');
    expect(graph.requests.slice(before).map((r) => r.status)).toEqual([404]);
  });
});
