/** The reviews feature's cards: valid Adaptive Cards 1.5 that say who reviews, for whom, and why. */
import type { Disclosure, Person, ReviewTrack } from '../../src/domain/disclosure/types';
import { delegationCard, DELEGATION_INPUTS, DELEGATION_VERBS } from './delegation';
import { reviewCard } from './review';
import { reviewClockText } from './review-routing';
import { cardProblems } from './validate-card.test-helper';
import { VERBS } from './verbs';
import type { DisclosureCardView } from './view';

const person = (id: string, displayName: string): Person => ({
  id,
  displayName,
  email: `${id}@example.gov`,
  jobTitle: null,
  department: null,
});
const alex = person('alex', 'Alex Kim');
const daniel = person('daniel', 'Daniel Ortiz');
const tanya = person('tanya', 'Tanya Hughes');

function pending(review: Partial<ReviewTrack>, reviewer = tanya): DisclosureCardView {
  const disclosure: Disclosure = {
    id: 'd1',
    reference: 'D-2026-0007',
    type: 'gift',
    employeeId: alex.id,
    gift: {
      donorName: 'Chris Doe',
      donorOrganization: null,
      relationship: 'coworker',
      occasion: 'birthday',
      kind: 'item',
      description: 'A framed print',
      valueCents: 7500,
      dateReceived: '2026-11-20',
      asGroupMember: false,
      disposition: 'accepted',
    },
    conflict: null,
    evaluation: {
      outcome: 'review',
      citations: [],
      actions: ['await_supervisor_decision'],
      copyHr: false,
      guidance: [],
      donorYearTotalCents: 7500,
    },
    state: 'pending_review',
    reviewerId: reviewer.id,
    hrCopied: false,
    decision: null,
    decidedBy: null,
    decidedAt: null,
    decisionComment: null,
    conditions: null,
    infoRequest: null,
    infoAnswer: null,
    resolution: null,
    version: 4,
    createdAt: new Date('2026-11-25T15:00:00Z'),
    updatedAt: new Date('2026-12-03T15:00:00Z'),
    review: {
      remindAt: new Date('2026-12-08T15:00:00Z'),
      escalateAt: new Date('2026-12-10T15:00:00Z'),
      remindedAt: null,
      escalatedAt: null,
      standsInFor: null,
      escalatedFrom: null,
      ...review,
    },
  };
  return {
    disclosure,
    employee: alex,
    reviewer,
    employeeUserIds: ['29:alex'],
    reviewerUserIds: ['29:tanya'],
    tabUrl: null,
  };
}

const text = (card: unknown) => JSON.stringify(card);

describe('review cards after an escalation or for a stand-in', () => {
  it('show the new reviewer where it came from and when it must be decided, with the decision buttons', () => {
    const card = reviewCard(
      pending({ escalatedFrom: { id: daniel.id, displayName: daniel.displayName } }),
      'reviewer',
    );
    expect(cardProblems(card)).toEqual([]);
    expect(text(card)).toContain('Escalated to Tanya Hughes from Daniel Ortiz');
    expect(text(card)).toContain('To be decided by December 10, 2026');
    expect(text(card)).toContain(VERBS.approve);
  });

  it('turn the former reviewer’s card read-only, saying to whom it went', () => {
    const card = reviewCard(
      pending({ escalatedFrom: { id: daniel.id, displayName: daniel.displayName } }),
      'escalated_away',
    );
    expect(cardProblems(card)).toEqual([]);
    expect(text(card)).toContain('Escalated to Tanya Hughes: nothing more is needed from you.');
    expect(text(card)).not.toContain(VERBS.approve);
  });

  it('say who a delegate or an away reviewer’s manager reviews for', () => {
    const delegate = reviewCard(
      pending(
        { standsInFor: { id: daniel.id, displayName: 'Daniel Ortiz', reason: 'delegation' } },
        person('renee', 'Renee Walsh'),
      ),
      'reviewer',
    );
    expect(text(delegate)).toContain('Renee Walsh is reviewing for Daniel Ortiz, as their delegate.');
    const away = reviewCard(
      pending({ standsInFor: { id: daniel.id, displayName: 'Daniel Ortiz', reason: 'away' } }),
      'reviewer',
    );
    expect(cardProblems(away)).toEqual([]);
    expect(text(away)).toContain('Tanya Hughes is reviewing for Daniel Ortiz while away.');
  });

  it('word the reminder and escalation notices for each reader', () => {
    const view = pending({ escalatedFrom: { id: daniel.id, displayName: daniel.displayName } });
    expect(reviewClockText('reminder', view)).toMatch(
      /^Reminder: D-2026-0007, .* from Alex Kim, is waiting for your decision\. If it is not decided by December 10, 2026/,
    );
    expect(reviewClockText('escalated', view)).toMatch(
      /waited too long for a decision from Daniel Ortiz, so it was escalated to Tanya Hughes/,
    );
    expect(reviewClockText('reassigned', view)).toMatch(
      /D-2026-0007 from Alex Kim .* escalated to Tanya Hughes\. Nothing more is needed from you/,
    );
  });
});

describe('the delegation card', () => {
  const candidates = [
    { id: 'renee', displayName: 'Renee Walsh', jobTitle: 'Supervisor' },
    { id: 'grace', displayName: 'Grace Okafor', jobTitle: null },
  ];

  it('offers colleagues in a type-ahead list and the two dates, starting today', () => {
    const card = delegationCard({ delegation: null, today: '2026-12-07', candidates });
    expect(cardProblems(card)).toEqual([]);
    const body = text(card);
    expect(body).toContain('"style":"filtered"');
    expect(body).toContain('Renee Walsh, Supervisor');
    expect(body).toContain(`"id":"${DELEGATION_INPUTS.startsOn}"`);
    expect(body).toContain('"value":"2026-12-07"');
    expect(card.actions?.map((a) => a.verb)).toEqual([DELEGATION_VERBS.save]);
  });

  it('shows the current delegation with a button to end it, and errors with the values kept', () => {
    const card = delegationCard({
      delegation: { delegate: { displayName: 'Renee Walsh' }, startsOn: '2026-12-07', endsOn: '2026-12-18' },
      today: '2026-12-07',
      candidates,
      values: { delegateId: 'grace', startsOn: '2026-12-09', endsOn: '2026-12-08' },
      errors: [{ field: 'endsOn', message: 'The last day cannot be before the first.' }],
    });
    expect(cardProblems(card)).toEqual([]);
    const body = text(card);
    expect(body).toContain(
      'Renee Walsh decides your new reviews from December 7, 2026 to December 18, 2026.',
    );
    expect(body).toContain('The last day cannot be before the first.');
    expect(body).toContain('"value":"grace"');
    expect(card.actions?.map((a) => a.verb)).toEqual([DELEGATION_VERBS.save, DELEGATION_VERBS.end]);
  });
});
