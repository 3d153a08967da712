/**
 * Campaigns in the bot: the Acknowledge action and the card's refresh (a BotFeature), and the senders
 * the fan-outs use to deliver each person's card, and the reminders, through the paced messenger. The
 * policy card and its reminders carry the same action (verb and recipient); `card: 'reminder'` in the
 * data only says which card to answer with.
 */
import { ForbiddenError, NotFoundError } from '../src/domain/errors';
import type { Campaign, Recipient, Reminder } from '../src/domain/campaign/types';
import { outcomeOfStatus, parseRetryAfterMs, type SendOutcome } from '../src/domain/campaign/send-outcome';
import type { AttestationSender } from '../src/ports/attestation-sender';
import type { CampaignStore } from '../src/ports/campaign-store';
import type { Logger } from '../src/logging';
import { withBanner } from './banner';
import {
  attestationCard,
  attestationNotYoursCard,
  attestationReminderCard,
  CAMPAIGN_VERBS,
  REMINDER_CARD,
} from './cards/attestation';
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
  const kind = cardKind(data);
  const before = await deps.store.recipient(recipientId);
  if (!before) return gone();
  if (before.userId !== actor) {
    deps.log.info({ recipientId, actorId: actor }, 'campaign acknowledgement refused: not the recipient');
    return withBanner(
      await cardFor(deps, before, actor, kind),
      `Only ${before.displayName} can acknowledge this card. Nothing was recorded.`,
      'attention',
    );
  }
  // A second click (or a click on a second copy) answers the acknowledged card: nothing changes.
  if (before.state === 'acknowledged') return cardFor(deps, before, actor, kind);
  try {
    const after = await deps.store.acknowledge(recipientId, actor);
    deps.log.info({ recipientId, campaignId: after.campaignId }, 'campaign card acknowledged');
    return withBanner(
      await cardFor(deps, after, actor, kind),
      'Thank you: your acknowledgement is recorded.',
      'good',
    );
  } catch (e) {
    if (e instanceof NotFoundError) return gone();
    if (e instanceof ForbiddenError)
      return withBanner(await cardFor(deps, before, actor, kind), e.message, 'attention');
    throw e;
  }
}

async function current(deps: CampaignBotDeps, actor: string, data: Record<string, unknown>) {
  const recipient = await deps.store.recipient(typeof data.recipientId === 'string' ? data.recipientId : '');
  return recipient ? cardFor(deps, recipient, actor, cardKind(data)) : gone();
}

type CardKind = 'policy' | 'reminder';

function cardKind(data: Record<string, unknown>): CardKind {
  return data.card === REMINDER_CARD ? 'reminder' : 'policy';
}

async function cardFor(
  deps: CampaignBotDeps,
  r: Recipient,
  actor: string,
  kind: CardKind,
): Promise<AdaptiveCard> {
  const campaign = await deps.store.get(r.campaignId);
  if (!campaign) return gone();
  if (r.userId !== actor) return attestationNotYoursCard(campaign.policy.title, r.displayName);
  return kind === 'reminder'
    ? attestationReminderCard(reminderViewOf(campaign, r, deps.timeZone))
    : attestationCard(viewOf(campaign, r, deps.timeZone));
}

function reminderViewOf(
  campaign: Campaign,
  r: Pick<Recipient, 'id' | 'userId' | 'displayName' | 'sentAt' | 'acknowledgedAt'>,
  timeZone: string,
) {
  return {
    recipientId: r.id,
    userId: r.userId,
    displayName: r.displayName,
    policyTitle: campaign.policy.title,
    year: campaign.year,
    sentOn: r.sentAt ? formatDate(r.sentAt, timeZone) : null,
    acknowledgedOn: r.acknowledgedAt ? formatDateTime(r.acknowledgedAt, timeZone) : null,
  };
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

function formatDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'long' }).format(at);
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

  send(
    r: Recipient,
    campaign: Campaign,
    opts: { freshChat: boolean; onDispatch: () => Promise<void> },
  ): Promise<SendOutcome> {
    return sendPaced(this.messenger, r.userId, r.id, opts, () => ({
      card: attestationCard(viewOf(campaign, r, this.timeZone)),
      summary: `Please acknowledge: ${campaign.policy.title} (${campaign.year})`,
    }));
  }
}

/** Delivers reminder cards (idempotency key: the reminder's id, one per person per round). */
export class TeamsReminderSender implements AttestationSender<Reminder> {
  constructor(
    private readonly messenger: TeamsMessenger,
    private readonly timeZone: string,
  ) {}

  send(
    r: Reminder,
    campaign: Campaign,
    opts: { freshChat: boolean; onDispatch: () => Promise<void> },
  ): Promise<SendOutcome> {
    const recipient = {
      id: r.recipientId,
      userId: r.userId,
      displayName: r.displayName,
      sentAt: r.cardSentAt,
      acknowledgedAt: null,
    };
    return sendPaced(this.messenger, r.userId, r.id, opts, () => ({
      card: attestationReminderCard(reminderViewOf(campaign, recipient, this.timeZone)),
      summary: `Reminder: please acknowledge ${campaign.policy.title} (${campaign.year})`,
    }));
  }
}

async function sendPaced(
  messenger: TeamsMessenger,
  userId: string,
  idempotencyKey: string,
  opts: { freshChat: boolean; onDispatch: () => Promise<void> },
  message: () => { card: AdaptiveCard; summary: string },
): Promise<SendOutcome> {
  try {
    if (opts.freshChat) await messenger.reopenChat(userId);
    const { card, summary } = message();
    const sent = await beforeActivityPost.run(opts.onDispatch, () =>
      messenger.sendCard(userId, card, summary, { idempotencyKey }),
    );
    return { kind: 'sent', ...sent };
  } catch (err) {
    if (err instanceof ConnectorStatusError)
      return outcomeOfStatus(err.status, parseRetryAfterMs(err.retryAfter, Date.now()), err.message);
    return outcomeOfStatus(null, null, err instanceof Error ? err.message : String(err));
  }
}
