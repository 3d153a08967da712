/**
 * The Bot Framework CloudAdapter, configured from the app's config. With no app id (the local default
 * and the Agents Playground) requests are not authenticated; with one, every request to /api/messages
 * must carry a valid Bot Framework token and outgoing calls get one from the configured authority.
 */
import { CloudAdapter, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Config } from '../src/config/schema';
import type { Logger } from '../src/logging';
import { ReusedConnectorsAuthentication } from './reused-connectors';

export function createAdapter(config: Config['bot'], log: Logger): CloudAdapter {
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
  // One ConnectorClient per destination rather than per turn (bot/reused-connectors.ts).
  const auth = new ReusedConnectorsAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppTenantId: config.tenantId ?? '',
      ToChannelFromBotLoginUrl: `${config.loginEndpoint.replace(/\/$/, '')}/${tenantSegment}`,
      ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl,
    },
    credentials,
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
