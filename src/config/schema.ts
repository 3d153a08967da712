/**
 * The one configuration schema. `loadConfig` is called once, by the composition root, with
 * the environment; nothing else reads it. Every key is documented here and in the README
 * (a test keeps the two in step).
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../domain/errors';
import { parseReminderOffsets } from '../domain/events/reminders';

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
  BOT_AUTH: [
    z.enum(['secret', 'certificate', 'managed_identity']).default('secret'),
    'How the bot proves itself to Entra ID for outgoing calls: `secret` (`BOT_APP_PASSWORD`), `certificate` (`BOT_CERTIFICATE_THUMBPRINT` and `BOT_CERTIFICATE_KEY_FILE`) or `managed_identity` (a user-assigned managed identity whose client id is `BOT_APP_ID`; needs `BOT_APP_TYPE=UserAssignedMSI`).',
  ],
  BOT_APP_PASSWORD: [z.string().optional(), 'Client secret of the bot registration (`BOT_AUTH=secret`).'],
  BOT_CERTIFICATE_THUMBPRINT: [
    z
      .string()
      .regex(/^[0-9a-fA-F]{40}$/, 'a SHA-1 thumbprint: 40 hex digits')
      .optional(),
    'SHA-1 thumbprint (hex) of the certificate uploaded to the bot registration (`BOT_AUTH=certificate`).',
  ],
  BOT_CERTIFICATE_KEY_FILE: [
    z.string().optional(),
    "PEM file with that certificate's private key (`BOT_AUTH=certificate`).",
  ],
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
  GRAPH_AUTH: [
    z.enum(['secret', 'certificate']).default('secret'),
    'How the Graph app proves itself: `secret` (`GRAPH_CLIENT_SECRET`) or `certificate` (`GRAPH_CERTIFICATE_THUMBPRINT` and `GRAPH_CERTIFICATE_KEY_FILE`).',
  ],
  GRAPH_CLIENT_SECRET: [z.string().optional(), 'Its client secret (`GRAPH_AUTH=secret`).'],
  GRAPH_CERTIFICATE_THUMBPRINT: [
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 thumbprint: 64 hex digits')
      .optional(),
    'SHA-256 thumbprint (hex) of the certificate uploaded to the Graph app registration (`GRAPH_AUTH=certificate`).',
  ],
  GRAPH_CERTIFICATE_KEY_FILE: [
    z.string().optional(),
    "PEM file with that certificate's private key (`GRAPH_AUTH=certificate`).",
  ],
  TEAMS_APP_ID: [
    z.uuid().optional(),
    "The Teams app id (the manifest `id`). Activity feed notifications link to the app's tabs with it; without it they link to the chat with the bot.",
  ],
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
  COURSE_REMINDER_DAYS_BEFORE: [
    z.coerce.number().int().min(0).max(60).default(3),
    'Days before an assigned course is due that the bot reminds those who have not completed it.',
  ],
  MEETINGS: [
    z.enum(['none', 'graph']).default('none'),
    "`graph` gives each event a Teams meeting (a calendar event created on the organizer's behalf through Microsoft Graph) and reads its attendance report; `none` (local default) makes events without a join link. `graph` needs Entra tab sign-in, `ENTRA_APP_SECRET` and the `GRAPH_*` app credentials.",
  ],
  ENTRA_APP_SECRET: [
    z.string().optional(),
    "Client secret of the tab's Entra app registration (`ENTRA_APP_ID`), for on-behalf-of Graph calls (delegated Calendars.ReadWrite).",
  ],
  EVENT_REMINDER_OFFSETS: [
    z.string().default('1d,15m'),
    'When staff registrants are reminded before an event, comma-separated: days (`1d`, same local time the day before), hours (`2h`) or minutes (`15m`).',
  ],
  EVENT_ATTENDANCE_DELAY_MINUTES: [
    z.coerce.number().int().min(0).max(10080).default(30),
    'Minutes after an event ends before its Teams attendance report is read (the report takes a while to appear).',
  ],
  FANOUT_TENANT_RPS: [
    z.coerce.number().positive().max(1000).default(50),
    'Campaign cards: requests per second to the Bot Connector for the whole tenant, shared by every instance (Teams allows 50 per app per tenant).',
  ],
  FANOUT_CONVERSATION_RPS: [
    z.coerce.number().positive().max(100).default(7),
    'Campaign cards: requests per second to one conversation (Teams allows 7).',
  ],
  TEAMS_APP_CATALOG_ID: [
    z.string().optional(),
    "Id of the app in the tenant's Teams app catalog. With `DIRECTORY=graph`, a campaign card that Teams refuses with 403/404 (the app was removed) installs the app for that person through Graph (`POST /users/{id}/teamwork/installedApps`, permission TeamsAppInstallation.ReadWriteSelfForUser.All) and tries once more.",
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
    /** How the bot gets its outgoing tokens (with an app id). */
    auth:
      | { kind: 'secret' }
      | { kind: 'certificate'; thumbprint: string; keyFile: string }
      | { kind: 'managed_identity' };
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
        credential: GraphCredentialConfig;
        orgChartFile: string;
      };
  /** Activity feed notifications through Graph (only with `DIRECTORY=graph`); null: off. */
  activityFeed: { teamsAppId: string | null; botAppId: string | null } | null;
  orgChartFile: string;
  /** Tab sign-in: Entra ID when configured; otherwise (local mode only) the dev sign-in. */
  tabAuth: { kind: 'entra'; tenantId: string; audiences: string[]; authorityHost: string } | { kind: 'dev' };
  ethicsOfficerId: string | null;
  hrContactId: string | null;
  policyPacks: string[];
  agency: { name: string; timeZone: string; closedDates: string[] };
  /** Reminders and escalation of pending reviews, in business days of the agency calendar. */
  reviews: { reminderBusinessDays: number; escalationBusinessDays: number };
  courses: { reminderDaysBefore: number };
  events: {
    meetings:
      | { kind: 'none' }
      | {
          kind: 'graph';
          baseUrl: string;
          /** On-behalf-of: the tab's app registration, with the authority of its sign-in. */
          obo: { authorityHost: string; tenantId: string; clientId: string; clientSecret: string };
          /** App-only (attendance reports): the Graph app registration. */
          appOnly: {
            authorityHost: string;
            tenantId: string;
            clientId: string;
            credential: GraphCredentialConfig;
          };
        };
    reminderOffsets: string;
    attendanceDelayMinutes: number;
  };
  /** Campaign fan-out limits (requests per second). */
  fanout: { tenantRps: number; conversationRps: number };
  teamsAppCatalogId: string | null;
}

/** The Graph app's credential: its secret, or a certificate whose private key is read at start. */
export type GraphCredentialConfig =
  { kind: 'secret'; secret: string } | { kind: 'certificate'; thumbprintSha256: string; keyFile: string };

/** What each way of authenticating needs, for the checks and their messages. */
const BOT_AUTH_NEEDS = {
  secret: ['BOT_APP_PASSWORD'],
  certificate: ['BOT_CERTIFICATE_THUMBPRINT', 'BOT_CERTIFICATE_KEY_FILE'],
  managed_identity: [],
} as const;
const GRAPH_AUTH_NEEDS = {
  secret: ['GRAPH_CLIENT_SECRET'],
  certificate: ['GRAPH_CERTIFICATE_THUMBPRINT', 'GRAPH_CERTIFICATE_KEY_FILE'],
} as const;

function graphCredential(e: {
  GRAPH_AUTH: keyof typeof GRAPH_AUTH_NEEDS;
  GRAPH_CLIENT_SECRET?: string | undefined;
  GRAPH_CERTIFICATE_THUMBPRINT?: string | undefined;
  GRAPH_CERTIFICATE_KEY_FILE?: string | undefined;
}): GraphCredentialConfig {
  return e.GRAPH_AUTH === 'certificate'
    ? {
        kind: 'certificate',
        thumbprintSha256: e.GRAPH_CERTIFICATE_THUMBPRINT!,
        keyFile: e.GRAPH_CERTIFICATE_KEY_FILE!,
      }
    : { kind: 'secret', secret: e.GRAPH_CLIENT_SECRET! };
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
    for (const k of BOT_AUTH_NEEDS[e.BOT_AUTH]) if (!e[k]) missing.push(k);
    if (e.BOT_APP_TYPE === 'SingleTenant' && !e.BOT_TENANT_ID) missing.push('BOT_TENANT_ID');
    if (!e.TEAMS_TENANT_ID) missing.push('TEAMS_TENANT_ID');
    if (!e.PUBLIC_URL) missing.push('PUBLIC_URL');
    if (!e.ENTRA_TENANT_ID) missing.push('ENTRA_TENANT_ID');
    if (!e.ENTRA_APP_ID) missing.push('ENTRA_APP_ID');
    if (e.DIRECTORY === 'graph') {
      for (const k of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', ...GRAPH_AUTH_NEEDS[e.GRAPH_AUTH]] as const)
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
    const missing = (
      ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', ...GRAPH_AUTH_NEEDS[e.GRAPH_AUTH]] as const
    ).filter((k) => !e[k]);
    if (missing.length > 0)
      throw new ConfigError(`DIRECTORY=graph with GRAPH_AUTH=${e.GRAPH_AUTH} needs ${missing.join(', ')}`);
  }
  // A secret may be left out outside production (e.g. to package the manifest with the real bot id);
  // a certificate chosen explicitly must be complete.
  if (e.BOT_APP_ID && e.BOT_AUTH === 'certificate') {
    const missing = BOT_AUTH_NEEDS[e.BOT_AUTH].filter((k) => !e[k]);
    if (missing.length > 0) throw new ConfigError(`BOT_AUTH=${e.BOT_AUTH} needs ${missing.join(' and ')}`);
  }
  if ((e.BOT_AUTH === 'managed_identity') !== (e.BOT_APP_TYPE === 'UserAssignedMSI'))
    throw new ConfigError(
      'BOT_AUTH=managed_identity and BOT_APP_TYPE=UserAssignedMSI go together: a bot registered with a user-assigned managed identity gets its tokens from that identity (BOT_APP_ID is its client id), and only such a bot can.',
    );
  if (e.MEETINGS === 'graph') {
    const missing = (
      [
        'ENTRA_TENANT_ID',
        'ENTRA_APP_ID',
        'ENTRA_APP_SECRET',
        'GRAPH_TENANT_ID',
        'GRAPH_CLIENT_ID',
        ...GRAPH_AUTH_NEEDS[e.GRAPH_AUTH],
      ] as const
    ).filter((k) => !e[k]);
    if (missing.length > 0) throw new ConfigError(`MEETINGS=graph needs ${missing.join(', ')}`);
  }
  try {
    parseReminderOffsets(e.EVENT_REMINDER_OFFSETS);
  } catch (err) {
    throw new ConfigError(`EVENT_REMINDER_OFFSETS: ${(err as Error).message}`);
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
      auth:
        e.BOT_AUTH === 'certificate'
          ? {
              kind: 'certificate',
              thumbprint: e.BOT_CERTIFICATE_THUMBPRINT ?? '',
              keyFile: e.BOT_CERTIFICATE_KEY_FILE ?? '',
            }
          : { kind: e.BOT_AUTH },
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
            credential: graphCredential(e),
            orgChartFile: e.ORG_CHART_FILE,
          }
        : { kind: 'org-chart', file: e.ORG_CHART_FILE },
    activityFeed:
      e.DIRECTORY === 'graph' ? { teamsAppId: e.TEAMS_APP_ID ?? null, botAppId: e.BOT_APP_ID ?? null } : null,
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
    courses: { reminderDaysBefore: e.COURSE_REMINDER_DAYS_BEFORE },
    events: {
      meetings:
        e.MEETINGS === 'graph'
          ? {
              kind: 'graph',
              baseUrl: e.GRAPH_BASE_URL,
              obo: {
                authorityHost: e.ENTRA_AUTHORITY_HOST,
                tenantId: e.ENTRA_TENANT_ID!,
                clientId: e.ENTRA_APP_ID!,
                clientSecret: e.ENTRA_APP_SECRET!,
              },
              appOnly: {
                authorityHost: e.GRAPH_AUTHORITY_HOST,
                tenantId: e.GRAPH_TENANT_ID!,
                clientId: e.GRAPH_CLIENT_ID!,
                credential: graphCredential(e),
              },
            }
          : { kind: 'none' },
      reminderOffsets: e.EVENT_REMINDER_OFFSETS,
      attendanceDelayMinutes: e.EVENT_ATTENDANCE_DELAY_MINUTES,
    },
    fanout: { tenantRps: e.FANOUT_TENANT_RPS, conversationRps: e.FANOUT_CONVERSATION_RPS },
    teamsAppCatalogId: e.TEAMS_APP_CATALOG_ID ?? null,
  };
}
