import type { Person, ReviewTrack } from '../disclosure/types';
import { chooseStandIn, dueStep } from './review-track';

const person = (id: string): Person => ({
  id,
  displayName: id.toUpperCase(),
  email: `${id}@x.example`,
  jobTitle: null,
  department: null,
});
const track = (over: Partial<ReviewTrack>): ReviewTrack => ({
  remindAt: new Date('2026-11-30T15:00:00Z'),
  escalateAt: new Date('2026-12-02T15:00:00Z'),
  remindedAt: null,
  escalatedAt: null,
  standsInFor: null,
  escalatedFrom: null,
  ...over,
});

describe('the review clock', () => {
  it('is due nothing before the reminder, then the reminder once, then the escalation once', () => {
    expect(dueStep(track({}), new Date('2026-11-30T14:59:59Z'))).toBeNull();
    expect(dueStep(track({}), new Date('2026-11-30T15:00:00Z'))).toBe('remind');
    const reminded = track({ remindedAt: new Date('2026-11-30T15:01:00Z') });
    expect(dueStep(reminded, new Date('2026-12-01T00:00:00Z'))).toBeNull();
    expect(dueStep(reminded, new Date('2026-12-02T15:00:00Z'))).toBe('escalate');
    expect(dueStep({ ...reminded, escalatedAt: new Date() }, new Date('2026-12-09T00:00:00Z'))).toBeNull();
  });

  it('escalates without a late reminder when both are overdue', () => {
    expect(dueStep(track({}), new Date('2026-12-05T00:00:00Z'))).toBe('escalate');
  });
});

describe('choosing who stands in for a reviewer', () => {
  const daniel = person('daniel');
  const everyone = () => true;

  it('is the delegate when the reviewer has one, away or not', () => {
    const choice = chooseStandIn({
      reviewer: daniel,
      delegate: person('renee'),
      away: true,
      manager: person('tanya'),
      ethicsOfficer: person('marcus'),
      eligible: everyone,
    });
    expect(choice).toEqual({
      reviewer: person('renee'),
      standsInFor: { id: 'daniel', displayName: 'DANIEL', reason: 'delegation' },
    });
  });

  it('is nobody when the reviewer is present and has no delegate', () => {
    expect(
      chooseStandIn({
        reviewer: daniel,
        delegate: null,
        away: false,
        manager: person('tanya'),
        ethicsOfficer: null,
        eligible: everyone,
      }),
    ).toBeNull();
  });

  it('is the manager while the reviewer is away, or the ethics officer when the manager may not review', () => {
    const base = { reviewer: daniel, delegate: null, away: true, ethicsOfficer: person('marcus') };
    expect(chooseStandIn({ ...base, manager: person('tanya'), eligible: everyone })?.reviewer.id).toBe(
      'tanya',
    );
    expect(
      chooseStandIn({ ...base, manager: person('tanya'), eligible: (p) => p.id !== 'tanya' })?.reviewer.id,
    ).toBe('marcus');
  });

  it('skips a delegate who is the employee or a party, and keeps the reviewer when nobody else may review', () => {
    expect(
      chooseStandIn({
        reviewer: daniel,
        delegate: person('alex'),
        away: false,
        manager: null,
        ethicsOfficer: null,
        eligible: (p) => p.id !== 'alex',
      }),
    ).toBeNull();
  });
});
