/** Read-side use cases: one disclosure as a given person may see it, and the chat lists. */
import { ForbiddenError, NotFoundError } from '../domain/errors';
import type { DisclosureRecord, DisclosureStore } from '../ports/disclosure-store';

export type Viewer = 'employee' | 'reviewer' | 'hr' | 'other';

/** How the person relates to the disclosure; 'other' sees nothing of it. */
export function viewerOf(record: DisclosureRecord, personId: string): Viewer {
  if (record.disclosure.employeeId === personId) return 'employee';
  if (record.disclosure.reviewerId === personId) return 'reviewer';
  if (record.disclosure.hrCopied && record.hrContactId === personId) return 'hr';
  return 'other';
}

export async function getDisclosureFor(store: DisclosureStore, id: string, personId: string) {
  const record = await store.get(id);
  if (!record) throw new NotFoundError('Disclosure', id);
  const viewer = viewerOf(record, personId);
  if (viewer === 'other') throw new ForbiddenError('You cannot see this disclosure.');
  return { record, viewer };
}

export const LIST_LIMIT = 21;

export function listMyDisclosures(store: DisclosureStore, personId: string) {
  return store.listByEmployee(personId, LIST_LIMIT);
}

export function listPendingReviews(store: DisclosureStore, personId: string) {
  return store.listForReviewer(personId, ['pending_review', 'info_requested'], LIST_LIMIT);
}
