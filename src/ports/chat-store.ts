/**
 * What the bot remembers about chats: how to reach each person (conversation references), which
 * activity holds which disclosure card (to update it in place), and which notices were already sent.
 */
export interface StoredReference {
  userId: string;
  teamsUserId: string;
  conversationId: string;
  serviceUrl: string;
  tenantId: string | null;
  /** The Bot Framework ConversationReference, as botbuilder produced it. */
  reference: Record<string, unknown>;
}

export interface CardMessage {
  disclosureId: string;
  role: 'employee' | 'reviewer' | 'hr';
  userId: string;
  conversationId: string;
  activityId: string;
}

export interface ChatStore {
  saveReference(ref: StoredReference): Promise<void>;
  findReference(userId: string): Promise<StoredReference | null>;
  findReferences(userIds: string[]): Promise<StoredReference[]>;
  /**
   * The Teams user ids of those of these people who have chatted with the bot, by Entra object id. A
   * person's Teams user id is fixed for the bot, so an instance may answer from memory.
   */
  teamsUserIds(userIds: readonly string[]): Promise<Map<string, string>>;
  /** Any stored reference (for the bot account, service URL and tenant of new chats). */
  anyReference(): Promise<StoredReference | null>;
  /** The Entra object id of a Teams user id, when that person has chatted with the bot. */
  userIdForTeamsId(teamsUserId: string): Promise<string | null>;
  saveCardMessage(card: CardMessage): Promise<void>;
  findCardMessage(
    disclosureId: string,
    role: CardMessage['role'],
    userId: string,
  ): Promise<CardMessage | null>;
  cardMessages(disclosureId: string): Promise<CardMessage[]>;
  /** True when a notice with this key was already sent. */
  noticeSent(key: string): Promise<boolean>;
  markNoticeSent(key: string, conversationId: string, activityId: string | null): Promise<void>;
}
