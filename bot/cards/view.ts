import type { Disclosure, Person } from '../../src/domain/disclosure/types';

/** Everything a disclosure card shows, gathered by the caller so the builders stay pure. */
export interface DisclosureCardView {
  disclosure: Disclosure;
  employee: Person;
  reviewer: Person | null;
  /** Teams user ids (as in activity.from.id) that get the personalised refresh. */
  employeeUserIds: string[];
  reviewerUserIds: string[];
  tabUrl: string | null; // link "Open in Candor" when known
}
