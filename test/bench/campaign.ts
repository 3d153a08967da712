/**
 * The campaign bench: a campaign to BENCH_CAMPAIGN_N people (default 10,000) from the app as a real
 * process on its local default (embedded PostgreSQL), against the fake connector enforcing Teams' limits
 * (50 requests a second per tenant, 7 per conversation; 429 + Retry-After beyond them). Everyone has a
 * chat with the bot already (as after an org-wide install), so each card is one request and the
 * theoretical minimum — the anchor — is N / FANOUT_TENANT_RPS. Printed: wall time from the launch to
 * the last card, its ratio to that minimum, duplicates and losses (cards per idempotency key), requests
 * refused for the rate. BENCH_CAMPAIGN_FAILURES (0–1, default 0) injects a share of 429/5xx.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeBotConnector } from '../fakes/bot-connector';
import { apiCall, devSignIn } from '../support/api-client';
import {
  cardsPerRecipient,
  freePort,
  MARCUS,
  recipientIds,
  seedChats,
  spawnApp,
  waitUntilComplete,
  writeOrgChart,
} from '../campaigns/campaign-kit';

const TENANT_RPS = 50;
const CONVERSATION_RPS = 7;

export async function campaignBench(out: (line?: string) => void): Promise<void> {
  const n = Number(process.env.BENCH_CAMPAIGN_N ?? '10000');
  const failures = Number(process.env.BENCH_CAMPAIGN_FAILURES ?? '0');
  out(`## Campaign fan-out: ${n.toLocaleString('en-US')} recipients at ${TENANT_RPS} requests/s per tenant`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'candor-bench-campaign-'));
  const connector = await FakeBotConnector.start({
    limits: { tenantRps: TENANT_RPS, conversationRps: CONVERSATION_RPS },
    failureShare: failures,
  });
  const pgPort = await freePort();
  const chart = await writeOrgChart(n, dir);
  const app = await spawnApp({
    DATA_DIR: dir,
    EMBEDDED_PG_PORT: String(pgPort),
    ORG_CHART_FILE: chart.file,
    BOT_SERVICE_URL: connector.serviceUrl,
    FANOUT_TENANT_RPS: String(TENANT_RPS),
    FANOUT_CONVERSATION_RPS: String(CONVERSATION_RPS),
  });
  try {
    const password = (await readFile(path.join(dir, '.pg-password'), 'utf8')).trim();
    const databaseUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/candor`;
    await seedChats(databaseUrl, chart.people, connector.serviceUrl, 1);
    const token = await devSignIn(app.url, MARCUS.id);

    const started = performance.now();
    const startedAt = Date.now();
    const launched = await apiCall(app.url, '/api/v1/campaigns', token, {
      method: 'POST',
      body: { packId: 'chro-ethical-conduct', year: 2026, audience: { kind: 'everyone' } },
    });
    if (launched.status !== 201) throw new Error(`launch failed: ${launched.status} ${launched.text}`);
    const launchMs = performance.now() - started;
    const counts = await waitUntilComplete(() => app.url, token, launched.body.id as string, n * 200);
    const lastCard = Math.max(...[...connector.deliveries.values()].flat().map((d) => d.time));
    const wallS = (lastCard - startedAt) / 1000;
    const minimumS = n / TENANT_RPS;

    const perRecipient = cardsPerRecipient(
      connector,
      await recipientIds(databaseUrl, launched.body.id as string),
    );
    const duplicates = [...perRecipient.values()].reduce((sum, c) => sum + Math.max(0, c - 1), 0);
    const losses = [...perRecipient.values()].filter((c) => c === 0).length;
    const injected = [...connector.injectedFailures.values()].reduce((a, b) => a + b, 0);
    out(
      `launch (${n.toLocaleString('en-US')} recipients queued in one transaction): ${launchMs.toFixed(0)} ms`,
    );
    out(`wall time, launch to last card: ${wallS.toFixed(1)} s`);
    out(`theoretical minimum (N / ${TENANT_RPS} per second): ${minimumS.toFixed(1)} s`);
    out(`ratio: ${(wallS / minimumS).toFixed(3)}× the minimum (target ≤ 1.05×)`);
    out(`duplicates: ${duplicates}, losses: ${losses}, failed: ${counts.failed}`);
    out(
      `requests: ${connector.offered.length} (${injected} injected failures, ${connector.limitRejections} refused for the rate), peak ${connector.peakTenantRate} admitted in one second`,
    );
    out();
  } finally {
    await app.stop().catch(() => app.kill9());
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  }
}
