/**
 * The bench's anchor: the smallest botbuilder bot on restify that answers the same invoke as Candor's
 * approve button. CloudAdapter without an app id (like Candor locally), a TeamsActivityHandler whose
 * onAdaptiveCardInvoke returns a static Adaptive Card, no database, no proactive messages.
 *
 * Run by the bench as an IPC child (answers `stats` and `stop`), or alone with
 * `tsx test/bench/anchor-bot.ts` (PORT, default 0; prints its URL), which is how its start-up is timed.
 *
 * With ANCHOR_DB=1 it is the bench's second reference, "anchor + 1 transaction": before answering,
 * each invoke makes one durable write on its own embedded PostgreSQL (pg Pool of 10, like the app's
 * default): BEGIN, upsert the item, append a log row, COMMIT. The floor for any bot that records a
 * decision durably on this machine.
 */
import restify from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import { startEmbeddedPostgres } from '../../src/store/embedded-postgres';
import { announceFailure, announceReady, freePort, postgresCpuMs, serveParent } from './child';

/** About the size and shape of Candor's decided review card (banner, title, facts, text). */
const CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    {
      type: 'Container',
      style: 'good',
      items: [
        { type: 'TextBlock', text: 'Your decision was recorded and the employee was told.', wrap: true },
      ],
    },
    { type: 'TextBlock', text: 'Gift disclosure D-2026-0001', weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: 'Employee', value: 'Alex Kim' },
        { title: 'Donor', value: 'Chris Doe (coworker)' },
        { title: 'Value', value: '$75.00' },
        { title: 'Received', value: '2026-01-15' },
        { title: 'Decision', value: 'Approved' },
      ],
    },
    { type: 'TextBlock', text: 'A framed print for my birthday', wrap: true, isSubtle: true },
  ],
};

type Record = (itemId: string, details: unknown) => Promise<void>;

class AnchorBot extends TeamsActivityHandler {
  constructor(private readonly record: Record | null) {
    super();
  }

  protected override async onAdaptiveCardInvoke(
    _ctx: TurnContext,
    invoke: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (this.record) {
      const data = (invoke.action?.data ?? {}) as { disclosureId?: string };
      await this.record(
        data.disclosureId ?? '00000000-0000-0000-0000-000000000000',
        invoke.action?.data ?? {},
      );
    }
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: CARD as never };
  }
}

/** ANCHOR_DB=1: an embedded PostgreSQL in a temp directory and one transaction per invoke. */
async function startDatabase(): Promise<{
  record: Record;
  pgCpuMs: () => number;
  stop: () => Promise<void>;
}> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const { Pool } = await import('pg');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'candor-bench-anchor-pg-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const pool = new Pool({ connectionString: server.url, max: 10 });
  // An idle connection closed by the server (when it stops) must not crash the process.
  pool.on('error', () => undefined);
  await pool.query(`
    create table if not exists items (id uuid primary key, state text not null, version int not null,
      updated_at timestamptz not null default now());
    create table if not exists log (seq bigserial primary key, item_id uuid not null, details jsonb not null,
      at timestamptz not null default now())`);
  return {
    record: async (itemId, details) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(
          `insert into items (id, state, version) values ($1, 'approved', 1)
           on conflict (id) do update set state = 'approved', version = items.version + 1, updated_at = now()`,
          [itemId],
        );
        await client.query('insert into log (item_id, details) values ($1, $2)', [
          itemId,
          JSON.stringify(details),
        ]);
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    pgCpuMs: () => postgresCpuMs(path.join(dataDir, 'pg')),
    stop: async () => {
      try {
        await pool.end();
        await server.stop();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function main(): Promise<void> {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
  });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, credentials));
  const database = process.env.ANCHOR_DB === '1' ? await startDatabase() : null;
  const bot = new AnchorBot(database?.record ?? null);

  const server = restify.createServer({ name: 'anchor', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (ctx) => bot.run(ctx));
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () =>
      resolve((server.address() as { port: number }).port),
    );
  });
  const url = `http://127.0.0.1:${port}`;

  if (process.send) {
    serveParent(
      {
        stats: () => ({ rss: process.memoryUsage().rss, cpuMs: cpuMs(), pgCpuMs: database?.pgCpuMs() ?? 0 }),
      },
      async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await database?.stop();
      },
    );
    announceReady({ url });
  } else {
    console.log(`anchor bot listening on ${url}`);
    const close = () => server.close(() => process.exit(0));
    process.on('SIGTERM', close);
    process.on('SIGINT', close);
  }
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

main().catch((e: unknown) => {
  announceFailure(e);
  console.error(e);
  process.exit(1);
});
