/**
 * Activity feed notifications through Microsoft Graph: `POST /users/{id}/teamwork/sendActivityNotification`
 * with an app-only token (application permission TeamsActivity.Send.User, granted by resource-specific
 * consent when a person installs the app; the token's app must be the manifest's webApplicationInfo id).
 *
 * Body as documented: `topic` {source: 'text', value, webUrl: a Teams deep link}, `activityType` (declared
 * in the manifest), `previewText` {content}, `templateParameters` [{name, value}]. Graph answers 204.
 * 429/503/504 are retried by the Graph client (Retry-After honoured); another 4xx is a refusal for good.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { ActivityFeed, FeedNotification } from '../ports/activity-feed';
import { createGraphClient, type GraphClientOptions } from './graph-client';

export interface GraphActivityFeedOptions extends GraphClientOptions {
  /** The Teams deep link the notification opens, per activity type. */
  webUrl: (activityType: FeedNotification['activityType']) => string;
}

/** Teams shows the first 150 characters of the preview. */
const PREVIEW_LIMIT = 150;

export class GraphActivityFeed implements ActivityFeed {
  private readonly client: Client;

  constructor(private readonly opts: GraphActivityFeedOptions) {
    this.client = createGraphClient(opts);
  }

  async notify(userId: string, n: FeedNotification): Promise<'sent' | 'refused'> {
    const body = {
      topic: { source: 'text', value: n.topic, webUrl: this.opts.webUrl(n.activityType) },
      activityType: n.activityType,
      previewText: { content: n.previewText.slice(0, PREVIEW_LIMIT) },
      templateParameters: Object.entries(n.templateParameters).map(([name, value]) => ({ name, value })),
    };
    try {
      await this.client
        .api(`/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`)
        .post(body);
      return 'sent';
    } catch (err) {
      if (
        err instanceof GraphError &&
        err.statusCode >= 400 &&
        err.statusCode < 500 &&
        err.statusCode !== 429
      )
        return 'refused';
      throw err;
    }
  }
}

/**
 * Where a notification leads: the app's tab for the activity (Approvals for a reviewer, My disclosures
 * for the employee) when the Teams app id is known, else the chat with the bot.
 */
export function feedDeepLink(teamsAppId: string | null, botAppId: string | null) {
  return (activityType: FeedNotification['activityType']): string => {
    if (teamsAppId) {
      const tab = activityType === 'disclosureAssigned' ? 'approvals' : 'mine';
      return `https://teams.microsoft.com/l/entity/${teamsAppId}/${tab}`;
    }
    return `https://teams.microsoft.com/l/chat/0/0?users=28:${botAppId ?? ''}`;
  };
}
