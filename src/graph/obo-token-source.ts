/**
 * Delegated Graph tokens on behalf of a signed-in user (OAuth 2.0 on-behalf-of): the tab's Teams SSO
 * token is exchanged by the app registration behind the tab for a Graph token with the user's
 * permissions (here Calendars.ReadWrite). MSAL caches the result per assertion.
 */
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { GraphClientError } from '@microsoft/microsoft-graph-client';
import { createMsalNetworkClient } from '../directory/msal-network-client';

export interface OboOptions {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** e.g. `https://graph.microsoft.com/Calendars.ReadWrite`. */
  scopes: string[];
  authorityCa?: string;
}

export class OnBehalfOfTokens {
  private readonly msal: ConfidentialClientApplication;

  constructor(private readonly opts: OboOptions) {
    const host = opts.authorityHost.replace(/\/+$/, '');
    const config: Configuration = {
      auth: {
        clientId: opts.clientId,
        clientSecret: opts.clientSecret,
        authority: `${host}/${opts.tenantId}`,
        knownAuthorities: [new URL(host).host],
      },
    };
    if (opts.authorityCa !== undefined)
      config.system = { networkClient: createMsalNetworkClient({ extraCa: opts.authorityCa }) };
    this.msal = new ConfidentialClientApplication(config);
  }

  /** A token source for one user's assertion (the bearer token of their request). */
  forUser(userToken: string): { getToken(): Promise<string> } {
    return {
      getToken: async () => {
        try {
          const r = await this.msal.acquireTokenOnBehalfOf({
            oboAssertion: userToken,
            scopes: this.opts.scopes,
          });
          if (!r?.accessToken) throw new Error('the token response held no access token');
          return r.accessToken;
        } catch (err) {
          const e = new GraphClientError(
            `could not get a Graph token on the user's behalf: ${err instanceof Error ? err.message : String(err)}`,
          );
          e.customError = err;
          throw e;
        }
      },
    };
  }
}
