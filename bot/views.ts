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
  const known = await chats.teamsUserIds(ids);
  const teamsIds = (userId: string | null) => {
    if (!userId) return [];
    return [...new Set([known.get(userId), userId].filter((x): x is string => !!x))];
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
