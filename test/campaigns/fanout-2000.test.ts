/**
 * A campaign to 2,000 people against a connector that enforces Teams' limits (50 requests a second per
 * tenant, 7 per conversation: 429 with Retry-After beyond them) and fails 10% of requests at random with
 * 429, 412, 502, 503 or 504: everyone gets exactly one card, and any of them can acknowledge it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CAMPAIGN_VERBS } from '../../bot/cards/attestation';
import { FakeBotConnector } from '../fakes/bot-connector';
import { apiCall, devSignIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardText, TeamsClient } from '../support/teams-client';
import {
  cardsPerRecipient,
  MARCUS,
  recipientIds,
  seedChats,
  TENANT_ID,
  waitUntilComplete,
  writeOrgChart,
  type GeneratedPerson,
} from './campaign-kit';

const N = 2000;
jest.setTimeout(240_000);

let dir: string;
let people: GeneratedPerson[];
let connector: FakeBotConnector;
let t: TestApp;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'candor-campaign-'));
  const chart = await writeOrgChart(N, dir);
  people = chart.people;
  connector = await FakeBotConnector.start({
    limits: { tenantRps: 50, conversationRps: 7 },
    failureShare: 0.1,
  });
  t = await startTestApp({ ORG_CHART_FILE: chart.file }, { connector });
  await seedChats(t.database.url, people, connector.serviceUrl, 0.9);
});

afterAll(async () => {
  await t.stop();
  await connector.close();
  await rm(dir, { recursive: true, force: true });
});

it('reaches 2,000 people exactly once each under 10% injected 429 and 5xx, within the limits', async () => {
  const token = await devSignIn(t.app.url, MARCUS.id);
  const launched = await apiCall(t.app.url, '/api/v1/campaigns', token, {
    method: 'POST',
    body: { packId: 'chro-ethical-conduct', year: 2026, audience: { kind: 'everyone' } },
  });
  expect(launched.status).toBe(201);
  const id = launched.body.id as string;

  const counts = await waitUntilComplete(() => t.app.url, token, id, 200_000);
  expect(counts).toMatchObject({ total: N, sent: N, failed: 0, queued: 0, sending: 0, inDoubt: 0 });

  const ids = await recipientIds(t.database.url, id);
  const perRecipient = cardsPerRecipient(connector, ids);
  const lost = ids.filter((r) => perRecipient.get(r) === 0);
  const duplicated = ids.filter((r) => perRecipient.get(r)! > 1);
  expect({ lost: lost.length, duplicated: duplicated.length }).toEqual({ lost: 0, duplicated: 0 });
  expect(connector.deliveries.size).toBe(N);

  // The failures really happened and were retried; the app stayed within the limits.
  const injected = [...connector.injectedFailures.values()].reduce((a, b) => a + b, 0);
  expect(injected).toBeGreaterThan(N * 0.05);
  console.log(
    `2,000 recipients: ${connector.offered.length} requests, ${injected} injected failures, ${connector.limitRejections} over the limits, peak ${connector.peakTenantRate}/s`,
  );
  expect(connector.limitRejections).toBeLessThan(connector.offered.length * 0.05);

  // Every card can be acknowledged by its recipient: a sample from across the list.
  const teams = new TeamsClient(t.app.url, connector, TENANT_ID);
  for (const person of [people[1]!, people[777]!, people[N - 1]!]) {
    const [recipient] = (await t.app.db
      .selectFrom('campaign_recipients')
      .select(['id', 'conversation_id', 'activity_id'])
      .where('campaign_id', '=', id)
      .where('user_id', '=', person.id)
      .execute()) as Array<{ id: string; conversation_id: string; activity_id: string }>;
    const card = cardOf(
      await teams
        .as({ id: person.id, displayName: person.displayName })
        .click(
          CAMPAIGN_VERBS.acknowledge,
          { recipientId: recipient!.id },
          recipient!.activity_id,
          recipient!.conversation_id,
        ),
    );
    expect(cardText(card)).toContain(`by ${person.displayName}`);
  }
  const after = await apiCall(t.app.url, `/api/v1/campaigns/${id}`, token);
  expect(after.body.counts).toMatchObject({ acknowledged: 3, sent: N - 3 });
  expect(await t.auditChainOk()).toBe(true);
});
