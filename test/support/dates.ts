import { dateInZone } from '../../src/app/submit-disclosure';

/** Today in the agency's time zone (the app's default), as the forms expect it. */
export function agencyToday(timeZone = 'America/New_York'): string {
  return dateInZone(new Date(), timeZone);
}
