/**
 * How reviews are timed and who stands in for an absent reviewer. Implemented by ReviewRouting
 * (src/app/review-routing.ts) and set on DisclosureDeps by the reviews feature; without it, disclosures
 * go to the chosen reviewer and are never reminded or escalated.
 */
import type { Person, ReviewTrack } from '../domain/disclosure/types';
import type { StandIn } from '../domain/review/review-track';

export interface ReviewPolicy {
  /**
   * The track of a review that starts waiting for its reviewer at `at`, or (with `at` null) of one that
   * needs no decision and so has no deadlines.
   */
  track(
    at: Date | null,
    who: { standsInFor: StandIn | null; escalatedFrom: { id: string; displayName: string } | null },
  ): ReviewTrack;
  /**
   * Who reviews a new item instead of `reviewer` at `now` (their delegate; their manager or the ethics
   * officer while they are away), or null for the reviewer. Never fails: a directory or Graph failure
   * is logged and the reviewer keeps the item.
   */
  standIn(
    reviewer: Person,
    eligible: (p: Person) => boolean,
    now: Date,
  ): Promise<{ reviewer: Person; standsInFor: StandIn } | null>;
}
