/**
 * Starts the real app in-process for an integration test: its own database on the run's PostgreSQL,
 * a fake Bot Connector as the Teams service URL, the demo org chart, loopback only.
 */
import path from 'node:path';
import { loadConfig } from '../../src/config/schema';
import { startApp, type AppOverrides, type RunningApp } from '../../src/composition/app';
import { createLogger } from '../../src/logging';
import { verifyAuditChain } from '../../src/store/audit-store';
import { FakeBotConnector } from '../fakes/bot-connector';
import { createTestDatabase, type TestDatabase } from './database';
import { TeamsClient, type Persona } from './teams-client';
import orgChart from '../../config/demo-org-chart.json';

export const DEMO_ORG_CHART = path.join(__dirname, '..', '..', 'config', 'demo-org-chart.json');

export interface TestApp {
  app: RunningApp;
  connector: FakeBotConnector;
  database: TestDatabase;
  teams: TeamsClient;
  person(displayName: string): Persona;
  auditChainOk(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  opts: {
    connector?: FakeBotConnector;
    overrides?: AppOverrides;
    /** Share another app's database (several instances); it is then left for its owner to drop. */
    database?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const connector = opts.connector ?? (await FakeBotConnector.start());
  const database = opts.database ?? (await createTestDatabase());
  const config = loadConfig({
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    ORG_CHART_FILE: DEMO_ORG_CHART,
    BOT_SERVICE_URL: connector.serviceUrl,
    DB_POOL_SIZE: '5',
    ...env,
  });
  const app = await startApp(config, {
    jobPollingSeconds: 0.5,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    ...opts.overrides,
  });
  const teams = new TeamsClient(app.url, connector, orgChart.tenantId);
  return {
    app,
    connector,
    database,
    teams,
    person: (displayName) => {
      const p = orgChart.people.find((x) => x.displayName === displayName);
      if (!p) throw new Error(`No ${displayName} in the demo org chart`);
      return { id: p.id, displayName: p.displayName };
    },
    auditChainOk: async () => (await verifyAuditChain(app.db)).ok,
    stop: async () => {
      await app.stop();
      if (!opts.connector) await connector.close();
      if (!opts.database) await database.drop();
    },
  };
}
