/** The ReviewPolicy of the agency: its business calendar, the reviewers' delegations, and who is away. */
import type { BusinessCalendar } from '../domain/calendar/business-calendar';
import type { Person, ReviewTrack } from '../domain/disclosure/types';
import { chooseStandIn, startTrack, type ReviewTimes, type StandIn } from '../domain/review/review-track';
import type { Logger } from '../logging';
import type { Availability } from '../ports/availability';
import type { DelegationStore } from '../ports/delegation-store';
import type { Directory } from '../ports/directory';
import type { ReviewPolicy } from './review-policy';

export interface ReviewRoutingDeps {
  calendar: BusinessCalendar;
  times: ReviewTimes;
  delegations: DelegationStore;
  availability: Availability;
  directory: Directory;
  ethicsOfficerId: string | null;
  log: Logger;
}

export class ReviewRouting implements ReviewPolicy {
  constructor(private readonly deps: ReviewRoutingDeps) {}

  track(
    at: Date | null,
    who: { standsInFor: StandIn | null; escalatedFrom: { id: string; displayName: string } | null },
  ): ReviewTrack {
    if (at) return startTrack(this.deps.calendar, this.deps.times, at, who);
    return {
      remindAt: null,
      escalateAt: null,
      remindedAt: null,
      escalatedAt: null,
      standsInFor: who.standsInFor,
      escalatedFrom: who.escalatedFrom,
    };
  }

  async standIn(
    reviewer: Person,
    eligible: (p: Person) => boolean,
    now: Date,
  ): Promise<{ reviewer: Person; standsInFor: StandIn } | null> {
    const { delegations, directory, calendar } = this.deps;
    try {
      const delegation = await delegations.activeOn(reviewer.id, calendar.dateOf(now));
      const delegate = delegation ? await directory.getUser(delegation.delegate.id) : null;
      const away = delegate ? false : await this.isAway(reviewer.id, now);
      const manager = away ? await directory.getManager(reviewer.id) : null;
      const ethicsOfficer =
        away && this.deps.ethicsOfficerId ? await directory.getUser(this.deps.ethicsOfficerId) : null;
      return chooseStandIn({ reviewer, delegate, away, manager, ethicsOfficer, eligible });
    } catch (err) {
      // Routing to the reviewer is always possible; a stand-in is a courtesy that must not block anyone.
      this.deps.log.warn({ err, reviewerId: reviewer.id }, 'could not look for a stand-in reviewer');
      return null;
    }
  }

  private async isAway(userId: string, now: Date): Promise<boolean> {
    try {
      return await this.deps.availability.isAway(userId, now);
    } catch (err) {
      this.deps.log.warn({ err, userId }, 'could not tell whether the reviewer is away; routing as usual');
      return false;
    }
  }
}
