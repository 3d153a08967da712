/**
 * Reminders, escalation and delegation of pending reviews: the agency calendar, the review policy the
 * disclosure use cases consult (deadlines, stand-ins), the scheduled sweep, the bot's `delegate`
 * command and the tab's /api/v1/me/delegation.
 */
import { BusinessCalendar } from '../domain/calendar/business-calendar';
import { agencyClosedOn } from '../calendar/state-holidays';
import { ReviewRouting } from '../app/review-routing';
import { sweepDueReviews } from '../app/review-sweep';
import { readGraphCredential } from '../directory/graph-auth';
import { createGraphClient } from '../directory/graph-client';
import { GraphAvailability } from '../directory/graph-availability';
import { OrgChartAvailability } from '../directory/org-chart-availability';
import type { Availability } from '../ports/availability';
import { PgDelegationStore } from '../store/delegation-store';
import { DelegationService } from '../app/delegation';
import { registerDelegationRoutes } from '../http/api/delegation-routes';
import { reviewsBotFeature } from '../../bot/reviews';
import type { FeatureContext } from './feature-context';

/** Every five minutes: a review is reminded or escalated at most five minutes after it is due. */
export const REVIEW_SWEEP_CRON = '*/5 * * * *';

export async function wireReviews(ctx: FeatureContext): Promise<void> {
  const { config, log } = ctx;
  const calendar = new BusinessCalendar(
    config.agency.timeZone,
    agencyClosedOn({ closedDates: config.agency.closedDates }),
  );
  const delegations = new PgDelegationStore(ctx.db);
  const availability: Availability =
    config.directory.kind === 'graph'
      ? new GraphAvailability(
          createGraphClient({
            ...config.directory,
            credential: readGraphCredential(config.directory.credential),
            ...(ctx.authorityCa !== undefined ? { authorityCa: ctx.authorityCa } : {}),
            // Asked while a disclosure is submitted: never wait long, routing goes on without it.
            retry: { maxRetries: 1, delaySeconds: 1, maxRetryAfterSeconds: 2 },
          }),
        )
      : new OrgChartAvailability();
  const policy = new ReviewRouting({
    calendar,
    times: config.reviews,
    delegations,
    availability,
    directory: ctx.directory,
    ethicsOfficerId: ctx.disclosures.ethicsOfficerId,
    log,
  });
  // The disclosure use cases (submit, answer, escalate) consult the policy from now on.
  ctx.disclosures.reviews = policy;

  // The sweep: `stately` keeps one sweep running and one waiting at most, whatever the instances send.
  await ctx.jobs.work(
    'reviews.sweep',
    async () => {
      await sweepDueReviews({ disclosures: ctx.disclosures, policy, log });
    },
    { batchSize: 1, policy: { policy: 'stately', retryLimit: 2, expireInSeconds: 600 } },
  );
  await ctx.jobs.schedule('reviews.sweep', REVIEW_SWEEP_CRON, {});
  // Catch up at start (after downtime, reviews may have come due while no instance ran).
  await ctx.jobs.send({ name: 'reviews.sweep', data: {} });

  const service = new DelegationService({
    delegations,
    directory: ctx.directory,
    calendar,
    clock: ctx.clock,
  });
  registerDelegationRoutes(ctx.server, ctx.api, service);
  ctx.botFeatures.push(reviewsBotFeature({ delegation: service, log }));
}
