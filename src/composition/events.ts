/**
 * Wires outreach events and trainings: the store, Teams meetings through Graph (or none, locally), the
 * job workers (reminders, notices, attendance), the tab's API, the public registration pages and the
 * bot's `events` command.
 */
import type { EventCertificates } from '../app/events/certificates';
import type { EventDeps } from '../app/events/deps';
import { collectAttendance } from '../app/events/attendance';
import { parseReminderOffsets } from '../domain/events/reminders';
import { GraphTokenSource, readGraphCredential } from '../directory/graph-auth';
import { GraphMeetings } from '../graph/graph-meetings';
import { OnBehalfOfTokens } from '../graph/obo-token-source';
import { registerEventRoutes } from '../http/api/event-routes';
import { registerPublicEventPages } from '../http/public-events';
import { noMeetings, type Meetings } from '../ports/meetings';
import { PgEventStore } from '../store/event-store';
import { EventNotifier, eventsBotFeature } from '../../bot/events';
import type { FeatureContext } from './feature-context';

export async function wireEvents(
  ctx: FeatureContext,
  opts: { certificates: EventCertificates | null },
): Promise<EventDeps> {
  const { config, jobs } = ctx;
  const store = new PgEventStore(
    ctx.db,
    (job, execute, options) => jobs.sendInTransaction(job, execute, options),
    () => jobs.wake(),
  );
  const events: EventDeps = {
    store,
    meetings: meetings(ctx),
    directory: ctx.directory,
    clock: ctx.clock,
    timeZone: config.agency.timeZone,
    reminderOffsets: parseReminderOffsets(config.events.reminderOffsets),
    attendanceDelayMinutes: config.events.attendanceDelayMinutes,
    publicUrl: config.http.publicUrl,
    certificates: opts.certificates,
  };

  const botDeps = { events, chats: ctx.chats, messenger: ctx.messenger, tabUrl: ctx.tabUrl, log: ctx.log };
  const notifier = new EventNotifier(botDeps);
  await jobs.work('event.notice', (d) => notifier.sendNotice(d));
  await jobs.work('event.reminder', (d) =>
    notifier.remind(d, async (data) => {
      await jobs.send({ name: 'event.notice', data });
    }),
  );
  // The attendance report appears some minutes after a meeting ends: retry after 5, 10, 20 … minutes,
  // eight times (about a day in all); outreach staff can also read it from the event page.
  await jobs.work(
    'event.attendance',
    async (d) => {
      const event = await store.get(d.eventId);
      // Moved since: the job of the new end time reads it.
      if (!event || event.endsAt.toISOString() !== d.endsAt) return;
      const outcome = await collectAttendance(events, d.eventId);
      if (outcome.kind === 'no_report') throw new Error('The Teams attendance report is not available yet.');
      ctx.log.info({ eventId: d.eventId, outcome: outcome.kind }, 'event attendance read');
    },
    { policy: { retryLimit: 8, retryDelay: 300, retryBackoff: true, expireInSeconds: 600 } },
  );

  registerEventRoutes(ctx.server, ctx.api, {
    events,
    agencyName: config.agency.name,
    entraSignIn: config.tabAuth.kind === 'entra',
  });
  registerPublicEventPages(ctx.server, { events, agencyName: config.agency.name, log: ctx.log });
  ctx.botFeatures.push(eventsBotFeature(botDeps));
  ctx.log.info({ teamsMeetings: events.meetings.enabled }, 'events wired');
  return events;
}

function meetings(ctx: FeatureContext): Meetings {
  const m = ctx.config.events.meetings;
  if (m.kind === 'none') return noMeetings;
  const ca = ctx.authorityCa !== undefined ? { authorityCa: ctx.authorityCa } : {};
  const obo = new OnBehalfOfTokens({
    ...m.obo,
    scopes: ['https://graph.microsoft.com/Calendars.ReadWrite'],
    ...ca,
  });
  const appOnly = new GraphTokenSource({
    ...m.appOnly,
    credential: readGraphCredential(m.appOnly.credential),
    resource: 'https://graph.microsoft.com',
    ...ca,
  });
  return new GraphMeetings({ baseUrl: m.baseUrl, delegated: (token) => obo.forUser(token), appOnly });
}
