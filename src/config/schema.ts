/**
 * The one configuration schema. `loadConfig` is called once, by the composition root, with
 * the environment; nothing else reads it. Every key is documented here and in the README
 * (a test keeps the two in step).
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../domain/errors';

const port = z.coerce.number().int().min(0).max(65535);
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const url = z.url();

/** Key → [schema with default, description]. The description is what the README's reference shows. */
export const CONFIG_KEYS = {
  CANDOR_MODE: [
    z.enum(['local', 'production']).default('local'),
    '`local` runs without credentials (embedded PostgreSQL, org chart file, unauthenticated bot endpoint); `production` refuses to start unless its credentials are set.',
  ],
  HOST: [z.string().default('127.0.0.1'), 'Interface the HTTP server binds to.'],
  PORT: [port.default(3978), 'HTTP port; the bot endpoint is `/api/messages`.'],
  PUBLIC_URL: [
    url.optional(),
    'Public base URL of the app (tab and links in cards). Default: `http://HOST:PORT`.',
  ],
  LOG_LEVEL: [
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    'pino log level.',
  ],
  DATABASE_URL: [
    z.string().optional(),
    'PostgreSQL connection string. Unset: the app starts an embedded PostgreSQL in `DATA_DIR`.',
  ],
  DATA_DIR: [z.string().default('./data'), 'Where the embedded PostgreSQL keeps its files.'],
  EMBEDDED_PG_PORT: [port.default(54329), 'Port of the embedded PostgreSQL (loopback only).'],
  DB_POOL_SIZE: [z.coerce.number().int().min(1).max(200).default(10), 'Connections in the pool.'],
  JOB_WORKERS: [
    z.enum(['on', 'off']).default('on'),
    '`on`: this instance runs the background jobs (cards, notices, the review sweep); `off`: it only queues them for one with `on` (docs/operations.md).',
  ],
  BOT_APP_ID: [
    z.string().optional(),
    'Microsoft App ID of the bot registration. When set, every request to `/api/messages` must carry a valid Bot Framework token.',
  ],
  BOT_APP_PASSWORD: [z.string().optional(), 'Client secret of the bot registration.'],
  BOT_APP_TYPE: [
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
    'Bot registration type.',
  ],
  BOT_TENANT_ID: [z.string().optional(), 'Tenant of a single-tenant bot registration.'],
  BOT_LOGIN_ENDPOINT: [
    url.default('https://login.microsoftonline.com'),
    'Authority host the bot gets its outgoing tokens from (sovereign clouds have their own).',
  ],
  BOT_OPENID_METADATA_URL: [
    url.default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
    'OpenID metadata used to validate tokens on incoming activities.',
  ],
  BOT_SERVICE_URL: [
    url.default('https://smba.trafficmanager.net/teams/'),
    'Bot Connector service URL used to start a 1:1 chat with someone who never wrote to the bot.',
  ],
  TEAMS_TENANT_ID: [z.string().optional(), 'The agency tenant (used when creating 1:1 conversations).'],
  DIRECTORY: [
    z.enum(['org-chart', 'graph']).default('org-chart'),
    '`org-chart` reads `ORG_CHART_FILE`; `graph` asks Microsoft Graph for users and managers.',
  ],
  ORG_CHART_FILE: [
    z.string().default(path.join('config', 'demo-org-chart.json')),
    'Org chart (JSON or CSV) for `DIRECTORY=org-chart`, and the source of local roles.',
  ],
  GRAPH_BASE_URL: [url.default('https://graph.microsoft.com/v1.0'), 'Microsoft Graph base URL.'],
  GRAPH_AUTHORITY_HOST: [
    url.default('https://login.microsoftonline.com'),
    'Entra ID authority host for Graph app-only tokens.',
  ],
  GRAPH_TENANT_ID: [z.string().optional(), 'Tenant for Graph app-only tokens.'],
  GRAPH_CLIENT_ID: [z.string().optional(), 'App registration used for Graph (client credentials).'],
  GRAPH_CLIENT_SECRET: [z.string().optional(), 'Its client secret.'],
  ENTRA_TENANT_ID: [
    z.string().optional(),
    'Tenant whose Teams SSO tokens the tab API accepts. With `ENTRA_APP_ID` it turns tab sign-in on; without them (local mode) the tab offers a dev sign-in.',
  ],
  ENTRA_APP_ID: [
    z.string().optional(),
    'Application (client) id of the Entra app registration behind the tab SSO (token audience, also `api://…/<id>`).',
  ],
  ENTRA_APP_ID_URI: [
    z.string().optional(),
    'Application ID URI accepted as token audience besides the client id, e.g. `api://candor.agency.example/<id>`.',
  ],
  ENTRA_AUTHORITY_HOST: [
    url.default('https://login.microsoftonline.com'),
    'Entra ID authority host: token issuer `HOST/TENANT/v2.0` and keys at `HOST/TENANT/discovery/v2.0/keys`.',
  ],
  ETHICS_OFFICER_ID: [
    z.string().optional(),
    'Entra object id of the ethics officer (reviewer of last resort). Default: the org chart person with the `ethics_officer` role.',
  ],
  HR_CONTACT_ID: [
    z.string().optional(),
    'Entra object id of the HR contact who is copied. Default: the org chart person with the `hr` role.',
  ],
  POLICY_PACKS: [
    list.default(['chro-ethical-conduct', 'chro-state-equipment', 'ct-gift-statute']),
    'Policy packs applied to every disclosure, comma-separated (see `src/policy/packs/`).',
  ],
  AGENCY_NAME: [
    z.string().default('Commission on Human Rights and Opportunities'),
    'Agency name on cards and certificates.',
  ],
  AGENCY_TIMEZONE: [z.string().default('America/New_York'), 'Agency time zone (IANA).'],
  AGENCY_CLOSED_DATES: [
    list.pipe(z.array(z.iso.date('dates are written yyyy-mm-dd'))).default([]),
    'Days the agency is closed besides weekends and the state holidays (yyyy-mm-dd, comma-separated); they do not count as business days.',
  ],
  REVIEW_REMINDER_BUSINESS_DAYS: [
    z.coerce.number().int().min(1).max(60).default(3),
    'Business days a review may wait before its reviewer is reminded.',
  ],
  REVIEW_ESCALATION_BUSINESS_DAYS: [
    z.coerce.number().int().min(1).max(90).default(5),
    "Business days a review may wait before it is escalated to the reviewer's manager (or the ethics officer); more than the reminder's.",
  ],
} as const;

type Keys = typeof CONFIG_KEYS;
const shape = Object.fromEntries(Object.entries(CONFIG_KEYS).map(([k, [schema]]) => [k, schema])) as {
  [K in keyof Keys]: Keys[K][0];
};
const envSchema = z.object(shape);
type Env = z.infer<typeof envSchema>;

export interface Config {
  mode: 'local' | 'production';
  http: { host: string; port: number; publicUrl: string };
  logLevel: Env['LOG_LEVEL'];
  /** Whether this instance runs the background jobs, or only queues them for another instance. */
  jobWorkers: boolean;
  database:
    | { kind: 'external'; url: string; poolSize: number }
    | { kind: 'embedded'; dataDir: string; port: number; poolSize: number };
  bot: {
    appId: string | null;
    appPassword: string | null;
    appType: Env['BOT_APP_TYPE'];
    tenantId: string | null;
    loginEndpoint: string;
    openIdMetadataUrl: string;
    serviceUrl: string;
    teamsTenantId: string | null;
  };
  directory:
    | { kind: 'org-chart'; file: string }
    | {
        kind: 'graph';
        baseUrl: string;
        authorityHost: string;
        tenantId: string;
        clientId: string;
        clientSecret: string;
        orgChartFile: string;
      };
  orgChartFile: string;
  /** Tab sign-in: Entra ID when configured; otherwise (local mode only) the dev sign-in. */
  tabAuth: { kind: 'entra'; tenantId: string; audiences: string[]; authorityHost: string } | { kind: 'dev' };
  ethicsOfficerId: string | null;
  hrContactId: string | null;
  policyPacks: string[];
  agency: { name: string; timeZone: string; closedDates: string[] };
  /** Reminders and escalation of pending reviews, in business days of the agency calendar. */
  reviews: { reminderBusinessDays: number; escalationBusinessDays: number };
}

/** Parse the environment once. Throws ConfigError naming every problem and every missing credential. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.keys(CONFIG_KEYS)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.CANDOR_MODE === 'production') {
    const missing: string[] = [];
    if (!e.DATABASE_URL) missing.push('DATABASE_URL');
    if (!e.BOT_APP_ID) missing.push('BOT_APP_ID');
    if (!e.BOT_APP_PASSWORD && e.BOT_APP_TYPE !== 'UserAssignedMSI') missing.push('BOT_APP_PASSWORD');
    if (e.BOT_APP_TYPE === 'SingleTenant' && !e.BOT_TENANT_ID) missing.push('BOT_TENANT_ID');
    if (!e.TEAMS_TENANT_ID) missing.push('TEAMS_TENANT_ID');
    if (!e.PUBLIC_URL) missing.push('PUBLIC_URL');
    if (!e.ENTRA_TENANT_ID) missing.push('ENTRA_TENANT_ID');
    if (!e.ENTRA_APP_ID) missing.push('ENTRA_APP_ID');
    if (e.DIRECTORY === 'graph') {
      for (const k of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const)
        if (!e[k]) missing.push(k);
    }
    if (missing.length > 0)
      throw new ConfigError(`Production mode needs these settings, which are missing: ${missing.join(', ')}`);
  }
  if (e.REVIEW_ESCALATION_BUSINESS_DAYS <= e.REVIEW_REMINDER_BUSINESS_DAYS)
    throw new ConfigError(
      `REVIEW_ESCALATION_BUSINESS_DAYS (${e.REVIEW_ESCALATION_BUSINESS_DAYS}) must be more than REVIEW_REMINDER_BUSINESS_DAYS (${e.REVIEW_REMINDER_BUSINESS_DAYS}): the reviewer is reminded before the review is escalated.`,
    );
  if (e.DIRECTORY === 'graph') {
    const missing = (['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const).filter(
      (k) => !e[k],
    );
    if (missing.length > 0) throw new ConfigError(`DIRECTORY=graph needs ${missing.join(', ')}`);
  }
  return {
    mode: e.CANDOR_MODE,
    http: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}` },
    logLevel: e.LOG_LEVEL,
    jobWorkers: e.JOB_WORKERS === 'on',
    database: e.DATABASE_URL
      ? { kind: 'external', url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE }
      : {
          kind: 'embedded',
          dataDir: path.resolve(e.DATA_DIR),
          port: e.EMBEDDED_PG_PORT,
          poolSize: e.DB_POOL_SIZE,
        },
    bot: {
      appId: e.BOT_APP_ID ?? null,
      appPassword: e.BOT_APP_PASSWORD ?? null,
      appType: e.BOT_APP_TYPE,
      tenantId: e.BOT_TENANT_ID ?? null,
      loginEndpoint: e.BOT_LOGIN_ENDPOINT,
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
      serviceUrl: e.BOT_SERVICE_URL,
      teamsTenantId: e.TEAMS_TENANT_ID ?? null,
    },
    directory:
      e.DIRECTORY === 'graph'
        ? {
            kind: 'graph',
            baseUrl: e.GRAPH_BASE_URL,
            authorityHost: e.GRAPH_AUTHORITY_HOST,
            tenantId: e.GRAPH_TENANT_ID!,
            clientId: e.GRAPH_CLIENT_ID!,
            clientSecret: e.GRAPH_CLIENT_SECRET!,
            orgChartFile: e.ORG_CHART_FILE,
          }
        : { kind: 'org-chart', file: e.ORG_CHART_FILE },
    orgChartFile: e.ORG_CHART_FILE,
    tabAuth:
      e.ENTRA_TENANT_ID && e.ENTRA_APP_ID
        ? {
            kind: 'entra',
            tenantId: e.ENTRA_TENANT_ID,
            audiences: [e.ENTRA_APP_ID, ...(e.ENTRA_APP_ID_URI ? [e.ENTRA_APP_ID_URI] : [])],
            authorityHost: e.ENTRA_AUTHORITY_HOST,
          }
        : { kind: 'dev' },
    ethicsOfficerId: e.ETHICS_OFFICER_ID ?? null,
    hrContactId: e.HR_CONTACT_ID ?? null,
    policyPacks: e.POLICY_PACKS,
    agency: { name: e.AGENCY_NAME, timeZone: e.AGENCY_TIMEZONE, closedDates: e.AGENCY_CLOSED_DATES },
    reviews: {
      reminderBusinessDays: e.REVIEW_REMINDER_BUSINESS_DAYS,
      escalationBusinessDays: e.REVIEW_ESCALATION_BUSINESS_DAYS,
    },
  };
}
