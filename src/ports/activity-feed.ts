/**
 * Teams activity feed notifications (the bell), beside the chat cards. The types are declared in the
 * app manifest (`activities.activityTypes`); the template parameters fill their `templateText`.
 */
export type FeedActivityType = 'disclosureAssigned' | 'disclosureDecided' | 'infoRequested';

export interface FeedNotification {
  activityType: FeedActivityType;
  /** Short text under the notification: the reference and the kind of disclosure, nothing more. */
  previewText: string;
  /** The topic line (the disclosure's reference). */
  topic: string;
  /** Values of the `{name}` placeholders of the type's templateText (`{actor}` is Teams' own). */
  templateParameters: Record<string, string>;
}

export interface ActivityFeed {
  /**
   * Send one notification to one person. Resolves `'sent'`, or `'refused'` when the service refused it
   * for good (the app is not installed for that person, or lacks consent): retrying would not help.
   * Throws when it may succeed later (throttling that outlasted the retries, outages).
   */
  notify(userId: string, notification: FeedNotification): Promise<'sent' | 'refused'>;
}
