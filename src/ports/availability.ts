/**
 * Whether a person is away: Microsoft Graph's automatic replies (mailbox settings) in production; the
 * org chart knows no absences. A failure is reported by throwing; callers treat it as "not away".
 */
export interface Availability {
  isAway(userId: string, at: Date): Promise<boolean>;
}
