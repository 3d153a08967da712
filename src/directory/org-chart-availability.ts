import type { Availability } from '../ports/availability';

/**
 * The org chart file records no absences: nobody is away. Reviewers who will be out set a delegate
 * (bot command `delegate`, or the Approvals tab), which works with either directory.
 */
export class OrgChartAvailability implements Availability {
  async isAway(): Promise<boolean> {
    return false;
  }
}
