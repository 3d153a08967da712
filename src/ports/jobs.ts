/**
 * Work that must happen after a commit (cards, notices) is queued in the same transaction as the
 * change that causes it, so it is never lost and never sent for a change that rolled back.
 */
import type { FeedActivityType } from './activity-feed';

export type NoticeKind =
  | 'decided'
  | 'info_requested'
  | 'info_answered'
  | 'withdrawn'
  | 'resolved'
  | 'informed'
  /** To the reviewer: the review has waited N business days. */
  | 'reminder'
  /** To the employee: the review went to someone else after M business days. */
  | 'escalated'
  /** To the reviewer it was escalated from: it is no longer theirs. */
  | 'reassigned';

export type Job =
  /** Send the disclosure's card to one person (reviewer or HR), or update it when already sent. */
  | { name: 'card.send'; data: { disclosureId: string; role: 'reviewer' | 'hr'; userId: string } }
  /** Update every card already sent for the disclosure to its current state. */
  | { name: 'cards.refresh'; data: { disclosureId: string } }
  /** A short message to one person about what happened. `key` makes the send idempotent. */
  | { name: 'notice.send'; data: { disclosureId: string; userId: string; notice: NoticeKind; key: string } }
  /** Remind and escalate the pending reviews that are due (scheduled every few minutes; idempotent). */
  | { name: 'reviews.sweep'; data: Record<string, never> }
  /** An activity feed notification to one person (with Graph only). `key` makes the send idempotent. */
  | {
      name: 'feed.notify';
      data: { disclosureId: string; userId: string; activityType: FeedActivityType; key: string };
    }
  /** Start the due automatic reminder rounds of attestation campaigns (scheduled hourly; idempotent). */
  | { name: 'campaigns.remind'; data: Record<string, never> }
  /** Remind the event's registrants; a no-op when the event moved (`startsAt` differs) or was cancelled. */
  | { name: 'event.reminder'; data: { eventId: string; offset: string; startsAt: string } }
  /** A message about an event to one staff member in the bot chat. `key` makes the send idempotent. */
  | { name: 'event.notice'; data: { eventId: string; userId: string; notice: EventNoticeKind; key: string } }
  /** Read the meeting's attendance report, record minutes and issue certificates (after the event ends). */
  | { name: 'event.attendance'; data: { eventId: string; endsAt: string } }
  /** Send a staff member their certificate of completion in the bot chat (once per certificate). */
  | { name: 'certificate.deliver'; data: { certificateId: string; userId: string } }
  /** Issue the certificate of a passed course (again safe: issuing is idempotent). */
  | { name: 'course.certify'; data: { enrollmentId: string } }
  /** Tell an assignee about a course assigned to them, or remind them before it is due. */
  | {
      name: 'course.remind';
      data: { assignmentId: string; dueOn: string; kind: 'assigned' | 'due_soon' };
    };

export type EventNoticeKind =
  'registered' | 'waitlisted' | 'promoted' | 'changed' | 'cancelled' | 'reminder' | 'materials';

export type JobName = Job['name'];
export type JobData<N extends JobName> = Extract<Job, { name: N }>['data'];
