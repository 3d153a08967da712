/**
 * Campaigns in the bot: the Acknowledge action and the card's refresh (a BotFeature), and the sender
 * the fan-out uses to deliver each person's card through the paced messenger.
 */
import { ForbiddenError, NotFoundError } from '../src/domain/errors';
import type { Campaign, Recipient } from '../src/domain/campaign/types';
import { outcomeOfStatus, parseRetryAfterMs, type SendOutcome } from '../src/domain/campaign/send-outcome';
import type { AttestationSender } from '../src/ports/attestation-sender';
import type { CampaignStore } from '../src/ports/campaign-store';
import type { Logger } from '../src/logging';
import { withBanner } from './banner';
import { attestationCard, attestationNotYoursCard, CAMPAIGN_VERBS } from './cards/attestation';
import { adaptiveCard, text, type AdaptiveCard } from './cards/card';
import type { BotFeature } from './feature';
import type { TeamsMessenger } from './messenger';
import { beforeActivityPost, ConnectorStatusError } from './paced-connector';

export interface CampaignBotDeps {
  store: CampaignStore;
  timeZone: string;
  log: Logger;
}

export function campaignBotFeature(deps: CampaignBotDeps): BotFeature {
  return {
    verbs: {
      [CAMPAIGN_VERBS.acknowledge]: async (_ctx, actor, data) => acknowledge(deps, actor, data),
      [CAMPAIGN_VERBS.refresh]: async (_ctx, actor, data) => current(deps, actor, data),
    },
  };
}

async function acknowledge(
  deps: CampaignBotDeps,
  actor: string,
  data: Record<string, unknown>,
): Promise<AdaptiveCard> {
  const recipientId = typeof data.recipientId === 'string' ? data.recipientId : '';
  const before = await deps.store.recipient(recipientId);
  if (!before) return gone();
  if (before.userId !== actor) {
    deps.log.info({ recipientId, actorId: actor }, 'campaign acknowledgement refused: not the recipient');
    return withBanner(
      await cardFor(deps, before, actor),
      `Only ${before.displayName} can acknowledge this card. Nothing was recorded.`,
      'attention',
    );
  }
  // A second click (or a click on a second copy) answers the acknowledged card: nothing changes.
  if (before.state === 'acknowledged') return cardFor(deps, before, actor);
  try {
    const after = await deps.store.acknowledge(recipientId, actor);
    deps.log.info({ recipientId, campaignId: after.campaignId }, 'campaign card acknowledged');
    return withBanner(
      await cardFor(deps, after, actor),
      'Thank you: your acknowledgement is recorded.',
      'good',
    );
  } catch (e) {
    if (e instanceof NotFoundError) return gone();
    if (e instanceof ForbiddenError)
      return withBanner(await cardFor(deps, before, actor), e.message, 'attention');
    throw e;
  }
}

async function current(deps: CampaignBotDeps, actor: string, data: Record<string, unknown>) {
  const recipient = await deps.store.recipient(typeof data.recipientId === 'string' ? data.recipientId : '');
  return recipient ? cardFor(deps, recipient, actor) : gone();
}

async function cardFor(deps: CampaignBotDeps, r: Recipient, actor: string): Promise<AdaptiveCard> {
  const campaign = await deps.store.get(r.campaignId);
  if (!campaign) return gone();
  if (r.userId !== actor) return attestationNotYoursCard(campaign.policy.title, r.displayName);
  return attestationCard(viewOf(campaign, r, deps.timeZone));
}

function viewOf(campaign: Campaign, r: Recipient, timeZone: string) {
  return {
    recipientId: r.id,
    userId: r.userId,
    displayName: r.displayName,
    policy: campaign.policy,
    year: campaign.year,
    acknowledgedOn: r.acknowledgedAt ? formatDateTime(r.acknowledgedAt, timeZone) : null,
  };
}

function gone(): AdaptiveCard {
  return adaptiveCard([text('This acknowledgement card is no longer in use.')]);
}

function formatDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'long', timeStyle: 'short' }).format(at);
}

/** Delivers campaign cards with the paced messenger; every failure becomes an outcome. */
export class TeamsAttestationSender implements AttestationSender {
  constructor(
    private readonly messenger: TeamsMessenger,
    private readonly timeZone: string,
  ) {}

  async send(
    r: Recipient,
    campaign: Campaign,
    opts: { freshChat: boolean; onDispatch: () => Promise<void> },
  ): Promise<SendOutcome> {
    try {
      if (opts.freshChat) await this.messenger.reopenChat(r.userId);
      const sent = await beforeActivityPost.run(opts.onDispatch, () =>
        this.messenger.sendCard(
          r.userId,
          attestationCard(viewOf(campaign, r, this.timeZone)),
          `Please acknowledge: ${campaign.policy.title} (${campaign.year})`,
          { idempotencyKey: r.id },
        ),
      );
      return { kind: 'sent', ...sent };
    } catch (err) {
      if (err instanceof ConnectorStatusError)
        return outcomeOfStatus(err.status, parseRetryAfterMs(err.retryAfter, Date.now()), err.message);
      return outcomeOfStatus(null, null, err instanceof Error ? err.message : String(err));
    }
  }
}
