/** Builds the card view model of a stored disclosure: the record plus the Teams ids to refresh for. */
import type { DisclosureRecord } from '../src/ports/disclosure-store';
import type { ChatStore } from '../src/ports/chat-store';
import type { DisclosureCardView } from './cards/view';

export async function cardView(
  record: DisclosureRecord,
  chats: ChatStore,
  tabUrl: string | null,
): Promise<DisclosureCardView> {
  const { disclosure } = record;
  const ids = [disclosure.employeeId, disclosure.reviewerId].filter((x): x is string => x !== null);
  const refs = await chats.findReferences(ids);
  const teamsIds = (userId: string | null) => {
    if (!userId) return [];
    const ref = refs.find((r) => r.userId === userId);
    return [...new Set([ref?.teamsUserId, userId].filter((x): x is string => !!x))];
  };
  return {
    disclosure,
    employee: record.employee,
    reviewer: record.reviewer,
    employeeUserIds: teamsIds(disclosure.employeeId),
    reviewerUserIds: teamsIds(disclosure.reviewerId),
    tabUrl,
  };
}
