import { agencyToday } from './dates';

/**
 * The gift most tests disclose: a coworker's birthday gift worth $75, accepted. At or over $50, so the
 * agency policy asks for the supervisor's review. Dated today in the agency's time zone.
 */
export function reviewableGift(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    donorName: 'Chris Doe',
    donorOrganization: '',
    relationship: 'coworker',
    occasion: 'birthday',
    kind: 'item',
    description: 'A framed print for my birthday',
    value: '75',
    dateReceived: agencyToday(),
    asGroupMember: 'false',
    disposition: 'accepted',
    ...overrides,
  };
}
