/** The ChatStore port over PostgreSQL. */
import type { CardMessage, ChatStore, StoredReference } from '../ports/chat-store';
import type { Db } from './db';
import { isUuid } from './disclosure-store';

/** How many people's Teams user ids an instance keeps in memory (a few hundred kB at most). */
const TEAMS_IDS_KEPT = 10_000;

export class PgChatStore implements ChatStore {
  /**
   * Entra object id → Teams user id, as read or saved by this instance. Only found ids are kept (a person
   * who chats later, maybe with another instance, is looked up again), and a Teams id does not change, so
   * what another instance saves cannot make an entry wrong.
   */
  private readonly teamsIds = new Map<string, string>();

  constructor(private readonly db: Db) {}

  async saveReference(ref: StoredReference): Promise<void> {
    const values = {
      user_id: ref.userId,
      teams_user_id: ref.teamsUserId,
      conversation_id: ref.conversationId,
      service_url: ref.serviceUrl,
      tenant_id: ref.tenantId,
      reference: JSON.stringify(ref.reference),
      updated_at: new Date(),
    };
    await this.db
      .insertInto('conversation_refs')
      .values(values)
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
    this.keepTeamsId(ref.userId, ref.teamsUserId);
  }

  async teamsUserIds(userIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const id of userIds) {
      const teamsId = this.teamsIds.get(id);
      if (teamsId === undefined) missing.push(id);
      else found.set(id, teamsId);
    }
    if (missing.length === 0) return found;
    const rows = await this.db
      .selectFrom('conversation_refs')
      .select(['user_id', 'teams_user_id'])
      .where('user_id', 'in', missing)
      .execute();
    for (const r of rows) {
      found.set(r.user_id, r.teams_user_id);
      this.keepTeamsId(r.user_id, r.teams_user_id);
    }
    return found;
  }

  private keepTeamsId(userId: string, teamsUserId: string): void {
    this.teamsIds.delete(userId);
    this.teamsIds.set(userId, teamsUserId);
    // Maps iterate in insertion order: the oldest entry goes first.
    if (this.teamsIds.size > TEAMS_IDS_KEPT) this.teamsIds.delete(this.teamsIds.keys().next().value!);
  }

  async findReference(userId: string): Promise<StoredReference | null> {
    const [ref] = await this.findReferences([userId]);
    return ref ?? null;
  }

  async findReferences(userIds: string[]): Promise<StoredReference[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('conversation_refs')
      .selectAll()
      .where('user_id', 'in', userIds)
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      teamsUserId: r.teams_user_id,
      conversationId: r.conversation_id,
      serviceUrl: r.service_url,
      tenantId: r.tenant_id,
      reference: r.reference,
    }));
  }

  async anyReference(): Promise<StoredReference | null> {
    const row = await this.db
      .selectFrom('conversation_refs')
      .select('user_id')
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? this.findReference(row.user_id) : null;
  }

  async userIdForTeamsId(teamsUserId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('conversation_refs')
      .select('user_id')
      .where('teams_user_id', '=', teamsUserId)
      .executeTakeFirst();
    return row?.user_id ?? null;
  }

  async saveCardMessage(card: CardMessage): Promise<void> {
    const values = {
      disclosure_id: card.disclosureId,
      role: card.role,
      user_id: card.userId,
      conversation_id: card.conversationId,
      activity_id: card.activityId,
      updated_at: new Date(),
    };
    await this.db
      .insertInto('card_messages')
      .values(values)
      .onConflict((oc) => oc.columns(['disclosure_id', 'role', 'user_id']).doUpdateSet(values))
      .execute();
  }

  async findCardMessage(
    disclosureId: string,
    role: CardMessage['role'],
    userId: string,
  ): Promise<CardMessage | null> {
    if (!isUuid(disclosureId)) return null;
    const row = await this.db
      .selectFrom('card_messages')
      .selectAll()
      .where('disclosure_id', '=', disclosureId)
      .where('role', '=', role)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? toCard(row) : null;
  }

  async cardMessages(disclosureId: string): Promise<CardMessage[]> {
    if (!isUuid(disclosureId)) return [];
    const rows = await this.db
      .selectFrom('card_messages')
      .selectAll()
      .where('disclosure_id', '=', disclosureId)
      .execute();
    return rows.map(toCard);
  }

  async noticeSent(key: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('sent_notifications')
      .select('key')
      .where('key', '=', key)
      .executeTakeFirst();
    return row !== undefined;
  }

  async markNoticeSent(key: string, conversationId: string, activityId: string | null): Promise<void> {
    await this.db
      .insertInto('sent_notifications')
      .values({ key, conversation_id: conversationId, activity_id: activityId })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}

function toCard(r: {
  disclosure_id: string;
  role: CardMessage['role'];
  user_id: string;
  conversation_id: string;
  activity_id: string;
}): CardMessage {
  return {
    disclosureId: r.disclosure_id,
    role: r.role,
    userId: r.user_id,
    conversationId: r.conversation_id,
    activityId: r.activity_id,
  };
}
