/**
 * Activity feed notifications (the Teams bell) beside the chat cards, through Microsoft Graph: on only
 * with `DIRECTORY=graph` (the use cases then queue `feed.notify` jobs with the cards, see
 * DisclosureDeps.activityFeed). A background job may wait out Graph's throttling for a minute; longer,
 * it fails and pg-boss retries it later.
 */
import { notifyFeed } from '../app/notify-feed';
import { feedDeepLink, GraphActivityFeed } from '../directory/graph-activity-feed';
import { readGraphCredential } from '../directory/graph-auth';
import type { FeatureContext } from './feature-context';

export async function wireActivityFeed(ctx: FeatureContext): Promise<void> {
  const { config, log } = ctx;
  if (config.directory.kind !== 'graph' || config.activityFeed === null) return;
  const feed = new GraphActivityFeed({
    ...config.directory,
    credential: readGraphCredential(config.directory.credential),
    ...(ctx.authorityCa !== undefined ? { authorityCa: ctx.authorityCa } : {}),
    retry: { maxRetryAfterSeconds: 60 },
    webUrl: feedDeepLink(config.activityFeed.teamsAppId, config.activityFeed.botAppId),
    onRetry: (e) =>
      log.warn(
        { status: e.status, attempt: e.attempt, retryAfterSeconds: e.retryAfterSeconds },
        'Graph asked to retry (activity feed)',
      ),
  });
  const deps = { store: ctx.disclosures.store, chats: ctx.chats, feed, log };
  await ctx.jobs.work('feed.notify', (job) => notifyFeed(deps, job));
}
