/**
 * The Bot Framework CloudAdapter, configured from the app's config. With no app id (the local default
 * and the Agents Playground) requests are not authenticated; with one, every request to /api/messages
 * must carry a valid Bot Framework token and outgoing calls get one from the configured authority.
 */
import { CloudAdapter, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import {
  CertificateServiceClientCredentialsFactory,
  JwtTokenProviderFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  type ConnectorClientOptions,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Config } from '../src/config/schema';
import { readPrivateKey } from '../src/config/private-key';
import type { Logger } from '../src/logging';
import { ReusedConnectorsAuthentication } from './reused-connectors';

/**
 * How the bot gets tokens for its outgoing calls, with botbuilder's own factories: a client secret, a
 * certificate (thumbprint and private key; the certificate is uploaded to the bot's app registration),
 * or a user-assigned managed identity (its client id is the bot's app id). Without an app id: none.
 */
export function botCredentials(config: Config['bot']): ServiceClientCredentialsFactory {
  const appId = config.appId ?? '';
  if (appId && config.auth.kind === 'certificate')
    return new CertificateServiceClientCredentialsFactory(
      appId,
      config.auth.thumbprint,
      readPrivateKey(config.auth.keyFile, 'BOT_CERTIFICATE_KEY_FILE'),
      config.tenantId ?? undefined,
    );
  if (appId && config.auth.kind === 'managed_identity')
    return new ManagedIdentityServiceClientCredentialsFactory(appId, new JwtTokenProviderFactory());
  return new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: config.appPassword ?? '',
    // Without an app id there is nothing to authenticate (the local default and the Agents Playground).
    MicrosoftAppType: appId ? config.appType : undefined,
    MicrosoftAppTenantId: config.tenantId ?? '',
  });
}

/** `connectorOptions`: options for the ConnectorClients it creates (e.g. a custom HTTP client). */
export function createAdapter(
  config: Config['bot'],
  log: Logger,
  connectorOptions?: ConnectorClientOptions,
): CloudAdapter {
  const appId = config.appId ?? '';
  const credentials = botCredentials(config);
  const tenantSegment =
    config.appType === 'SingleTenant' && config.tenantId ? config.tenantId : 'botframework.com';
  // One ConnectorClient per destination rather than per turn (bot/reused-connectors.ts).
  const auth = new ReusedConnectorsAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppTenantId: config.tenantId ?? '',
      ToChannelFromBotLoginUrl: `${config.loginEndpoint.replace(/\/$/, '')}/${tenantSegment}`,
      ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl,
    },
    credentials,
    undefined,
    undefined,
    connectorOptions,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityType: context.activity.type }, 'unhandled error in a bot turn');
    if (context.activity.type === 'message') {
      await context.sendActivity('Sorry, something went wrong on our side. Please try again in a minute.');
    }
  };
  return adapter;
}
