/**
 * The Bot Framework CloudAdapter, configured from the app's config. With no app id (the local default
 * and the Agents Playground) requests are not authenticated; with one, every request to /api/messages
 * must carry a valid Bot Framework token and outgoing calls get one from the configured authority.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { ConnectorClientOptions } from 'botframework-connector';
import type { Config } from '../src/config/schema';
import type { Logger } from '../src/logging';

/** `connectorOptions`: options for the ConnectorClients it creates (e.g. a custom HTTP client). */
export function createAdapter(
  config: Config['bot'],
  log: Logger,
  connectorOptions?: ConnectorClientOptions,
): CloudAdapter {
  const appId = config.appId ?? '';
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: config.appPassword ?? '',
    // Without an app id there is nothing to authenticate (the local default and the Agents Playground).
    MicrosoftAppType: appId ? config.appType : undefined,
    MicrosoftAppTenantId: config.tenantId ?? '',
  });
  const tenantSegment =
    config.appType === 'SingleTenant' && config.tenantId ? config.tenantId : 'botframework.com';
  const auth = new ConfigurationBotFrameworkAuthentication(
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
