/**
 * kill -9 of the app process in the middle of a 2,000-person campaign, then a restart on the same
 * database: the campaign completes, nobody is missed, and a second card can only have gone to someone
 * whose card was on the wire at the instant of the kill (the in-doubt window documented in
 * src/app/campaign-fanout.ts) — never more than two, never to anyone else.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeBotConnector } from '../fakes/bot-connector';
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
jest.setTimeout(300_000);

let dir: string;
let database: TestDatabase;
let connector: FakeBotConnector;
const apps: AppProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'candor-campaign-crash-'));
  database = await createTestDatabase();
  connector = await FakeBotConnector.start({
    limits: { tenantRps: 50, conversationRps: 7 },
    failureShare: 0.1,
  });
});

afterAll(async () => {
  for (const app of apps) await app.kill9().catch(() => undefined);
  await connector.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

it('completes after kill -9 and a restart, every recipient with one card (two only if in doubt)', async () => {
  const chart = await writeOrgChart(N, dir);
  const env = {
    DATABASE_URL: database.url,
    ORG_CHART_FILE: chart.file,
    BOT_SERVICE_URL: connector.serviceUrl,
  };
  const first = await spawnApp(env);
  apps.push(first);
  await seedChats(database.url, chart.people, connector.serviceUrl, 0.9);
  const token = await devSignIn(first.url, MARCUS.id);
  const launched = await apiCall(first.url, '/api/v1/campaigns', token, {
    method: 'POST',
    body: { packId: 'chro-ethical-conduct', year: 2026, audience: { kind: 'everyone' } },
  });
  expect(launched.status).toBe(201);
  const id = launched.body.id as string;

  // Mid-campaign: about a third of the cards are out.
  while (connector.deliveries.size < N / 3) await new Promise((r) => setTimeout(r, 20));
  await first.kill9();
  const deliveredBeforeKill = connector.deliveries.size;
  // What the dead process left: cards claimed, and those whose send had started (in doubt).
  const inDoubt = new Set(
    (
      await query(
        database.url,
        `select id from campaign_recipients
          where campaign_id = $1 and state = 'sending' and dispatched_at is not null`,
        [id],
      )
    ).map((r) => String(r.id)),
  );

  const second = await spawnApp(env);
  apps.push(second);
  // A dev sign-in token is good for the process that issued it only.
  const counts = await waitUntilComplete(
    () => second.url,
    await devSignIn(second.url, MARCUS.id),
    id,
    240_000,
  );
  expect(counts).toMatchObject({ total: N, sent: N, failed: 0 });
  expect(connector.deliveries.size).toBeGreaterThan(deliveredBeforeKill);

  const perRecipient = cardsPerRecipient(connector, await recipientIds(database.url, id));
  const lost = [...perRecipient].filter(([, n]) => n === 0).map(([r]) => r);
  const twice = [...perRecipient].filter(([, n]) => n === 2).map(([r]) => r);
  const more = [...perRecipient].filter(([, n]) => n > 2).map(([r]) => r);
  console.log(
    `kill -9 after ${deliveredBeforeKill} cards: ${inDoubt.size} in doubt, ${twice.length} received a second card`,
  );
  expect(lost).toEqual([]);
  expect(more).toEqual([]);
  // A second card only where the send was on the wire when the process died, and flagged as such.
  expect(twice.filter((r) => !inDoubt.has(r))).toEqual([]);
  expect(counts.inDoubt).toBe(inDoubt.size);
  expect(inDoubt.size).toBeLessThan(100);
  await second.stop();
});
