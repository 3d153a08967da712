import type { PolicyPack } from '../domain/policy/types';
import type { Clock } from '../ports/clock';
import type { Directory } from '../ports/directory';
import type { DisclosureStore } from '../ports/disclosure-store';
import type { ReviewPolicy } from './review-policy';

/** What the disclosure use cases need from the outside world. */
export interface DisclosureDeps {
  store: DisclosureStore;
  directory: Directory;
  packs: PolicyPack[];
  clock: Clock;
  /** The agency's IANA time zone: "today" for date checks and references. */
  timeZone: string;
  /** The ethics officer: reviewer of last resort. */
  ethicsOfficerId: string | null;
  /** Who is copied when a rule says "copy HR". */
  hrContactId: string | null;
  /**
   * Review deadlines and stand-ins (delegates, away reviewers). Set by the reviews feature when it is
   * wired (src/composition/reviews.ts); without it, reviews are never reminded, escalated or delegated.
   */
  reviews?: ReviewPolicy;
  /** Queue activity feed notifications beside the chat cards (only where Graph can send them). */
  activityFeed?: boolean;
}
