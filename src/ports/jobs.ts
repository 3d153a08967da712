/**
 * Work that must happen after a commit (cards, notices) is queued in the same transaction as the
 * change that causes it, so it is never lost and never sent for a change that rolled back.
 */
export type NoticeKind =
  'decided' | 'info_requested' | 'info_answered' | 'withdrawn' | 'resolved' | 'informed';

export type Job =
  /** Send the disclosure's card to one person (reviewer or HR), or update it when already sent. */
  | { name: 'card.send'; data: { disclosureId: string; role: 'reviewer' | 'hr'; userId: string } }
  /** Update every card already sent for the disclosure to its current state. */
  | { name: 'cards.refresh'; data: { disclosureId: string } }
  /** A short message to one person about what happened. `key` makes the send idempotent. */
  | { name: 'notice.send'; data: { disclosureId: string; userId: string; notice: NoticeKind; key: string } }
  /** Remind the event's registrants; a no-op when the event moved (`startsAt` differs) or was cancelled. */
  | { name: 'event.reminder'; data: { eventId: string; offset: string; startsAt: string } }
  /** A message about an event to one staff member in the bot chat. `key` makes the send idempotent. */
  | { name: 'event.notice'; data: { eventId: string; userId: string; notice: EventNoticeKind; key: string } }
  /** Read the meeting's attendance report, record minutes and issue certificates (after the event ends). */
  | { name: 'event.attendance'; data: { eventId: string; endsAt: string } }
  /** Send a staff member their certificate of completion in the bot chat (once per certificate). */
  | { name: 'certificate.deliver'; data: { certificateId: string; userId: string } };

export type EventNoticeKind =
  'registered' | 'waitlisted' | 'promoted' | 'changed' | 'cancelled' | 'reminder' | 'materials';

export type JobName = Job['name'];
export type JobData<N extends JobName> = Extract<Job, { name: N }>['data'];
