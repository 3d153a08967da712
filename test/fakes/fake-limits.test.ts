/** The fakes' campaign features: Teams' rate limits, injected failures, app removal, installs, deliveries. */
import { FakeBotConnector } from './bot-connector';
import { FakeGraph } from './graph';
import { peakPerSecond, SlidingWindow } from './rate-window';

async function post(url: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

describe('SlidingWindow', () => {
  it('admits up to the limit within any second and says how long until the next', () => {
    const w = new SlidingWindow(3);
    expect([w.admit(0), w.admit(100), w.admit(200)]).toEqual([null, null, null]);
    expect(w.admit(300)).toBe(700);
    expect(w.admit(1000)).toBeNull();
    expect(w.peak).toBe(3);
    expect(peakPerSecond([0, 100, 200, 999, 1000, 1001])).toBe(5);
  });
});

describe('FakeBotConnector with limits', () => {
  let connector: FakeBotConnector;
  afterEach(() => connector.close());

  it('answers 429 with Retry-After beyond 7 requests a second to one conversation, and counts it', async () => {
    connector = await FakeBotConnector.start({ limits: { tenantRps: 50, conversationRps: 7 } });
    const url = `${connector.url}/v3/conversations/a%3A1/activities`;
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        post(url, { type: 'message', text: `${i}`, channelData: { idempotencyKey: `k${i % 3}` } }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(7);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(2);
    expect(refused[0]!.retryAfter).toBe('1');
    expect(connector.limitRejections).toBe(2);
    expect([...connector.deliveries.values()].flat()).toHaveLength(7);
    expect(connector.deliveries.size).toBe(3); // every key had 3 sends, at most 2 were refused
  });

  it('injects the given share of failures, and refuses a person the app was removed for with 403', async () => {
    connector = await FakeBotConnector.start({ failureShare: 1, failureStatuses: [503] });
    const failed = await post(`${connector.url}/v3/conversations/a%3A1/activities`, { type: 'message' });
    expect(failed).toMatchObject({ status: 503, retryAfter: '1' });
    expect(connector.injectedFailures.get(503)).toBe(1);

    connector.failureShare = 0;
    connector.removeApp('user-1');
    const create = { bot: { id: 'b' }, members: [{ id: 'user-1' }], channelData: { tenant: { id: 't' } } };
    expect((await post(`${connector.url}/v3/conversations`, create)).status).toBe(403);
    connector.installApp('user-1');
    expect((await post(`${connector.url}/v3/conversations`, create)).status).toBe(201);
  });
});

describe('FakeGraph installedApps', () => {
  it('installs once (201), answers 409 when installed, and tells onInstall', async () => {
    const graph = await FakeGraph.start({
      users: [{ id: 'u1', displayName: 'Alex Kim', email: 'alex@example.test' }],
    });
    try {
      const told: string[] = [];
      graph.onInstall = (userId, appId) => told.push(`${userId}:${appId}`);
      const body = { 'teamsApp@odata.bind': `${graph.baseUrl}/appCatalogs/teamsApps/app-1` };
      const url = `${graph.baseUrl}/users/u1/teamwork/installedApps`;
      expect((await post(url, body)).status).toBe(201);
      expect((await post(url, body)).status).toBe(409);
      expect((await post(`${graph.baseUrl}/users/nobody/teamwork/installedApps`, body)).status).toBe(404);
      expect((await post(url, {})).status).toBe(400);
      expect(told).toEqual(['u1:app-1']);
      expect(graph.installs).toEqual([{ userId: 'u1', teamsAppId: 'app-1' }]);
    } finally {
      await graph.close();
    }
  });
});
