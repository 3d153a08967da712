/**
 * Installs the Teams app for one person through Microsoft Graph, so the bot can reach them again after
 * they removed it: `POST /users/{id}/teamwork/installedApps` with `teamsApp@odata.bind` naming the app
 * in the tenant's catalog (application permission TeamsAppInstallation.ReadWriteSelfForUser.All).
 * 409 (already installed) counts as installed.
 */
import { parseRetryAfterMs } from '../domain/campaign/send-outcome';
import type { AppInstaller, InstallOutcome } from '../ports/attestation-sender';
import { GraphTokenSource, type GraphCredential } from './graph-auth';

export interface GraphAppInstallerOptions {
  baseUrl: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  credential: GraphCredential;
  /** The app's id in the tenant app catalog (`/appCatalogs/teamsApps/{id}`). */
  catalogAppId: string;
  authorityCa?: string;
}

const RETRYABLE = [429, 500, 502, 503, 504];

export class GraphAppInstaller implements AppInstaller {
  private readonly tokens: GraphTokenSource;
  private readonly baseUrl: string;

  constructor(private readonly opts: GraphAppInstallerOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.tokens = new GraphTokenSource({
      authorityHost: opts.authorityHost,
      tenantId: opts.tenantId,
      clientId: opts.clientId,
      credential: opts.credential,
      resource: 'https://graph.microsoft.com',
      ...(opts.authorityCa !== undefined ? { authorityCa: opts.authorityCa } : {}),
    });
  }

  async install(userId: string): Promise<InstallOutcome> {
    const url = `${this.baseUrl}/users/${encodeURIComponent(userId)}/teamwork/installedApps`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await this.tokens.getToken()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          'teamsApp@odata.bind': `${this.baseUrl}/appCatalogs/teamsApps/${encodeURIComponent(this.opts.catalogAppId)}`,
        }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      return {
        kind: 'retry',
        retryAfterMs: null,
        reason: `Microsoft Graph could not be reached to install the app: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    if (res.status === 201 || res.status === 200 || res.status === 204 || res.status === 409)
      return { kind: 'installed' };
    const detail = await graphMessage(res);
    const reason = `Microsoft Graph refused to install the app for this person (${res.status}${detail ? `: ${detail}` : ''}).`;
    if (RETRYABLE.includes(res.status))
      return {
        kind: 'retry',
        retryAfterMs: parseRetryAfterMs(res.headers.get('retry-after'), Date.now()),
        reason,
      };
    return { kind: 'failed', reason };
  }
}

async function graphMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    return [body.error?.code, body.error?.message].filter(Boolean).join(': ');
  } catch {
    return '';
  }
}
