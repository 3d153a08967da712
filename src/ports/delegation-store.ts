/** Reviewers' delegations: who decides their new reviews for a range of days while they are out. */

export interface Delegation {
  id: string;
  reviewerId: string;
  delegate: { id: string; displayName: string };
  /** Agency calendar dates, yyyy-mm-dd, both included. */
  startsOn: string;
  endsOn: string;
  createdAt: Date;
}

export type DelegationInput = Pick<Delegation, 'reviewerId' | 'delegate' | 'startsOn' | 'endsOn'>;

export interface DelegationStore {
  /** The reviewer's delegation covering `date` (yyyy-mm-dd), if any. */
  activeOn(reviewerId: string, date: string): Promise<Delegation | null>;
  /** The reviewer's delegation that has not ended before `today` (current or upcoming), if any. */
  current(reviewerId: string, today: string): Promise<Delegation | null>;
  /** Ends any delegation of the reviewer and starts this one, audited, in one transaction. */
  replace(input: DelegationInput, at: Date): Promise<Delegation>;
  /** Ends the reviewer's delegation (audited); the one ended, or null when there was none. */
  end(reviewerId: string, at: Date): Promise<Delegation | null>;
}
