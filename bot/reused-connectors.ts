/**
 * One ConnectorClient per bot app id, audience and service URL, instead of one per turn.
 *
 * botbuilder's CloudAdapter asks its authentication for a connector factory on every turn and every
 * proactive message, and the factory builds a new ConnectorClient (credentials, an HTTP pipeline) each
 * time, even for an invoke that never calls the connector. A client holds nothing of a turn, so one per
 * destination can serve them all. The app id is read from the claims the same way botbuilder does, so
 * a client is only reused for the identity it was built for.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/** Service URLs come from activities; in local mode anyone can send one, so the clients kept are bounded. */
const CLIENTS_KEPT = 64;

export class ReusedConnectorsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): Promise<AuthenticateRequestResult> {
    return this.reusing(await super.authenticateRequest(...args));
  }

  override async authenticateStreamingRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateStreamingRequest']>
  ): Promise<AuthenticateRequestResult> {
    return this.reusing(await super.authenticateStreamingRequest(...args));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusingFactory(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return {
      ...result,
      connectorFactory: this.reusingFactory(result.connectorFactory, result.claimsIdentity),
    };
  }

  private reusingFactory(factory: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    // As botbuilder finds the app id: the audience claim (channel tokens), else the appid claim.
    const appId = identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
    return {
      create: (serviceUrl: string, audience?: string) => {
        const key = JSON.stringify([appId, audience ?? null, serviceUrl]);
        let client = this.clients.get(key);
        if (!client) {
          client = factory.create(serviceUrl, audience);
          // A failed build is not kept: the next turn tries again.
          client.catch(() => this.clients.delete(key));
          this.clients.set(key, client);
          if (this.clients.size > CLIENTS_KEPT) this.clients.delete(this.clients.keys().next().value!);
        }
        return client;
      },
    };
  }
}
