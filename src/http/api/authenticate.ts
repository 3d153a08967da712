/**
 * Bearer token → Principal.
 *
 * Entra ID (Teams SSO): the token the tab gets from `authentication.getAuthToken()`, validated against the
 * tenant's JWKS (`{authorityHost}/{tenantId}/discovery/v2.0/keys`, fetched by jose and cached): RS256
 * signature, issuer `{authorityHost}/{tenantId}/v2.0`, audience one of the configured ones, expiry and
 * not-before (60 s clock tolerance), and `tid` equal to the tenant. The person is `oid`; the app roles of
 * the `roles` claim map to API roles, and everyone is an `employee`.
 *
 * Dev sign-in (local mode only): tokens the app signs itself (HS256, a key generated at start, so a restart
 * signs everyone out), valid 8 hours, carrying the person's `oid`, name and org-chart roles.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Request } from 'restify';
import { ConfigError } from '../../domain/errors';
import { API_ROLES, type ApiRole, type Principal } from './principal';
import { SignInUnavailableError, UnauthorizedError } from './problem';

export type Authenticate = (req: Request) => Promise<Principal>;

/** The Entra app roles (`roles` claim, as defined in the app registration) → API roles. */
export const ENTRA_APP_ROLES: Readonly<Record<string, ApiRole>> = {
  EthicsOfficer: 'ethics_officer',
  HR: 'hr',
  OutreachStaff: 'outreach',
  Admin: 'admin',
};

/** Clock skew accepted on `exp` and `nbf`. */
export const CLOCK_TOLERANCE_SECONDS = 60;

/** The bearer token of a request; UnauthorizedError when there is none. */
export function bearerToken(req: Request): string {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header) : null;
  if (!match?.[1])
    throw new UnauthorizedError(
      typeof header === 'string' && /^Bearer\b/i.test(header),
      'no bearer token in Authorization',
    );
  return match[1];
}

export interface EntraAuthOptions {
  tenantId: string;
  audiences: string[];
  /** e.g. `https://login.microsoftonline.com` (no trailing slash needed). */
  authorityHost: string;
  /** Extra CA (PEM) to trust for the authority host (a private PKI, or a test's loopback issuer). */
  authorityCa?: string;
}

/** Validates Teams SSO tokens issued by Entra ID for the tenant. */
export function entraAuthenticator(opts: EntraAuthOptions): Authenticate {
  if (opts.audiences.length === 0) throw new ConfigError('Entra sign-in needs at least one audience.');
  const host = opts.authorityHost.replace(/\/+$/, '');
  const issuer = `${host}/${opts.tenantId}/v2.0`;
  const jwksUrl = new URL(`${host}/${encodeURIComponent(opts.tenantId)}/discovery/v2.0/keys`);
  const agent =
    jwksUrl.protocol === 'https:'
      ? new https.Agent({
          keepAlive: true,
          ...(opts.authorityCa ? { ca: [...rootCertificates, opts.authorityCa] } : {}),
        })
      : new http.Agent({ keepAlive: true });
  // One key set for the process: jose caches the keys (10 min) and refetches at most every 30 s when a
  // token names an unknown `kid` (key rollover).
  const jwks = createRemoteJWKSet(jwksUrl, { agent, timeoutDuration: 5000 });

  return async (req) => {
    const token = bearerToken(req);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ['RS256'],
        issuer,
        audience: opts.audiences,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'oid', 'tid'],
      }));
    } catch (err) {
      if (keysUnavailable(err)) throw new SignInUnavailableError(joseReason(err));
      throw new UnauthorizedError(true, joseReason(err));
    }
    if (payload.tid !== opts.tenantId) throw new UnauthorizedError(true, 'tid is not the configured tenant');
    const oid = stringClaim(payload, 'oid');
    if (!oid) throw new UnauthorizedError(true, 'no oid claim');
    const signInName = stringClaim(payload, 'preferred_username') ?? stringClaim(payload, 'email');
    const appRoles = Array.isArray(payload.roles) ? payload.roles.filter((r) => typeof r === 'string') : [];
    const roles = new Set<ApiRole>(['employee']);
    for (const r of appRoles) {
      const mapped = ENTRA_APP_ROLES[r];
      if (mapped) roles.add(mapped);
    }
    return {
      id: oid,
      displayName: stringClaim(payload, 'name') ?? stringClaim(payload, 'preferred_username') ?? oid,
      roles: [...roles],
      ...(signInName ? { email: signInName } : {}),
    };
  };
}

/** Errors of fetching the key set (not of the token): network errors, timeouts, a non-200 or non-JSON answer. */
function keysUnavailable(err: unknown): boolean {
  if (!(err instanceof joseErrors.JOSEError)) return true;
  return (
    err instanceof joseErrors.JWKSTimeout ||
    err instanceof joseErrors.JWKSInvalid ||
    err.code === joseErrors.JOSEError.code
  );
}

function joseReason(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim ${err.claim} ${err.reason}`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no matching key';
  if (err instanceof joseErrors.JOSEError) return err.code;
  return err instanceof Error ? `${err.name}: ${err.message}` : 'unknown';
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const v = payload[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

const DEV_ISSUER = 'candor-dev-sign-in';
const DEV_AUDIENCE = 'candor-tab';
export const DEV_TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;

/** The local dev sign-in: issues and validates the app's own tokens. Never in production. */
export class DevSignIn {
  private readonly key = new Uint8Array(randomBytes(32));

  constructor(mode: 'local' | 'production') {
    if (mode !== 'local') throw new ConfigError('The dev sign-in exists only in local mode.');
  }

  async issue(person: { id: string; displayName: string; roles: readonly ApiRole[] }, now = new Date()) {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + DEV_TOKEN_LIFETIME_SECONDS;
    const token = await new SignJWT({
      oid: person.id,
      name: person.displayName,
      roles: [...new Set<ApiRole>(['employee', ...person.roles])],
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(person.id)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  readonly authenticate: Authenticate = async (req) => {
    const token = bearerToken(req);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: DEV_ISSUER,
        audience: DEV_AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'oid'],
      }));
    } catch (err) {
      throw new UnauthorizedError(true, joseReason(err));
    }
    const oid = stringClaim(payload, 'oid');
    if (!oid) throw new UnauthorizedError(true, 'no oid claim');
    const claimed = Array.isArray(payload.roles) ? payload.roles : [];
    const roles = API_ROLES.filter((r) => r === 'employee' || claimed.includes(r));
    return { id: oid, displayName: stringClaim(payload, 'name') ?? oid, roles };
  };
}
