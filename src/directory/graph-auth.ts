/**
 * App-only tokens for Microsoft Graph, and the middleware that puts them on requests.
 *
 * Tokens come from MSAL's client credentials flow, the app proving itself with a client secret or a
 * certificate (MSAL signs a client assertion with the private key; Entra ID checks it against the
 * certificate uploaded to the app registration, found by its SHA-256 thumbprint). MSAL caches tokens in
 * memory and fetches a new one when the cached one is within five minutes of expiry. Concurrent callers
 * share one request.
 */
import { AuthError, ConfidentialClientApplication } from '@azure/msal-node';
import type { Configuration } from '@azure/msal-node';
import { GraphClientError } from '@microsoft/microsoft-graph-client';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { createMsalNetworkClient } from './msal-network-client';
import type { GraphCredentialConfig } from '../config/schema';
import { readPrivateKey } from '../config/private-key';

/** A client secret, or a certificate: its SHA-256 thumbprint (hex) and its private key (PEM). */
export type GraphCredential =
  { kind: 'secret'; secret: string } | { kind: 'certificate'; thumbprintSha256: string; privateKey: string };

export interface GraphTokenSourceOptions {
  /** e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  credential: GraphCredential;
  /** The resource the token is for; its `/.default` scope is requested. */
  resource: string;
  /** Extra CA certificate(s), PEM, trusted for the authority host. */
  authorityCa?: string | string[];
}

export class GraphTokenSource {
  readonly authority: string;
  private readonly msal: ConfidentialClientApplication;
  private readonly scopes: string[];
  private inflight: Promise<string> | undefined;

  constructor(private readonly opts: GraphTokenSourceOptions) {
    const host = opts.authorityHost.replace(/\/+$/, '');
    this.authority = `${host}/${opts.tenantId}`;
    this.scopes = [`${opts.resource.replace(/\/+$/, '')}/.default`];
    const config: Configuration = {
      // knownAuthorities: MSAL trusts the host as given instead of asking login.microsoftonline.com
      // for instance discovery — needed for any host it does not know, such as a loopback issuer.
      auth: {
        clientId: opts.clientId,
        ...(opts.credential.kind === 'secret'
          ? { clientSecret: opts.credential.secret }
          : {
              clientCertificate: {
                thumbprintSha256: opts.credential.thumbprintSha256,
                privateKey: opts.credential.privateKey,
              },
            }),
        authority: this.authority,
        knownAuthorities: [new URL(host).host],
      },
    };
    if (opts.authorityCa !== undefined)
      config.system = { networkClient: createMsalNetworkClient({ extraCa: opts.authorityCa }) };
    this.msal = new ConfidentialClientApplication(config);
  }

  /** A valid access token. Throws a GraphClientError (so the Graph client passes it through untouched). */
  getToken(): Promise<string> {
    this.inflight ??= this.acquire().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async acquire(): Promise<string> {
    try {
      const result = await this.msal.acquireTokenByClientCredential({ scopes: this.scopes });
      if (!result?.accessToken) throw new Error('the token response held no access token');
      return result.accessToken;
    } catch (err) {
      const error = new GraphClientError(
        `could not get an app token for client ${this.opts.clientId} from ${this.authority}: ${describeAuthError(err)}`,
      );
      error.customError = err;
      throw error;
    }
  }
}

/** `invalid_client: AADSTS7000215: Invalid client secret provided. …` rather than MSAL's long message. */
function describeAuthError(err: unknown): string {
  if (err instanceof AuthError) {
    const description = /Description: (.*?)(?: Trace ID:| - Correlation ID:|$)/.exec(err.errorMessage)?.[1];
    return `${err.errorCode}: ${description ?? err.errorMessage}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Adds `Authorization: Bearer <token>` to requests for exactly one origin (Graph's). It replaces the
 * Graph client's AuthenticationHandler, which only sends tokens to https URLs of Graph or of
 * `customHosts` (matched by host name, port ignored): it would never authenticate to a loopback http
 * Graph, and it would send the token to any port of a custom host.
 */
export class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly origin: string,
    private readonly tokens: Pick<GraphTokenSource, 'getToken'>,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin)
      setHeader(context, 'Authorization', `Bearer ${await this.tokens.getToken()}`);
    if (!this.next)
      throw new GraphClientError('BearerTokenHandler is the last middleware; it needs a next one.');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function setHeader(context: Context, name: string, value: string): void {
  if (typeof context.request !== 'string') {
    context.request.headers.set(name, value);
    return;
  }
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) headers.push([name, value]);
  else context.options.headers = { ...headers, [name]: value };
}

/** The credential a GraphCredentialConfig names: the private key is read from its file (PEM). */
export function readGraphCredential(config: GraphCredentialConfig): GraphCredential {
  if (config.kind === 'secret') return config;
  return {
    kind: 'certificate',
    thumbprintSha256: config.thumbprintSha256,
    privateKey: readPrivateKey(config.keyFile, 'GRAPH_CERTIFICATE_KEY_FILE'),
  };
}
