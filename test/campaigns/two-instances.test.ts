/**
 * Two app processes on one PostgreSQL share a 2,000-person campaign: both send, every person gets
 * exactly one card, and together they stay within the tenant's limit — the send slots are reserved from
 * the database, so two instances do not each send at 50 a second.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeBotConnector } from '../fakes/bot-connector';
import { peakPerSecond } from '../fakes/rate-window';
import { apiCall, devSignIn } from '../support/api-client';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  cardsPerRecipient,
  MARCUS,
  query,
  recipientIds,
  seedChats,
  spawnApp,
  waitUntilComplete,
  writeOrgChart,
  type AppProcess,
} from './campaign-kit';

const N = 2000;
const TENANT_RPS = 50;
jest.setTimeout(300_000);

let dir: string;
let database: TestDatabase;
let connector: FakeBotConnector;
const apps: AppProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'candor-campaign-two-'));
  database = await createTestDatabase();
  connector = await FakeBotConnector.start({
    limits: { tenantRps: TENANT_RPS, conversationRps: 7 },
    failureShare: 0.1,
  });
});

afterAll(async () => {
  for (const app of apps) await app.kill9().catch(() => undefined);
  await connector.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

it('shares the work between two instances, one card each, never above the tenant limit together', async () => {
  const chart = await writeOrgChart(N, dir);
  const env = {
    DATABASE_URL: database.url,
    ORG_CHART_FILE: chart.file,
    BOT_SERVICE_URL: connector.serviceUrl,
    FANOUT_TENANT_RPS: String(TENANT_RPS),
  };
  const a = await spawnApp(env);
  apps.push(a);
  const b = await spawnApp(env);
  apps.push(b);
  await seedChats(database.url, chart.people, connector.serviceUrl, 0.9);

  const token = await devSignIn(a.url, MARCUS.id);
  const launched = await apiCall(a.url, '/api/v1/campaigns', token, {
    method: 'POST',
    body: { packId: 'chro-ethical-conduct', year: 2026, audience: { kind: 'everyone' } },
  });
  expect(launched.status).toBe(201);
  const id = launched.body.id as string;
  const counts = await waitUntilComplete(() => a.url, token, id, 240_000);
  expect(counts).toMatchObject({ total: N, sent: N, failed: 0, inDoubt: 0 });

  const perRecipient = cardsPerRecipient(connector, await recipientIds(database.url, id));
  const wrong = [...perRecipient].filter(([, n]) => n !== 1);
  expect(wrong).toEqual([]);
  expect(connector.deliveries.size).toBe(N);

  // Both instances sent a fair share (each sent row keeps the key of the instance that claimed it).
  const shares = await query(
    database.url,
    `select claimed_by, count(*)::int as n from campaign_recipients where campaign_id = $1 group by 1`,
    [id],
  );
  expect(shares).toHaveLength(2);
  for (const s of shares) expect(s.n as number).toBeGreaterThan(N * 0.2);

  // Together within the limit: the rate they offered (admitted or not) over the whole campaign and over
  // any one second, and how many requests the connector refused for the rate. Two instances each pacing
  // at the limit would offer about twice it and see about half their requests refused; timing jitter
  // on a busy machine explains a few refusals and a peak second somewhat over the limit.
  const offered = connector.offered;
  const meanRate = (offered.length - 1) / ((offered[offered.length - 1]! - offered[0]!) / 1000);
  const offeredPeak = peakPerSecond(offered);
  console.log(
    `two instances: ${offered.length} requests, ${meanRate.toFixed(1)}/s on average, peak ${offeredPeak} in one second, ${connector.limitRejections} refused for the rate`,
  );
  expect(meanRate).toBeLessThan(TENANT_RPS * 1.1);
  expect(offeredPeak).toBeLessThan(TENANT_RPS * 2);
  expect(connector.limitRejections).toBeLessThan(offered.length * 0.15);
  await Promise.all([a.stop(), b.stop()]);
});
