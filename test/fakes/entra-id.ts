/**
 * FakeEntraId: a loopback Entra ID (Azure AD) v2 token issuer.
 *
 * Serves, for any tenant id or name in the path:
 * - `GET  /{tenant}/v2.0/.well-known/openid-configuration` (issuer `${url}/{tenant}/v2.0`)
 * - `GET  /{tenant}/discovery/v2.0/keys` (JWKS)
 * - `POST /{tenant}/oauth2/v2.0/token` (client_credentials, client secret in the form or Basic auth; and
 *   the on-behalf-of grant `urn:ietf:params:oauth:grant-type:jwt-bearer`: a user's token issued by this
 *   fake for the client (`aud` its id or one of its `audiences`) becomes a delegated token for the
 *   requested resource, with the user's `oid`, `name`, `roles` left out and the scopes in `scp`)
 * - `GET  /common/discovery/instance` (instance discovery, for MSAL configured without knownAuthorities)
 *
 * MSAL (`@azure/msal-node`) refuses an authority that is not https, so the fake listens twice: `url`
 * is https with a self-signed loopback certificate (`ca`), `httpUrl` serves the same routes over plain
 * http for clients that cannot be told to trust a CA. Token issuers are always `${url}/{tenant}/v2.0`.
 *
 * What MSAL's ConfidentialClientApplication needs, given `authority: fake.authority(tenant)`,
 * `knownAuthorities: [fake.host]` and a network client trusting `fake.ca` (MSAL's default client is
 * fetch, which cannot be given a CA): it GETs the openid-configuration once, then POSTs to its
 * token_endpoint. With knownAuthorities it never calls instance discovery.
 *
 * ```ts
 * const entra = await FakeEntraId.start({ clients: [{ clientId: 'app', clientSecret: 's3cret' }] });
 * const userToken = await entra.issueToken({ oid: 'u1', name: 'Alex' }, { audience: 'api://candor' });
 * await entra.close();
 * ```
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { JWK, JWTPayload, KeyLike } from 'jose';
import { dispatcher, listen, RouteTable } from './http-kit';
import type { Listening, LoggedRequest, Reply, RouteContext } from './http-kit';
import { loopbackCertificate } from './tls-certificate';

/** The default tenant of the fake (the demo org chart's tenant). */
export const FAKE_TENANT_ID = '00000000-0000-4000-8000-00000000c4d0';

/** An app registration allowed to use the client credentials grant. */
export interface RegisteredClient {
  clientId: string;
  /** Its client secret; a client with only a certificate has none. */
  clientSecret?: string;
  /**
   * A certificate uploaded to it: its SHA-256 thumbprint (hex) and public key (PEM). The client may then
   * prove itself with a client assertion (a JWT signed with the private key, `x5t#S256` naming it).
   */
  certificate?: { thumbprintSha256: string; publicKeyPem: string };
  /** Only this tenant may issue it tokens. Unset: any tenant (a multi-tenant app). */
  tenantId?: string;
  /** Application permissions granted to it, put in the token's `roles` claim. */
  roles?: string[];
  /** Object id of its service principal (`oid`/`sub` of its tokens). Default: a random uuid. */
  servicePrincipalId?: string;
  /** Audiences (besides the client id) of user tokens it may exchange on-behalf-of, e.g. `api://…`. */
  audiences?: string[];
}

export interface FakeEntraIdOptions {
  /** Tenant used by `authority()`, `issuer()` and `issueToken()` when none is given. */
  tenantId?: string;
  clients?: RegisteredClient[];
  /** Lifetime of tokens from the token endpoint (`expires_in` and `exp`). Default 3600. */
  tokenLifetimeSeconds?: number;
}

export interface IssueTokenOptions {
  /** `aud` claim. Default: `api://candor`. */
  audience?: string;
  /** `tid` claim and the tenant part of `iss`. Default: the fake's tenant. */
  tenantId?: string;
  /** Seconds from now until `exp`; negative for a token that has already expired. Default 3600. */
  expiresInSeconds?: number;
  /** Seconds from now until `nbf`. Default: a minute ago. */
  notBeforeInSeconds?: number;
  /**
   * `foreign` signs with a key that is not in the JWKS but carries the same `kid`, so only a real
   * signature check rejects it. Default `issuer`.
   */
  signWith?: 'issuer' | 'foreign';
  /**
   * `iss` claim. Default `${url}/{tenant}/v2.0`; e.g. `${httpUrl}/{tenant}/v2.0` for an app configured
   * with `httpUrl` as its authority host.
   */
  issuer?: string;
}

/** One call to the token endpoint. */
export interface TokenRequestRecord {
  tenantId: string;
  clientId: string | null;
  scope: string | null;
  /** `issued`, or the OAuth error code answered (`invalid_client`, …). */
  outcome: string;
  time: number;
}

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

export class FakeEntraId {
  /** Every call to the token endpoint, granted or not. */
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly tenantId: string;
  /** Lifetime of tokens from the token endpoint; change it between requests as needed. */
  tokenLifetimeSeconds: number;

  private readonly clients = new Map<string, RegisteredClient>();

  private constructor(
    private readonly tlsListener: Listening,
    private readonly httpListener: Listening,
    private readonly signing: SigningKey,
    private readonly foreignKey: KeyLike,
    /** Every request, in arrival order (both listeners). */
    readonly requests: LoggedRequest[],
    opts: FakeEntraIdOptions,
  ) {
    this.tenantId = opts.tenantId ?? FAKE_TENANT_ID;
    this.tokenLifetimeSeconds = opts.tokenLifetimeSeconds ?? 3600;
    for (const c of opts.clients ?? []) this.registerClient(c);
  }

  static async start(opts: FakeEntraIdOptions = {}): Promise<FakeEntraId> {
    const [pair, foreign] = await Promise.all([generateKeyPair('RS256'), foreignKey()]);
    const kid = `fake-${randomUUID().slice(0, 8)}`;
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, use: 'sig', alg: 'RS256' };
    const routes = new RouteTable();
    const log: LoggedRequest[] = [];
    const handler = dispatcher({ routes, log, notFound });
    const tlsListener = await listen(handler, loopbackCertificate());
    const httpListener = await listen(handler);
    const fake = new FakeEntraId(
      tlsListener,
      httpListener,
      { kid, privateKey: pair.privateKey, publicJwk },
      foreign,
      log,
      opts,
    );
    fake.mount(routes);
    return fake;
  }

  /** https base URL, e.g. `https://127.0.0.1:PORT` (the authority host). */
  get url(): string {
    return this.tlsListener.url;
  }

  /** Plain http base URL serving the same routes; tokens still name `url` as issuer. */
  get httpUrl(): string {
    return this.httpListener.url;
  }

  /** `127.0.0.1:PORT` of `url`, for MSAL's `knownAuthorities`. */
  get host(): string {
    return new URL(this.url).host;
  }

  /** PEM of the self-signed certificate `url` is served with; trust it as a CA. */
  get ca(): string {
    return loopbackCertificate().cert;
  }

  /** `${url}/{tenant}`: the MSAL authority. */
  authority(tenantId: string = this.tenantId): string {
    return `${this.url}/${tenantId}`;
  }

  /** `${url}/{tenant}/v2.0`: the `iss` of tokens for that tenant. */
  issuer(tenantId: string = this.tenantId): string {
    return `${this.url}/${tenantId}/v2.0`;
  }

  /** https URL of the openid-configuration of a tenant. */
  openIdConfigurationUrl(tenantId: string = this.tenantId): string {
    return `${this.issuer(tenantId)}/.well-known/openid-configuration`;
  }

  /** The public keys, as served at the jwks_uri. */
  get jwks(): { keys: JWK[] } {
    return { keys: [this.signing.publicJwk] };
  }

  /** Token requests that were granted. */
  get issuedTokenCount(): number {
    return this.tokenRequests.filter((r) => r.outcome === 'issued').length;
  }

  registerClient(client: RegisteredClient): void {
    this.clients.set(client.clientId, client);
  }

  /**
   * Mint a token with arbitrary claims, e.g. a Teams SSO user token. Defaults (iss, aud, tid, iat, nbf,
   * exp, ver, uti) come first; `claims` override them.
   */
  async issueToken(claims: JWTPayload, opts: IssueTokenOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const tenantId = opts.tenantId ?? this.tenantId;
    const payload: JWTPayload = {
      iss: opts.issuer ?? this.issuer(tenantId),
      aud: opts.audience ?? 'api://candor',
      tid: tenantId,
      iat: now,
      nbf: now + (opts.notBeforeInSeconds ?? -60),
      exp: now + (opts.expiresInSeconds ?? 3600),
      ver: '2.0',
      uti: randomUUID(),
      ...claims,
    };
    const key = opts.signWith === 'foreign' ? this.foreignKey : this.signing.privateKey;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.signing.kid })
      .sign(key);
  }

  /**
   * Verify a token this fake issued (signature, expiry, issuer of this fake, and `audience` when
   * given). For other fakes that accept only tokens from this one. Throws jose's errors.
   */
  async verify(token: string, opts: { audience?: string } = {}): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, createLocalJWKSet(this.jwks), {
      algorithms: ['RS256'],
      ...(opts.audience !== undefined ? { audience: opts.audience } : {}),
    });
    const tid = typeof payload.tid === 'string' ? payload.tid : '';
    if (payload.iss !== this.issuer(tid)) throw new Error(`unexpected issuer ${String(payload.iss)}`);
    return payload;
  }

  async close(): Promise<void> {
    await Promise.all([this.tlsListener.close(), this.httpListener.close()]);
  }

  private mount(routes: RouteTable): void {
    routes
      .add('GET', '/:tenant/v2.0/.well-known/openid-configuration', (ctx) => this.openIdConfiguration(ctx))
      .add('GET', '/:tenant/discovery/v2.0/keys', () => ({ status: 200, body: this.jwks }))
      .add('POST', '/:tenant/oauth2/v2.0/token', (ctx) => this.token(ctx))
      .add('GET', '/common/discovery/instance', (ctx) => this.instanceDiscovery(ctx));
  }

  private openIdConfiguration(ctx: RouteContext): Reply {
    const tenant = ctx.params.tenant ?? this.tenantId;
    const base = `${ctx.origin}/${tenant}`;
    const issuerTenant = ['common', 'organizations', 'consumers'].includes(tenant) ? '{tenantid}' : tenant;
    return {
      status: 200,
      body: {
        issuer: `${this.url}/${issuerTenant}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${ctx.origin}/${tenant}/discovery/v2.0/keys`,
        userinfo_endpoint: `${ctx.origin}/oidc/userinfo`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        claims_supported: [
          'sub',
          'iss',
          'aud',
          'exp',
          'iat',
          'nbf',
          'name',
          'oid',
          'tid',
          'preferred_username',
        ],
        tenant_region_scope: 'NA',
        cloud_instance_name: 'microsoftonline.com',
        request_uri_parameter_supported: false,
      },
    };
  }

  private instanceDiscovery(ctx: RouteContext): Reply {
    const host = new URL(ctx.origin).host;
    return {
      status: 200,
      body: {
        tenant_discovery_endpoint: `${ctx.origin}/{tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }

  /** Why a client assertion is not valid for `client`, or null when it is (signature, thumbprint, claims). */
  private async checkAssertion(
    client: RegisteredClient,
    assertion: string,
    type: string | null,
    ctx: RouteContext,
  ): Promise<string | null> {
    if (type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return `Unsupported client_assertion_type '${type ?? ''}'.`;
    if (!client.certificate) return `No certificate is registered for application '${client.clientId}'.`;
    const header = JSON.parse(Buffer.from(assertion.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      'x5t#S256'?: string;
    };
    const thumbprint = Buffer.from(header['x5t#S256'] ?? '', 'base64url').toString('hex');
    if (thumbprint.toLowerCase() !== client.certificate.thumbprintSha256.toLowerCase())
      return `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}']`;
    try {
      await jwtVerify(assertion, createPublicKey(client.certificate.publicKeyPem), {
        algorithms: ['PS256', 'RS256'],
        clockTolerance: 300, // Entra ID allows five minutes of clock skew
        issuer: client.clientId,
        subject: client.clientId,
        audience: `${ctx.origin}${ctx.path}`,
      });
      return null;
    } catch (err) {
      return `Client assertion failed signature validation: ${(err as Error).message}`;
    }
  }

  private async token(ctx: RouteContext): Promise<Reply> {
    const tenant = ctx.params.tenant ?? this.tenantId;
    const form = new URLSearchParams(ctx.body);
    let clientId = form.get('client_id');
    let clientSecret = form.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(ctx.headers.authorization ?? '');
    if (basic?.[1]) {
      const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id ?? '');
      clientSecret = decodeURIComponent(secret ?? '');
    }
    const scope = form.get('scope');
    const record = (outcome: string): void => {
      this.tokenRequests.push({ tenantId: tenant, clientId, scope, outcome, time: Date.now() });
    };
    const fail = (status: number, error: string, code: number, description: string): Reply => {
      record(error);
      return { status, body: oauthError(error, code, description) };
    };

    if (form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return this.onBehalfOf(tenant, form, clientId, clientSecret, record, fail);
    if (form.get('grant_type') !== 'client_credentials')
      return fail(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`,
      );
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client || (client.tenantId !== undefined && client.tenantId !== tenant))
      return fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant}'.`,
      );
    const assertion = form.get('client_assertion');
    if (assertion !== null) {
      const problem = await this.checkAssertion(client, assertion, form.get('client_assertion_type'), ctx);
      if (problem) return fail(401, 'invalid_client', 700027, problem);
    } else if (clientSecret === null || clientSecret !== client.clientSecret)
      return fail(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
    const resources = (scope ?? '')
      .split(' ')
      .filter((s) => s.endsWith('/.default'))
      .map((s) => s.slice(0, -'/.default'.length));
    if (resources.length !== 1 || !resources[0])
      return fail(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );

    const sp = client.servicePrincipalId ?? `sp-${client.clientId}`;
    const accessToken = await this.issueToken(
      {
        azp: client.clientId,
        appid: client.clientId,
        azpacr: '1',
        idtyp: 'app',
        oid: sp,
        sub: sp,
        ...(client.roles && client.roles.length > 0 ? { roles: client.roles } : {}),
      },
      { audience: resources[0], tenantId: tenant, expiresInSeconds: this.tokenLifetimeSeconds },
    );
    record('issued');
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store' },
      body: {
        token_type: 'Bearer',
        expires_in: this.tokenLifetimeSeconds,
        ext_expires_in: this.tokenLifetimeSeconds,
        access_token: accessToken,
      },
    };
  }

  /** The on-behalf-of grant (RFC 7523 assertion, `requested_token_use=on_behalf_of`). */
  private async onBehalfOf(
    tenant: string,
    form: URLSearchParams,
    clientId: string | null,
    clientSecret: string | null,
    record: (outcome: string) => void,
    fail: (status: number, error: string, code: number, description: string) => Reply,
  ): Promise<Reply> {
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client || (client.tenantId !== undefined && client.tenantId !== tenant))
      return fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant}'.`,
      );
    if (clientSecret !== client.clientSecret)
      return fail(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    if (form.get('requested_token_use') !== 'on_behalf_of')
      return fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the parameter 'requested_token_use' as 'on_behalf_of'.",
      );
    let user: JWTPayload;
    try {
      user = await this.verify(form.get('assertion') ?? '');
    } catch (err) {
      return fail(
        400,
        'invalid_grant',
        50013,
        `Assertion failed signature validation or has expired. ${String(err)}`,
      );
    }
    const audiences = [client.clientId, `api://${client.clientId}`, ...(client.audiences ?? [])];
    if (typeof user.aud !== 'string' || !audiences.includes(user.aud))
      return fail(400, 'invalid_grant', 50013, 'The assertion audience is not this application.');
    if (user.idtyp === 'app' || typeof user.oid !== 'string')
      return fail(400, 'invalid_grant', 50013, 'The assertion is not a user token.');
    const scopes = (form.get('scope') ?? '').split(' ').filter((s) => /^https?:\/\//.test(s));
    const resources = [...new Set(scopes.map((s) => new URL(s).origin))];
    if (resources.length !== 1)
      return fail(
        400,
        'invalid_scope',
        70011,
        `The provided value for scope ${form.get('scope') ?? ''} is not valid.`,
      );
    const scp = scopes.map((s) => s.slice(resources[0]!.length + 1)).filter((s) => s && s !== '.default');
    const accessToken = await this.issueToken(
      {
        azp: client.clientId,
        appid: client.clientId,
        oid: user.oid,
        sub: user.oid,
        name: user.name,
        preferred_username: user.preferred_username,
        scp: scp.join(' '),
        idtyp: 'user',
      },
      { audience: resources[0], tenantId: tenant, expiresInSeconds: this.tokenLifetimeSeconds },
    );
    record('issued');
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store' },
      body: {
        token_type: 'Bearer',
        scope: scopes.join(' '),
        expires_in: this.tokenLifetimeSeconds,
        ext_expires_in: this.tokenLifetimeSeconds,
        access_token: accessToken,
      },
    };
  }
}

let foreignKeyPromise: Promise<KeyLike> | undefined;

/** A key in no fake's JWKS, shared by all fakes of the process (RSA key generation is slow). */
function foreignKey(): Promise<KeyLike> {
  foreignKeyPromise ??= generateKeyPair('RS256').then((pair) => pair.privateKey);
  return foreignKeyPromise;
}

function oauthError(error: string, code: number, description: string): Record<string, unknown> {
  const traceId = randomUUID();
  return {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId}`,
    error_codes: [code],
    timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    trace_id: traceId,
    correlation_id: randomUUID(),
  };
}

function notFound(ctx: RouteContext): Reply {
  return {
    status: 404,
    body: { error: 'not_found', error_description: `FakeEntraId has no route ${ctx.method} ${ctx.path}` },
  };
}
