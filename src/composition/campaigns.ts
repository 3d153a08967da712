/**
 * Attestation campaigns: the store, this instance's fan-outs of cards and of reminders (both paced by
 * the one messenger, so by the tenant's shared send slots), the scheduled reminder sweep, the Acknowledge
 * action in the bot and the tab's API.
 */
import { campaignBotFeature, TeamsAttestationSender, TeamsReminderSender } from '../../bot/campaigns';
import { TeamsMessenger } from '../../bot/messenger';
import { createPacedAdapter } from '../../bot/paced-connector';
import { CampaignFanout } from '../app/campaign-fanout';
import { sweepCampaignReminders } from '../app/campaign-reminders';
import { readGraphCredential } from '../directory/graph-auth';
import { GraphAppInstaller } from '../directory/graph-app-installer';
import { ROLES } from '../directory/org-chart';
import { registerCampaignRoutes } from '../http/api/campaign-routes';
import { SendPacer } from '../jobs/send-pacer';
import { PgCampaignStore } from '../store/campaign-store';
import { PgReminderStore } from '../store/reminder-store';
import { acquireInstanceLock } from '../store/instance-lock';
import { PgSendSlots } from '../store/send-slots';
import type { FeatureContext } from './feature-context';

/** Hourly: an automatic round starts within the hour its interval has passed. */
export const CAMPAIGN_REMINDER_CRON = '7 * * * *';

export async function wireCampaigns(ctx: FeatureContext): Promise<void> {
  const { config, log } = ctx;
  const store = new PgCampaignStore(ctx.db, ctx.clock);
  const reminders = new PgReminderStore(ctx.db, ctx.clock);
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
  const maxInFlight = Math.max(20, Math.ceil(config.fanout.tenantRps * 2));
  const fanout = new CampaignFanout({
    store,
    campaigns: store,
    sender: new TeamsAttestationSender(messenger, config.agency.timeZone),
    installer,
    log,
    instance,
    maxInFlight,
  });
  const reminderFanout = new CampaignFanout({
    store: reminders,
    campaigns: store,
    sender: new TeamsReminderSender(messenger, config.agency.timeZone),
    what: 'campaign reminders',
    installer,
    log,
    instance,
    maxInFlight,
  });
  fanout.start();
  reminderFanout.start();
  ctx.onStop(async () => {
    await Promise.all([fanout.stop(), reminderFanout.stop()]);
    await instance.release();
  });

  // The automatic rounds: `stately` keeps one sweep running and one waiting at most.
  await ctx.jobs.work(
    'campaigns.remind',
    async () => {
      if ((await sweepCampaignReminders({ store: reminders, clock: ctx.clock, log })) > 0)
        reminderFanout.wake();
    },
    { batchSize: 1, policy: { policy: 'stately', retryLimit: 2, expireInSeconds: 600 } },
  );
  await ctx.jobs.schedule('campaigns.remind', CAMPAIGN_REMINDER_CRON, {});
  // Catch up at start (rounds may have come due while no instance ran).
  await ctx.jobs.send({ name: 'campaigns.remind', data: {} });

  ctx.botFeatures.push(campaignBotFeature({ store, timeZone: config.agency.timeZone, log }));
  registerCampaignRoutes(ctx.server, ctx.api, {
    store,
    directory: ctx.directory,
    packs: ctx.disclosures.packs,
    groups: directory.kind === 'graph' ? [] : ROLES.filter((r) => r !== 'employee'),
    reminders,
    onQueued: () => fanout.wake(),
    onRemindersQueued: () => reminderFanout.wake(),
  });
}
