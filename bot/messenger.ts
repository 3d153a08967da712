/**
 * Proactive messaging: send a card to a person (continuing their 1:1 chat, or creating it through the
 * connector when they never wrote to the bot) and update a card already sent. Used by the job handlers.
 */
import {
  CardFactory,
  MessageFactory,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
} from 'botbuilder';
import type { ChatStore } from '../src/ports/chat-store';
import type { AdaptiveCard } from './cards/card';

const TEAMS_AUDIENCE = 'https://api.botframework.com';

export interface MessengerConfig {
  appId: string | null;
  serviceUrl: string;
  tenantId: string | null;
}

export interface Sent {
  conversationId: string;
  activityId: string;
}

export class TeamsMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly chats: ChatStore,
    private readonly config: MessengerConfig,
  ) {}

  /** `channelData`: extra channel data sent with the activity (e.g. an idempotency key). */
  async sendCard(
    userId: string,
    card: AdaptiveCard,
    summary: string,
    channelData?: Record<string, unknown>,
  ): Promise<Sent> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.summary = summary;
    if (channelData) activity.channelData = channelData;
    return this.send(userId, activity);
  }

  /**
   * Starts the 1:1 chat again even if one is stored (after the app was installed anew for the person,
   * the stored one may be gone), and remembers it.
   */
  async reopenChat(userId: string): Promise<void> {
    await this.createChat(userId);
  }

  async send(userId: string, activity: Partial<Activity>): Promise<Sent> {
    const stored = await this.chats.findReference(userId);
    const reference = stored
      ? (stored.reference as Partial<ConversationReference>)
      : await this.createChat(userId);
    let activityId = '';
    await this.continueConversation(reference, async (ctx) => {
      const res = await ctx.sendActivity(activity);
      activityId = res?.id ?? '';
    });
    return { conversationId: reference.conversation!.id, activityId };
  }

  async updateCard(
    conversationId: string,
    activityId: string,
    serviceUrl: string,
    card: AdaptiveCard,
  ): Promise<void> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    };
    await this.continueConversation(reference, async (ctx) => {
      await ctx.updateActivity({
        type: 'message',
        id: activityId,
        conversation: reference.conversation,
        attachments: [CardFactory.adaptiveCard(card)],
      });
    });
  }

  /**
   * Runs `logic` in the chat and rethrows its failure. The adapter hands it to `onTurnError`, which only
   * logs it: the job would then count as done, and a card the connector refused would never be sent.
   */
  private async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    const failures: unknown[] = [];
    await this.adapter.continueConversationAsync(this.config.appId ?? '', reference, async (ctx) => {
      try {
        await logic(ctx);
      } catch (error) {
        failures.push(error);
        throw error; // for the adapter's onTurnError, which logs it
      }
    });
    if (failures.length > 0) throw failures[0];
  }

  /** Starts a 1:1 chat with someone who never wrote to the bot, and remembers it. */
  private async createChat(userId: string): Promise<Partial<ConversationReference>> {
    const known = await this.chats.anyReference();
    const serviceUrl = known?.serviceUrl ?? this.config.serviceUrl;
    const tenantId = known?.tenantId ?? this.config.tenantId ?? undefined;
    const bot = (known?.reference as Partial<ConversationReference> | undefined)?.bot ?? {
      id: this.config.appId ? `28:${this.config.appId}` : 'candor',
      name: 'Candor',
    };
    let reference: Partial<ConversationReference> | null = null;
    await this.adapter.createConversationAsync(
      this.config.appId ?? '',
      'msteams',
      serviceUrl,
      TEAMS_AUDIENCE,
      {
        isGroup: false,
        bot,
        members: [{ id: userId, name: '' }],
        tenantId,
        channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
        activity: undefined as unknown as Activity,
      },
      async (ctx) => {
        reference = TurnContext.getConversationReference(ctx.activity);
      },
    );
    if (!reference) throw new Error(`The connector did not create a chat with ${userId}`);
    const ref = reference as Partial<ConversationReference>;
    await this.chats.saveReference({
      userId,
      teamsUserId: userId,
      conversationId: ref.conversation!.id,
      serviceUrl,
      tenantId: tenantId ?? null,
      reference: ref as Record<string, unknown>,
    });
    return ref;
  }
}
