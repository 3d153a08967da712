/**
 * Acceptance on the local default: Marcus Bell (ethics officer, dev sign-in) launches a campaign to the
 * whole demo org chart through the tab's API, and Alex Kim acknowledges the card in the Microsoft 365
 * Agents Playground, which is the app's Bot Connector here — a second click changes nothing.
 */
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { CAMPAIGN_VERBS } from '../../bot/cards/attestation';
import { loadConfig } from '../../src/config/schema';
import { startApp, type RunningApp } from '../../src/composition/app';
import { createLogger } from '../../src/logging';
import { apiCall, devSignIn } from '../support/api-client';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  startPlayground,
  type InvokeResult,
  type Playground,
  type PlaygroundMessage,
} from '../support/playground';
import { cardText, cardVerbs } from '../support/teams-client';
import { serviceUrl } from '../../scripts/playground';
import orgChart from '../../config/demo-org-chart.json';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const ORG_CHART_FILE = path.join(__dirname, '..', '..', 'config', 'demo-org-chart.json');
const ALEX = orgChart.people.find((p) => p.displayName === 'Alex Kim')!.id;
const MARCUS = orgChart.people.find((p) => p.displayName === 'Marcus Bell')!.id;

let database: TestDatabase;
let app: RunningApp | undefined;
let playground: Playground | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const cardIn = (m: PlaygroundMessage) => m.attachments.find((a) => a.contentType === ADAPTIVE_CARD)?.content;

function answeredCard(result: InvokeResult): unknown {
  if (result.type !== ADAPTIVE_CARD) throw new Error(`Expected a card, got ${JSON.stringify(result)}`);
  return result.value;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const port = await freePort();
  app = await startApp(
    loadConfig({
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ORG_CHART_FILE,
      DB_POOL_SIZE: '5',
      BOT_SERVICE_URL: serviceUrl(port),
    }),
    { jobPollingSeconds: 0.5, log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') },
  );
  playground = await startPlayground({ botEndpoint: `${app.url}/api/messages`, port });
});

afterAll(async () => {
  await app?.stop();
  await playground?.stop();
  await database?.drop();
});

it('launches a campaign to the demo org chart from the tab API; Alex acknowledges it in the Playground', async () => {
  const pg = playground!;
  const ids = await pg.config();
  await pg.install(); // Alex has the app: his chat is known

  const token = await devSignIn(app!.url, MARCUS);
  const launched = await apiCall(app!.url, '/api/v1/campaigns', token, {
    method: 'POST',
    body: { packId: 'chro-ethical-conduct', year: 2026, audience: { kind: 'everyone' } },
  });
  expect(launched.status).toBe(201);
  expect(launched.body.counts.total).toBe(orgChart.people.length);

  const message = await pg.waitForMessage(
    (m) =>
      m.conversationId === ids.personalChatId && cardVerbs(cardIn(m)).includes(CAMPAIGN_VERBS.acknowledge),
    20_000,
  );
  const card = cardIn(message);
  expect(cardText(card)).toContain('Ethical Conduct Policy');
  const recipientId = JSON.stringify(card).match(/"recipientId":"([0-9a-f-]{36})"/)![1]!;

  const press = () =>
    pg.invoke({
      from: ALEX,
      conversationId: ids.personalChatId,
      replyToId: message.messageId,
      verb: CAMPAIGN_VERBS.acknowledge,
      data: { recipientId },
    });
  const first = answeredCard(await press());
  expect(cardText(first)).toMatch(/Acknowledged on .* by Alex Kim/);
  expect(cardVerbs(first)).not.toContain(CAMPAIGN_VERBS.acknowledge);
  const second = answeredCard(await press());
  expect(cardText(second)).toMatch(/Acknowledged on .* by Alex Kim/);
  expect(cardText(second)).not.toContain('your acknowledgement is recorded');

  const summary = await apiCall(app!.url, `/api/v1/campaigns/${launched.body.id}`, token);
  expect(summary.body.counts.acknowledged).toBe(1);
  const mine = await apiCall(
    app!.url,
    `/api/v1/campaigns/${launched.body.id}/recipients?state=acknowledged`,
    token,
  );
  expect(mine.body.items.map((r: { userId: string }) => r.userId)).toEqual([ALEX]);
});
