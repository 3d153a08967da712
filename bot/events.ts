/**
 * Events in the bot: the `events` command lists upcoming events with Register / Cancel buttons; the
 * buttons act for the person who clicks (idempotent: registering twice keeps one registration) and
 * answer the refreshed list. The job handlers send reminders and notices in the chat, each once.
 */
import type { TurnContext } from 'botbuilder';
import { cancelStaffRegistration, registerStaff } from '../src/app/events/registration';
import type { EventDeps } from '../src/app/events/deps';
import { upcomingFor } from '../src/app/events/queries';
import { CandorError, NotFoundError } from '../src/domain/errors';
import type { Logger } from '../src/logging';
import type { ChatStore } from '../src/ports/chat-store';
import type { JobData } from '../src/ports/jobs';
import { withBanner } from './banner';
import type { AdaptiveCard } from './cards/card';
import { EVENT_VERBS } from './cards/event-verbs';
import { eventNoticeCard, eventsListCard } from './cards/events';
import { COMMANDS } from './commands';
import type { BotFeature } from './feature';
import type { TeamsMessenger } from './messenger';

export interface EventsBotDeps {
  events: EventDeps;
  chats: ChatStore;
  messenger: TeamsMessenger;
  tabUrl: string | null;
  log: Logger;
}

export function eventsBotFeature(deps: EventsBotDeps): BotFeature {
  const list = async (actor: string): Promise<AdaptiveCard> =>
    eventsListCard(
      (await upcomingFor(deps.events, actor, 20)).map((s) => ({
        event: s.event,
        registration: s.mine,
        seatsLeft: s.seatsLeft,
      })),
      deps.tabUrl,
    );
  const act = async (
    actor: string,
    data: Record<string, unknown>,
    step: (eventId: string) => Promise<{ registration: { status: string }; changed: boolean }>,
  ): Promise<AdaptiveCard> => {
    const eventId = typeof data.eventId === 'string' ? data.eventId : '';
    try {
      const r = await step(eventId);
      const message =
        r.registration.status === 'registered'
          ? 'You are registered. The join link is below.'
          : r.registration.status === 'waitlisted'
            ? 'The event is full: you are on the waitlist and will be told here if a seat frees up.'
            : 'Your registration is cancelled.';
      return withBanner(
        await list(actor),
        r.changed ? message : `Nothing changed: ${message[0]!.toLowerCase()}${message.slice(1)}`,
        'good',
      );
    } catch (e) {
      if (!(e instanceof CandorError)) throw e;
      deps.log.info({ eventId, actorId: actor, refused: e.code }, 'event action refused');
      const reason = e instanceof NotFoundError ? 'That event no longer exists.' : e.message;
      return withBanner(await list(actor), `${reason} Nothing was changed.`, 'attention');
    }
  };
  return {
    commands: {
      [COMMANDS.events]: async (_ctx: TurnContext, actor: string, send) => send(await list(actor)),
    },
    verbs: {
      [EVENT_VERBS.list]: async (_ctx, actor) => list(actor),
      [EVENT_VERBS.register]: async (_ctx, actor, data) =>
        act(actor, data, (id) => registerStaff(deps.events, id, actor, 'bot')),
      [EVENT_VERBS.cancel]: async (_ctx, actor, data) =>
        act(actor, data, (id) => cancelStaffRegistration(deps.events, id, actor)),
    },
  };
}

/** Job handlers: notices and reminders in the bot chat, each key sent once. */
export class EventNotifier {
  constructor(private readonly deps: EventsBotDeps) {}

  async sendNotice(job: JobData<'event.notice'>): Promise<void> {
    if (await this.deps.chats.noticeSent(job.key)) return;
    const event = await this.deps.events.store.get(job.eventId);
    if (!event) return;
    const registration =
      (await this.deps.events.store.registrationsOf(job.userId, [event.id])).find(
        (r) => r.status !== 'cancelled',
      ) ?? null;
    // A reminder or promotion for someone who has since cancelled is not sent.
    if (job.notice !== 'cancelled' && !registration) return;
    const card = eventNoticeCard(job.notice, event, registration);
    const sent = await this.deps.messenger.sendCard(job.userId, card, `${event.title}`);
    await this.deps.chats.markNoticeSent(job.key, sent.conversationId, sent.activityId);
    this.deps.log.info({ eventId: event.id, notice: job.notice }, 'event notice sent');
  }

  /**
   * A reminder fans out to one notice per registered staff member. It does nothing when the event was
   * cancelled or moved since the reminder was queued (the move queued reminders of its own).
   */
  async remind(
    job: JobData<'event.reminder'>,
    enqueue: (data: JobData<'event.notice'>) => Promise<void>,
  ): Promise<void> {
    const event = await this.deps.events.store.get(job.eventId);
    if (!event || event.status !== 'scheduled' || event.startsAt.toISOString() !== job.startsAt) return;
    for (const r of await this.deps.events.store.registrations(event.id)) {
      if (r.status !== 'registered' || !r.userId) continue;
      await enqueue({
        eventId: event.id,
        userId: r.userId,
        notice: 'reminder',
        key: `event:${event.id}:reminder:${job.offset}:${job.startsAt}:${r.userId}`,
      });
    }
  }
}
