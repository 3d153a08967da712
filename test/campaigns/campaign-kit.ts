/**
 * What the large campaign tests share: a generated org chart of N people (with Marcus Bell, the ethics
 * officer, to launch), chats already known for most of them (as after an org-wide install of the app),
 * the app as a real process (`tsx src/main.ts`, as `npm start` runs it) on a given database, and the
 * count of cards per recipient as the fake connector saw them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { FakeBotConnector } from '../fakes/bot-connector';
import { apiCall } from '../support/api-client';
import demo from '../../config/demo-org-chart.json';

const REPO_ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
export const MARCUS = demo.people.find((p) => p.displayName === 'Marcus Bell')!;
export const TENANT_ID = demo.tenantId;

export interface GeneratedPerson {
  id: string;
  displayName: string;
  email: string;
  department: string;
  managerId: string | null;
  roles: string[];
}

/** N people (Marcus Bell among them), in ten departments, each managed by the first of theirs. */
export async function writeOrgChart(
  n: number,
  dir: string,
): Promise<{ file: string; people: GeneratedPerson[] }> {
  const people: GeneratedPerson[] = [
    { ...MARCUS, department: 'Legal Division', managerId: null, roles: ['ethics_officer'] },
  ];
  for (let i = 1; i < n; i++) {
    const department = `Unit ${i % 10}`;
    people.push({
      id: `22222222-0000-4000-8000-${i.toString().padStart(12, '0')}`,
      displayName: `Person ${i.toString().padStart(5, '0')}`,
      email: `person${i}@candor-demo.example`,
      department,
      managerId: i >= 10 ? `22222222-0000-4000-8000-${(i % 10 || 1).toString().padStart(12, '0')}` : null,
      roles: [],
    });
  }
  const file = path.join(dir, `org-chart-${n}.json`);
  await writeFile(file, JSON.stringify({ tenantId: TENANT_ID, people }));
  return { file, people };
}

/**
 * Stores a 1:1 chat for `share` of the people, as the bot does when the app is installed for them; the
 * others need a chat created first (two connector requests instead of one).
 */
export async function seedChats(
  databaseUrl: string,
  people: GeneratedPerson[],
  serviceUrl: string,
  share: number,
): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const known = people.slice(0, Math.floor(people.length * share));
    for (let i = 0; i < known.length; i += 500) {
      const rows = known.slice(i, i + 500);
      const values: unknown[] = [];
      const tuples = rows.map((p, j) => {
        const conversationId = `a:seeded-${p.id}`;
        const reference = {
          channelId: 'msteams',
          serviceUrl,
          conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT_ID },
          bot: { id: '28:candor-test-bot', name: 'Candor' },
          user: { id: `29:${p.id}`, aadObjectId: p.id },
        };
        values.push(p.id, `29:${p.id}`, conversationId, serviceUrl, TENANT_ID, JSON.stringify(reference));
        const b = j * 6;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
      });
      await client.query(
        `insert into conversation_refs (user_id, teams_user_id, conversation_id, service_url, tenant_id, reference)
         values ${tuples.join(', ')}`,
        values,
      );
    }
  } finally {
    await client.end();
  }
}

export interface CampaignCounts {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  acknowledged: number;
  failed: number;
  inDoubt: number;
}

export async function waitUntilComplete(
  appUrl: () => string,
  token: string,
  campaignId: string,
  timeoutMs: number,
): Promise<CampaignCounts> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await apiCall(appUrl(), `/api/v1/campaigns/${campaignId}`, token).catch(() => null);
    if (r?.status === 200 && r.body.complete) return r.body.counts as CampaignCounts;
    if (Date.now() > deadline)
      throw new Error(
        `The campaign did not complete in time: ${r ? `HTTP ${r.status} ${r.text.slice(0, 300)}` : 'no answer'}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Recipient ids (idempotency keys) of a campaign, read from the database. */
export async function recipientIds(databaseUrl: string, campaignId: string): Promise<string[]> {
  return query(databaseUrl, 'select id from campaign_recipients where campaign_id = $1', [campaignId]).then(
    (rows) => rows.map((r) => String(r.id)),
  );
}

export async function query(
  databaseUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

/** Cards per recipient as the connector recorded them. */
export function cardsPerRecipient(connector: FakeBotConnector, ids: string[]): Map<string, number> {
  return new Map(ids.map((id) => [id, connector.deliveries.get(id)?.length ?? 0]));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** kill -9 of the app and everything it started (its process group). */
  kill9(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/** `tsx src/main.ts` with this environment (and PATH, HOME), ready once /healthz answers. */
export async function spawnApp(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(TSX, ['src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    child,
    url,
    output: () => out,
    kill9: async () => {
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The app exited while starting:\n${out}`);
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res?.status === 200) return app;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await app.kill9();
  throw new Error(`The app did not become healthy:\n${out}`);
}
