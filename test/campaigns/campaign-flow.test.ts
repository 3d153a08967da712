/**
 * An attestation campaign on the demo org chart, in-process: launched from the tab's API, one card per
 * person through the paced connector, acknowledged from the card (idempotent, only by its recipient),
 * progress and exports, resend to the failed, and the app installed through Graph for someone who
 * removed it.
 */
import { CAMPAIGN_VERBS } from '../../bot/cards/attestation';
import { FakeBotConnector, type RecordedActivity } from '../fakes/bot-connector';
import { FakeEntraId } from '../fakes/entra-id';
import { FakeGraph } from '../fakes/graph';
import { apiCall, devSignIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardText, cardVerbs } from '../support/teams-client';
import orgChart from '../../config/demo-org-chart.json';

const marcus = orgChart.people.find((p) => p.displayName === 'Marcus Bell')!;
const alex = orgChart.people.find((p) => p.displayName === 'Alex Kim')!;
const jordan = orgChart.people.find((p) => p.displayName === 'Jordan Lee')!;

async function until<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function launch(t: TestApp, token: string, body: Record<string, unknown>) {
  const r = await apiCall(t.app.url, '/api/v1/campaigns', token, { method: 'POST', body });
  expect(r.status).toBe(201);
  return r.body as { id: string; counts: Record<string, number> };
}

async function complete(t: TestApp, token: string, id: string) {
  return until('the campaign is complete', async () => {
    const r = await apiCall(t.app.url, `/api/v1/campaigns/${id}`, token);
    return r.body.complete ? (r.body as { counts: Record<string, number> }) : null;
  });
}

function cardFor(connector: FakeBotConnector, userId: string): RecordedActivity {
  const sends = [...connector.deliveries.values()].flat();
  const conversation = connector.conversationsCreated.find((c) =>
    (c.request.members as Array<{ id: string }>).some((m) => m.id === userId),
  )!.conversationId;
  return sends.find((s) => s.conversationId === conversation)!;
}

describe('an attestation campaign on the demo org chart', () => {
  let t: TestApp;
  let token: string;

  beforeEach(async () => {
    const connector = await FakeBotConnector.start({ limits: { tenantRps: 50, conversationRps: 7 } });
    t = await startTestApp({}, { connector });
    token = await devSignIn(t.app.url, marcus.id);
  });

  afterEach(async () => {
    await t.stop();
    await t.connector.close();
  });

  it('sends everyone exactly one card with the policy text, which only its recipient can acknowledge, once', async () => {
    const options = await apiCall(t.app.url, '/api/v1/campaigns/options', token);
    expect(options.status).toBe(200);
    expect(options.body.packs.map((p: { id: string }) => p.id)).toContain('chro-ethical-conduct');

    const campaign = await launch(t, token, {
      packId: 'chro-ethical-conduct',
      year: 2026,
      audience: { kind: 'everyone' },
    });
    expect(campaign.counts.total).toBe(orgChart.people.length);
    const done = await complete(t, token, campaign.id);
    expect(done.counts.sent).toBe(orgChart.people.length);
    expect(t.connector.deliveries.size).toBe(orgChart.people.length);
    for (const sends of t.connector.deliveries.values()) expect(sends).toHaveLength(1);

    const card = cardFor(t.connector, alex.id);
    expect(cardText(card.activity)).toContain('Ethical Conduct Policy');
    expect(cardText(card.activity)).toContain('When in doubt, contact the Ethics Commission.');
    expect(cardVerbs(card.activity)).toContain(CAMPAIGN_VERBS.acknowledge);
    const recipientId = (card.activity.channelData as { idempotencyKey: string }).idempotencyKey;

    // Jordan clicks Alex's card (a forwarded copy): refused, nothing recorded.
    const refused = cardOf(
      await t.teams
        .as(t.person('Jordan Lee'))
        .click(CAMPAIGN_VERBS.acknowledge, { recipientId }, card.activityId),
    );
    expect(cardText(refused)).toContain('Only Alex Kim can acknowledge this card');

    const alexUser = t.teams.as(t.person('Alex Kim'));
    const first = cardOf(await alexUser.click(CAMPAIGN_VERBS.acknowledge, { recipientId }, card.activityId));
    expect(cardText(first)).toContain('your acknowledgement is recorded');
    expect(cardText(first)).toMatch(/Acknowledged on .* by Alex Kim/);
    expect(cardVerbs(first)).not.toContain(CAMPAIGN_VERBS.acknowledge);
    const second = cardOf(await alexUser.click(CAMPAIGN_VERBS.acknowledge, { recipientId }, card.activityId));
    expect(cardText(second)).toMatch(/Acknowledged on .* by Alex Kim/);
    expect(cardText(second)).not.toContain('your acknowledgement is recorded');

    const summary = await apiCall(t.app.url, `/api/v1/campaigns/${campaign.id}`, token);
    expect(summary.body.counts).toMatchObject({ acknowledged: 1, sent: orgChart.people.length - 1 });
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'campaign.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['campaign.acknowledged', 'campaign.launched']);
    expect(await t.auditChainOk()).toBe(true);

    const acknowledged = await apiCall(
      t.app.url,
      `/api/v1/campaigns/${campaign.id}/export.csv?acknowledged=true`,
      token,
    );
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.headers.get('content-type')).toContain('text/csv');
    const ackLines = acknowledged.text.trim().split('\r\n');
    expect(ackLines).toHaveLength(2);
    expect(ackLines[1]).toContain('Alex Kim');
    const pending = await apiCall(
      t.app.url,
      `/api/v1/campaigns/${campaign.id}/export.csv?acknowledged=false`,
      token,
    );
    expect(pending.text.trim().split('\r\n')).toHaveLength(orgChart.people.length);
    expect(pending.text).not.toContain('Alex Kim');
  });

  it('marks someone who removed the app as failed with the reason, and resends to the failed only', async () => {
    t.connector.removeApp(jordan.id);
    const campaign = await launch(t, token, {
      packId: 'chro-state-equipment',
      year: 2026,
      audience: { kind: 'department', department: 'Affirmative Action Unit' },
    });
    const done = await complete(t, token, campaign.id);
    expect(done.counts.failed).toBe(1);
    const failed = await apiCall(
      t.app.url,
      `/api/v1/campaigns/${campaign.id}/recipients?state=failed`,
      token,
    );
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0]).toMatchObject({ displayName: 'Jordan Lee', state: 'failed' });
    expect(failed.body.items[0].reason).toMatch(/403.*not installed.*no Microsoft Graph/);
    const sentBefore = [...t.connector.deliveries.values()].flat().length;

    t.connector.installApp(jordan.id);
    const resend = await apiCall(t.app.url, `/api/v1/campaigns/${campaign.id}/resend-failed`, token, {
      method: 'POST',
    });
    expect(resend.body).toEqual({ queued: 1 });
    const again = await complete(t, token, campaign.id);
    expect(again.counts.failed).toBe(0);
    // Only Jordan's card went out again.
    expect([...t.connector.deliveries.values()].flat().length).toBe(sentBefore + 1);
    expect(t.connector.deliveries.get(failed.body.items[0].id)).toHaveLength(1);
  });

  it('refuses a campaign from someone who is not an ethics officer, and bad input, changing nothing', async () => {
    const alexToken = await devSignIn(t.app.url, alex.id);
    const body = { packId: 'chro-ethical-conduct', year: 2026, audience: { kind: 'everyone' } };
    expect((await apiCall(t.app.url, '/api/v1/campaigns', alexToken, { method: 'POST', body })).status).toBe(
      403,
    );
    const bad = await apiCall(t.app.url, '/api/v1/campaigns', token, {
      method: 'POST',
      body: { packId: 'no-such-pack', year: 1999, audience: { kind: 'group', groupId: 'nobody' } },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('year');
    const unknownGroup = await apiCall(t.app.url, '/api/v1/campaigns', token, {
      method: 'POST',
      body: { packId: 'chro-ethical-conduct', year: 2026, audience: { kind: 'group', groupId: 'nobody' } },
    });
    expect(unknownGroup.status).toBe(400);
    expect((await apiCall(t.app.url, '/api/v1/campaigns', token)).body.items).toHaveLength(0);
  });
});

describe('a campaign card Teams refuses because the app was removed', () => {
  const client = { clientId: 'candor-graph-client', clientSecret: 's3cret-for-tests' };
  let entra: FakeEntraId;
  let graph: FakeGraph;
  let t: TestApp;
  let connector: FakeBotConnector;

  beforeAll(async () => {
    entra = await FakeEntraId.start({ tenantId: orgChart.tenantId, clients: [client] });
    graph = await FakeGraph.start({ users: orgChart.people, auth: { issuer: entra } });
  });

  afterAll(async () => {
    await t.stop();
    await connector.close();
    await graph.close();
    await entra.close();
  });

  it('installs the app through Graph and retries once', async () => {
    connector = await FakeBotConnector.start();
    graph.onInstall = (userId) => connector.installApp(userId);
    t = await startTestApp(
      {
        DIRECTORY: 'graph',
        GRAPH_BASE_URL: graph.baseUrl,
        GRAPH_AUTHORITY_HOST: entra.url,
        GRAPH_TENANT_ID: orgChart.tenantId,
        GRAPH_CLIENT_ID: client.clientId,
        GRAPH_CLIENT_SECRET: client.clientSecret,
        TEAMS_APP_CATALOG_ID: 'candor-catalog-id',
      },
      { connector, overrides: { authorityCa: entra.ca } },
    );
    connector.removeApp(alex.id);
    const token = await devSignIn(t.app.url, marcus.id);
    const campaign = await launch(t, token, {
      packId: 'ct-gift-statute',
      year: 2026,
      audience: { kind: 'people', ids: [alex.id, jordan.id] },
    });
    const done = await complete(t, token, campaign.id);
    expect(done.counts).toMatchObject({ sent: 2, failed: 0 });
    expect(graph.installs).toEqual([{ userId: alex.id, teamsAppId: 'candor-catalog-id' }]);
    for (const sends of connector.deliveries.values()) expect(sends).toHaveLength(1);
    expect(connector.deliveries.size).toBe(2);
  });
});
