/**
 * The Teams activity handler: commands in the 1:1 chat, the welcome card on install, and every
 * Action.Execute card action (delegated to CardActions). It remembers each person's chat so the app can
 * reach them later.
 */
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from 'botbuilder';
import type { ChatStore } from '../src/ports/chat-store';
import type { Logger } from '../src/logging';
import { actorId } from './actor';
import { CardActions, UnknownVerbError } from './card-actions';
import type { AdaptiveCard } from './cards/card';
import { giftFormCard } from './cards/gift-form';
import { conflictFormCard } from './cards/conflict-form';
import { helpCard } from './cards/help';
import { welcomeCard } from './cards/welcome';
import { COMMANDS, parseCommand } from './commands';
import type { BotFeature } from './feature';

/** How a card action ended, as counted by the app's metrics. */
export type InvokeOutcome = 'ok' | 'unknown_verb' | 'unauthenticated' | 'error';

export class CandorBot extends TeamsActivityHandler {
  /**
   * Chats already stored in this process (user → conversation id and service URL), so a busy chat costs
   * no write per turn. The service URL is part of it: when a chat's service URL changes, the stored
   * reference must follow, or proactive messages go to the old one.
   */
  private readonly knownChats = new Map<string, string>();

  constructor(
    private readonly actions: CardActions,
    private readonly chats: ChatStore,
    private readonly agencyName: string,
    private readonly log: Logger,
    /** Told of every card action's verb and outcome (metrics); the bot knows nothing of how it is counted. */
    private readonly onInvoke: (verb: string, outcome: InvokeOutcome) => void = () => {},
    /** Other features' text commands (bot/feature.ts). */
    private readonly features: readonly BotFeature[] = [],
  ) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.onText(ctx);
      await next();
    });
    // Teams announces an install twice, with installationUpdate (add) and with conversationUpdate
    // (membersAdded: the bot): the welcome card goes out on installationUpdate only, so it is sent once.
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await ctx.sendActivity(cardMessage(welcomeCard(this.agencyName)));
      await next();
    });
  }

  override async run(ctx: TurnContext): Promise<void> {
    await this.remember(ctx);
    await super.run(ctx);
  }

  private async onText(ctx: TurnContext): Promise<void> {
    const actor = await actorId(ctx, this.chats);
    const text = TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '';
    const command = parseCommand(text);
    if (!actor) {
      await ctx.sendActivity('I could not tell who you are. Open Candor from Microsoft Teams and try again.');
      return;
    }
    const featureCommand = command && this.features.find((f) => f.commands?.[command])?.commands?.[command];
    if (featureCommand) {
      await featureCommand(ctx, actor, async (card) => {
        await ctx.sendActivity(cardMessage(card));
      });
      return;
    }
    switch (command) {
      case COMMANDS.gift:
        await ctx.sendActivity(cardMessage(giftFormCard({}, [])));
        return;
      case COMMANDS.conflict:
        await ctx.sendActivity(cardMessage(conflictFormCard(null, {}, [])));
        return;
      case COMMANDS.mine:
        await ctx.sendActivity(cardMessage(await this.actions.myList(actor)));
        return;
      case COMMANDS.pending:
        await ctx.sendActivity(cardMessage(await this.actions.pendingList(actor)));
        return;
      case COMMANDS.help:
        await ctx.sendActivity(cardMessage(helpCard()));
        return;
      default:
        await ctx.sendActivity(cardMessage(helpCard(text.trim().slice(0, 80) || undefined)));
    }
  }

  /**
   * An `adaptiveCard/action` invoke whose `value.action` is not an object is a bad request (400), not a
   * crash: botbuilder reads `value.action.type` unchecked and would answer 5xx.
   */
  protected override async onInvokeActivity(ctx: TurnContext): Promise<InvokeResponse> {
    if (ctx.activity.name === 'adaptiveCard/action') {
      const value: unknown = ctx.activity.value;
      const action = value && typeof value === 'object' ? (value as { action?: unknown }).action : undefined;
      if (!action || typeof action !== 'object' || Array.isArray(action)) {
        this.onInvoke('', 'unknown_verb');
        return { status: 400, body: errorResponse(400, 'This card action is not valid.') };
      }
    }
    return super.onInvokeActivity(ctx);
  }

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    invoke: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const actor = await actorId(ctx, this.chats);
    const verb = typeof invoke.action?.verb === 'string' ? invoke.action.verb : '';
    if (!actor) {
      this.onInvoke(verb, 'unauthenticated');
      return errorResponse(401, 'I could not tell who you are.');
    }
    const data = (invoke.action?.data ?? {}) as Record<string, unknown>;
    try {
      const card = await this.actions.handle(ctx, actor, verb, data, async (c) => {
        await ctx.sendActivity(cardMessage(c));
      });
      this.onInvoke(verb, 'ok');
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as never };
    } catch (e) {
      if (e instanceof UnknownVerbError) {
        this.onInvoke(verb, 'unknown_verb');
        return errorResponse(400, 'This card is out of date. Type "help" to start again.');
      }
      this.onInvoke(verb, 'error');
      this.log.error({ err: e, verb }, 'card action failed');
      return errorResponse(500, 'Something went wrong on our side. Nothing was changed; please try again.');
    }
  }

  private async remember(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const userId = a.from?.aadObjectId;
    if (!userId || (a.conversation?.conversationType !== 'personal' && a.conversation?.isGroup)) return;
    const known = `${a.conversation.id} ${a.serviceUrl}`;
    if (this.knownChats.get(userId) === known) return;
    const reference = TurnContext.getConversationReference(a);
    const channelData = a.channelData as { tenant?: { id?: string } } | undefined;
    await this.chats.saveReference({
      userId,
      teamsUserId: a.from.id,
      conversationId: a.conversation.id,
      serviceUrl: a.serviceUrl,
      tenantId: channelData?.tenant?.id ?? a.conversation.tenantId ?? null,
      reference: reference as Record<string, unknown>,
    });
    this.knownChats.set(userId, known);
  }
}

function cardMessage(card: AdaptiveCard) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

function errorResponse(statusCode: number, message: string): AdaptiveCardInvokeResponse {
  return {
    statusCode,
    type: 'application/vnd.microsoft.error',
    value: {
      code: statusCode === 400 ? 'BadRequest' : statusCode === 401 ? 'Unauthorized' : 'InternalError',
      message,
    } as never,
  };
}
