/**
 * One ConnectorClient per bot app id, audience and service URL, and one UserTokenClient per app id,
 * instead of one of each per turn.
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

type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** As botbuilder finds the app id: the audience claim (channel tokens), else the appid claim. */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
}

/** Service URLs come from activities; in local mode anyone can send one, so the clients kept are bounded. */
const CLIENTS_KEPT = 64;

export class ReusedConnectorsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

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

  /** Also asked for on every turn (a TokenApiClient each time); it depends on the app id alone. */
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(claimsIdentity);
    let client = this.tokenClients.get(key);
    if (!client) {
      client = super.createUserTokenClient(claimsIdentity);
      client.catch(() => this.tokenClients.delete(key));
      this.tokenClients.set(key, client);
      if (this.tokenClients.size > CLIENTS_KEPT)
        this.tokenClients.delete(this.tokenClients.keys().next().value!);
    }
    return client;
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return {
      ...result,
      connectorFactory: this.reusingFactory(result.connectorFactory, result.claimsIdentity),
    };
  }

  private reusingFactory(factory: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(identity);
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
