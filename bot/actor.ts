import type { TurnContext } from 'botbuilder';
import type { ChatStore } from '../src/ports/chat-store';

/**
 * The person acting in a turn, as an Entra object id: Teams sends `from.aadObjectId`; for a client that
 * does not, the Teams user id is looked up among the stored chats.
 */
export async function actorId(ctx: TurnContext, chats: ChatStore): Promise<string | null> {
  const from = ctx.activity.from;
  if (from?.aadObjectId) return from.aadObjectId;
  if (from?.id) return chats.userIdForTeamsId(from.id);
  return null;
}
