/**
 * The `feed.notify` job: one activity feed notification, queued in the same transaction as the change
 * (and the chat card) it is about. Idempotent: its key is recorded once sent, and a key already recorded
 * is not sent again. It says only the reference and the kind of disclosure — never its contents.
 * A notification the service refuses for good (app not installed, no consent) is logged and dropped:
 * the chat card is the message, the feed entry a pointer to it.
 */
import type { ActivityFeed, FeedNotification } from '../ports/activity-feed';
import type { ChatStore } from '../ports/chat-store';
import type { DisclosureStore } from '../ports/disclosure-store';
import type { JobData } from '../ports/jobs';
import type { Logger } from '../logging';

export interface FeedDeps {
  store: DisclosureStore;
  chats: Pick<ChatStore, 'noticeSent' | 'markNoticeSent'>;
  feed: ActivityFeed;
  log: Logger;
}

const KIND = { gift: 'gift', conflict: 'conflict of interest' } as const;
const DECISION: Record<string, string> = {
  approve: 'approved',
  approve_with_conditions: 'approved with conditions',
  deny: 'denied',
};

export async function notifyFeed(deps: FeedDeps, job: JobData<'feed.notify'>): Promise<void> {
  if (await deps.chats.noticeSent(job.key)) return;
  const record = await deps.store.get(job.disclosureId);
  if (!record) return;
  const d = record.disclosure;
  const kind = KIND[d.type];
  const preview: Record<FeedNotification['activityType'], string> = {
    disclosureAssigned: `${d.reference}: a ${kind} disclosure to review`,
    disclosureDecided: `${d.reference}: your ${kind} disclosure was decided`,
    infoRequested: `${d.reference}: more information needed on your ${kind} disclosure`,
  };
  const templateParameters: Record<string, string> = { reference: d.reference };
  if (job.activityType === 'disclosureDecided')
    templateParameters.decision = DECISION[d.decision ?? ''] ?? 'decided';
  const outcome = await deps.feed.notify(job.userId, {
    activityType: job.activityType,
    topic: `Disclosure ${d.reference}`,
    previewText: preview[job.activityType],
    templateParameters,
  });
  if (outcome === 'refused') {
    deps.log.warn(
      { disclosureId: d.id, activityType: job.activityType },
      'activity feed notification refused (is the app installed for this person?)',
    );
    return;
  }
  await deps.chats.markNoticeSent(job.key, `feed:${job.userId}`, null);
  deps.log.info({ disclosureId: d.id, activityType: job.activityType }, 'activity feed notified');
}
