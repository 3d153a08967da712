/**
 * Attestation campaigns: the store, this instance's fan-out (paced by the tenant's shared send slots),
 * the Acknowledge action in the bot and the tab's API.
 */
import { campaignBotFeature, TeamsAttestationSender } from '../../bot/campaigns';
import { TeamsMessenger } from '../../bot/messenger';
import { createPacedAdapter } from '../../bot/paced-connector';
import { CampaignFanout } from '../app/campaign-fanout';
import { readGraphCredential } from '../directory/graph-auth';
import { GraphAppInstaller } from '../directory/graph-app-installer';
import { ROLES } from '../directory/org-chart';
import { registerCampaignRoutes } from '../http/api/campaign-routes';
import { SendPacer } from '../jobs/send-pacer';
import { PgCampaignStore } from '../store/campaign-store';
import { acquireInstanceLock } from '../store/instance-lock';
import { PgSendSlots } from '../store/send-slots';
import type { FeatureContext } from './feature-context';

export async function wireCampaigns(ctx: FeatureContext): Promise<void> {
  const { config, log } = ctx;
  const store = new PgCampaignStore(ctx.db, ctx.clock);
  const tenantId = config.bot.teamsTenantId ?? ctx.orgChart.tenantId ?? 'default';
  const slots = new PgSendSlots(ctx.db, tenantId, config.fanout.tenantRps);
  const pacer = new SendPacer((n) => slots.reserve(n), config.fanout.conversationRps);
  const messenger = new TeamsMessenger(createPacedAdapter(config.bot, log, pacer), ctx.chats, {
    appId: config.bot.appId,
    serviceUrl: config.bot.serviceUrl,
    tenantId: config.bot.teamsTenantId ?? ctx.orgChart.tenantId ?? null,
  });
  const directory = config.directory;
  const installer =
    directory.kind === 'graph' && config.teamsAppCatalogId
      ? new GraphAppInstaller({
          baseUrl: directory.baseUrl,
          authorityHost: directory.authorityHost,
          tenantId: directory.tenantId,
          clientId: directory.clientId,
          credential: readGraphCredential(directory.credential),
          catalogAppId: config.teamsAppCatalogId,
          ...(ctx.authorityCa !== undefined ? { authorityCa: ctx.authorityCa } : {}),
        })
      : null;

  const instance = await acquireInstanceLock(ctx.databaseUrl, (err) =>
    log.error({ err }, 'the instance lock connection was lost'),
  );
  const fanout = new CampaignFanout({
    store,
    sender: new TeamsAttestationSender(messenger, config.agency.timeZone),
    installer,
    log,
    instance,
    maxInFlight: Math.max(20, Math.ceil(config.fanout.tenantRps * 2)),
  });
  fanout.start();
  ctx.onStop(async () => {
    await fanout.stop();
    await instance.release();
  });

  ctx.botFeatures.push(campaignBotFeature({ store, timeZone: config.agency.timeZone, log }));
  registerCampaignRoutes(ctx.server, ctx.api, {
    store,
    directory: ctx.directory,
    packs: ctx.disclosures.packs,
    groups: directory.kind === 'graph' ? [] : ROLES.filter((r) => r !== 'employee'),
    onQueued: () => fanout.wake(),
  });
}
