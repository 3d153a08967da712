import { VERBS } from '../../bot/cards/verbs';
import { FakeEntraId } from '../fakes/entra-id';
import { FakeGraph } from '../fakes/graph';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardText, cardVerbs } from '../support/teams-client';
import orgChart from '../../config/demo-org-chart.json';
import { agencyToday } from '../support/dates';

const today = agencyToday();
const gift = {
  donorName: 'Chris Doe',
  relationship: 'coworker',
  occasion: 'birthday',
  kind: 'item',
  description: 'A framed print',
  value: '75',
  dateReceived: today,
  asGroupMember: 'false',
  disposition: 'accepted',
};
const client = { clientId: 'candor-graph-client', clientSecret: 's3cret-for-tests' };

let entra: FakeEntraId;
let graph: FakeGraph;
let t: TestApp;

beforeAll(async () => {
  entra = await FakeEntraId.start({ tenantId: orgChart.tenantId, clients: [client] });
  graph = await FakeGraph.start({
    users: orgChart.people.map((p) => ({ ...p, managerId: p.managerId })),
    auth: { issuer: entra },
  });
});

afterAll(async () => {
  await graph.close();
  await entra.close();
});

beforeEach(async () => {
  t = await startTestApp(
    {
      DIRECTORY: 'graph',
      GRAPH_BASE_URL: graph.baseUrl,
      GRAPH_AUTHORITY_HOST: entra.url,
      GRAPH_TENANT_ID: orgChart.tenantId,
      GRAPH_CLIENT_ID: client.clientId,
      GRAPH_CLIENT_SECRET: client.clientSecret,
    },
    { overrides: { authorityCa: entra.ca } },
  );
});

afterEach(async () => {
  await t.stop();
});

async function submit(name: string) {
  const user = t.teams.as(t.person(name));
  await user.say('gift');
  const form = await t.connector.waitFor(
    (e) => e.conversationId === user.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
  );
  return user.click(VERBS.submitGift, gift, form.activityId);
}

describe('routing through Microsoft Graph', () => {
  it('finds the manager with an app-only token and waits out a 429 as Retry-After asks', async () => {
    const before = graph.requests.length;
    graph.failNext(1, 429, { retryAfterSeconds: 1 });
    const result = await submit('Alex Kim');
    expect(cardText(cardOf(result))).toMatch(/review/i);
    const row = await t.app.db.selectFrom('disclosures').selectAll().executeTakeFirstOrThrow();
    expect(row.reviewer_id).toBe(t.person('Daniel Ortiz').id);

    const calls = graph.requests.slice(before);
    const throttled = calls.findIndex((r) => r.status === 429);
    expect(throttled).toBeGreaterThanOrEqual(0);
    const retry = calls[throttled + 1]!;
    expect(retry.path).toBe(calls[throttled]!.path);
    expect(retry.status).toBe(200);
    // The retry honoured Retry-After: 1 (read from the fake's log, not from the test's clock).
    expect(retry.time - calls[throttled]!.time).toBeGreaterThanOrEqual(950);
    expect(calls.every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
    expect(entra.tokenRequests.filter((r) => r.outcome === 'issued').length).toBeGreaterThanOrEqual(1);
  });

  it('sends the disclosure to the ethics officer when Graph says the employee has no manager', async () => {
    await submit('Tanya Hughes');
    const row = await t.app.db.selectFrom('disclosures').selectAll().executeTakeFirstOrThrow();
    expect(row.reviewer_id).toBe(t.person('Marcus Bell').id);
    expect(
      graph.requests.some(
        (r) => r.path.endsWith(`/users/${t.person('Tanya Hughes').id}/manager`) && r.status === 404,
      ),
    ).toBe(true);
  });

  it('tells the employee to try later and stores nothing when Graph keeps failing', async () => {
    graph.failNext(1, 500);
    const result = await submit('Alex Kim');
    expect(result.status).toBe(200);
    const card = cardOf(result);
    expect(cardText(card)).toMatch(/try again in a few minutes/i);
    expect(cardText(card)).toContain('A framed print');
    expect(cardVerbs(card)).toContain(VERBS.submitGift);
    expect(await t.app.db.selectFrom('disclosures').selectAll().execute()).toHaveLength(0);
  });
});
