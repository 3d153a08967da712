/**
 * Mounts the tab's API (`/api/v1`) on the server: security headers for `/tab/` and `/api/`, sign-in
 * (Entra ID, or the local dev sign-in), the disclosure routes, the register routes and problem+json
 * errors. Called once by the composition root.
 */
import type { Server } from 'restify';
import type { DisclosureDeps } from '../../app/deps';
import type { Config } from '../../config/schema';
import type { OrgChart } from '../../directory/org-chart';
import { ConfigError } from '../../domain/errors';
import { logContext, type Logger } from '../../logging';
import type { Directory } from '../../ports/directory';
import type { Db } from '../../store/db';
import { withRequestContext } from '../server';
import { DevSignIn, entraAuthenticator, type Authenticate } from './authenticate';
import type { ApiContext } from './context';
import { registerDevRoutes } from './dev-routes';
import { restifyErrorAsProblem, sendError } from './problem';
import { registerRegisterRoutes } from './register-routes';
import { registerDisclosureRoutes } from './routes';
import { applySecurityHeaders } from './security-headers';

export interface ApiDeps {
  config: Pick<Config, 'mode' | 'tabAuth' | 'agency' | 'http'>;
  db: Db;
  disclosures: DisclosureDeps;
  directory: Directory;
  orgChart: OrgChart;
  log: Logger;
  /** Extra CA (PEM) trusted when fetching the Entra ID signing keys. */
  authorityCa?: string;
}

export function registerApi(server: Server, deps: ApiDeps): ApiContext {
  const { config, log } = deps;
  const tabAuth = config.tabAuth;
  // The config refuses this already; the API refuses it again rather than trust one check.
  if (config.mode === 'production' && tabAuth.kind !== 'entra')
    throw new ConfigError('Production mode needs Entra sign-in for the tab (ENTRA_TENANT_ID, ENTRA_APP_ID).');

  let authenticate: Authenticate;
  let devSignIn: DevSignIn | null = null;
  if (tabAuth.kind === 'entra') {
    authenticate = entraAuthenticator({ ...tabAuth, authorityCa: deps.authorityCa });
  } else {
    devSignIn = new DevSignIn(config.mode);
    authenticate = devSignIn.authenticate;
  }

  const ctx: ApiContext = {
    db: deps.db,
    disclosures: deps.disclosures,
    directory: deps.directory,
    orgChart: deps.orgChart,
    agency: config.agency,
    log,
    authenticate,
    route: (handler) =>
      withRequestContext(async (req, res) => {
        try {
          const principal = await authenticate(req);
          const context = logContext.getStore();
          if (context) context.userId = principal.id;
          await handler(req, res, principal);
        } catch (err) {
          sendError(res, err, log);
        }
      }),
    publicRoute: (handler) =>
      withRequestContext(async (req, res) => {
        try {
          await handler(req, res);
        } catch (err) {
          sendError(res, err, log);
        }
      }),
  };

  applySecurityHeaders(server, { publicUrl: config.http.publicUrl });
  server.on('restifyError', restifyErrorAsProblem(log));

  registerDisclosureRoutes(server, ctx);
  registerRegisterRoutes(server, ctx);
  if (devSignIn) registerDevRoutes(server, ctx, devSignIn, config.mode);
  log.info({ tabSignIn: tabAuth.kind }, 'tab API mounted at /api/v1');
  return ctx;
}
