/**
 * What every `/api/v1` route module gets: the shared dependencies and one wrapper that authenticates the
 * caller and turns thrown errors into `application/problem+json`. The API routes (`routes.ts`) and the
 * register routes (`register-routes.ts`, `registerRegisterRoutes(server, ctx)`) both take an ApiContext.
 *
 * Typical route:
 *
 *   server.get('/api/v1/register', ctx.route(async (req, res, principal) => {
 *     requireRole(principal, 'ethics_officer');               // 403 problem otherwise
 *     const q = parseInput(registerQuery, req.query);         // 400 problem with field errors otherwise
 *     res.send(200, await listRegister(ctx.db, q));
 *   }));
 *
 * Throw the domain errors (ValidationError, NotFoundError, ForbiddenError, InvalidStateError) or the API
 * errors of problem.ts; `route` maps them. Never answer a record the principal may not see: throw
 * NotFoundError (404), exactly as for a record that does not exist.
 */
import type { Request, Response } from 'restify';
import type { DisclosureDeps } from '../../app/deps';
import type { OrgChart } from '../../directory/org-chart';
import type { Logger } from '../../logging';
import type { Directory } from '../../ports/directory';
import type { Db } from '../../store/db';
import type { Principal } from './principal';

/** A restify handler (async, as restify requires for promise-returning handlers). */
export type ApiHandler = (req: Request, res: Response) => Promise<void>;

/** A route body, called with the authenticated caller. */
export type AuthenticatedHandler = (req: Request, res: Response, principal: Principal) => Promise<void>;

export interface ApiContext {
  /** The database (Kysely), for read queries. Writes go through the use cases (`disclosures`). */
  db: Db;
  /** The dependencies of the disclosure use cases (store, directory, clock, packs, …). */
  disclosures: DisclosureDeps;
  /** The people directory (org chart or Microsoft Graph). */
  directory: Directory;
  /** The org chart file (local roles; the dev sign-in's people). */
  orgChart: OrgChart;
  agency: { name: string; timeZone: string };
  log: Logger;
  /** The caller of a request; rejects with UnauthorizedError (401) when the token is missing or invalid. */
  authenticate(req: Request): Promise<Principal>;
  /**
   * Wraps a route body: the request id in the log context, authentication (401 problem without a valid
   * token), and every thrown error answered as `application/problem+json` (unknown errors: 500, logged,
   * never leaked).
   */
  route(handler: AuthenticatedHandler): ApiHandler;
  /** The same without authentication (only the dev sign-in routes use it). */
  publicRoute(handler: ApiHandler): ApiHandler;
}
