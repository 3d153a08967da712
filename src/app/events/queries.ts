/** Read side of events: the lists the bot and the tab show. */
import type { EventRecord, Registration } from '../../domain/events/types';
import type { EventDeps } from './deps';

export interface EventSummary {
  event: EventRecord;
  registeredCount: number;
  seatsLeft: number | null;
  /** The viewer's own registration (not cancelled), if any. */
  mine: Registration | null;
}

export async function summarize(
  deps: EventDeps,
  events: EventRecord[],
  viewerId: string,
): Promise<EventSummary[]> {
  const ids = events.map((e) => e.id);
  const [counts, mine] = await Promise.all([
    deps.store.registeredCounts(ids),
    deps.store.registrationsOf(viewerId, ids),
  ]);
  return events.map((event) => {
    const registeredCount = counts.get(event.id) ?? 0;
    const own = mine.find((r) => r.eventId === event.id && r.status !== 'cancelled') ?? null;
    return {
      event,
      registeredCount,
      seatsLeft: event.capacity === null ? null : Math.max(0, event.capacity - registeredCount),
      mine: own,
    };
  });
}

export async function upcomingFor(deps: EventDeps, viewerId: string, limit = 50): Promise<EventSummary[]> {
  return summarize(deps, await deps.store.listUpcoming(deps.clock.now(), limit), viewerId);
}

export async function pastFor(deps: EventDeps, viewerId: string, limit = 50): Promise<EventSummary[]> {
  return summarize(deps, await deps.store.listPast(deps.clock.now(), limit), viewerId);
}
