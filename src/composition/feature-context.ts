/**
 * What the composition root hands each feature's wiring function (`src/composition/<feature>.ts`): the
 * shared adapters, the HTTP server and API context to mount routes on, the job queue to register
 * workers and schedules with, and the list of bot features to join. A feature adds one line to
 * `startApp` and keeps everything else in its own files.
 */
import type { Server } from 'restify';
import type { BotFeature } from '../../bot/feature';
import type { TeamsMessenger } from '../../bot/messenger';
import type { DisclosureDeps } from '../app/deps';
import type { Config } from '../config/schema';
import type { OrgChart } from '../directory/org-chart';
import type { ApiContext } from '../http/api/context';
import type { AppMetrics } from '../http/metrics';
import type { JobQueue } from '../jobs/job-queue';
import type { Logger } from '../logging';
import type { ChatStore } from '../ports/chat-store';
import type { Clock } from '../ports/clock';
import type { Directory } from '../ports/directory';
import type { Db } from '../store/db';

export interface FeatureContext {
  config: Config;
  db: Db;
  /** The database's connection string (for a feature that needs a connection of its own). */
  databaseUrl: string;
  log: Logger;
  clock: Clock;
  jobs: JobQueue;
  directory: Directory;
  orgChart: OrgChart;
  disclosures: DisclosureDeps;
  chats: ChatStore;
  messenger: TeamsMessenger;
  metrics: AppMetrics;
  server: Server;
  api: ApiContext;
  /** `${PUBLIC_URL}/tab/` */
  tabUrl: string;
  /** Push a BotFeature here to answer commands and card verbs. */
  botFeatures: BotFeature[];
  /** Extra CA (PEM) trusted for Entra ID / Graph in tests. */
  authorityCa?: string;
  /** Register something to stop when the app stops (runs in reverse order, before the database closes). */
  onStop(cleanup: () => Promise<void>): void;
}
