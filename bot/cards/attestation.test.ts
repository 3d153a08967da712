import { policyText } from '../../src/domain/campaign/policy-text';
import { loadPolicyPacks } from '../../src/policy/load-packs';
import {
  attestationCard,
  attestationNotYoursCard,
  attestationReminderCard,
  CAMPAIGN_VERBS,
} from './attestation';
import { cardProblems } from './validate-card.test-helper';

const [pack] = loadPolicyPacks(['chro-ethical-conduct']);
const view = {
  recipientId: '6f1c9a52-0d5e-4c55-9d67-4f0a3e1f2b11',
  userId: '11111111-0000-4000-8000-000000000005',
  displayName: 'Alex Kim',
  policy: policyText(pack!),
  year: 2026,
  acknowledgedOn: null,
};

describe('the attestation card', () => {
  it('quotes every passage of the pack, each once, and offers Acknowledge to its recipient only', () => {
    const card = attestationCard(view);
    expect(cardProblems(card)).toEqual([]);
    const json = JSON.stringify(card);
    const quotes = new Set([...pack!.rules.map((r) => r.citation.quote), pack!.fallback.citation.quote]);
    // Every quote is on the card; a quote that is part of a longer one appears within it, not again.
    for (const quote of quotes) expect(json).toContain(JSON.stringify(quote).slice(1, -1));
    const shown = view.policy.clauses.map((c) => c.quote);
    expect(new Set(shown).size).toBe(shown.length);
    for (const q of shown) expect(shown.filter((other) => other.includes(q))).toEqual([q]);
    expect(card.actions).toEqual([
      expect.objectContaining({ verb: CAMPAIGN_VERBS.acknowledge, data: { recipientId: view.recipientId } }),
    ]);
    expect(card.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        verb: CAMPAIGN_VERBS.refresh,
        data: { recipientId: view.recipientId },
      },
      userIds: [view.userId],
    });
  });

  it('says when it was acknowledged, and has no button then', () => {
    const card = attestationCard({ ...view, acknowledgedOn: 'March 2, 2026 at 2:05 PM' });
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Acknowledged on March 2, 2026 at 2:05 PM by Alex Kim.');
    expect(card.actions).toBeUndefined();
  });

  it('tells anyone else whose card it is', () => {
    const card = attestationNotYoursCard('Ethical Conduct Policy', 'Alex Kim');
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('for Alex Kim. Only they can acknowledge it.');
  });

  it('reminds in a few lines with the same Acknowledge action, and says when it was acknowledged', () => {
    const reminder = {
      recipientId: view.recipientId,
      userId: view.userId,
      displayName: 'Alex Kim',
      policyTitle: 'Ethical Conduct Policy',
      year: 2026,
      sentOn: 'March 2, 2026',
      acknowledgedOn: null,
    };
    const card = attestationReminderCard(reminder);
    expect(cardProblems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('Reminder: please acknowledge Ethical Conduct Policy for 2026');
    expect(json).toContain('The policy was sent to you on March 2, 2026.');
    const data = { recipientId: view.recipientId, card: 'reminder' };
    expect(card.actions).toEqual([expect.objectContaining({ verb: CAMPAIGN_VERBS.acknowledge, data })]);
    expect(card.refresh?.action).toMatchObject({ verb: CAMPAIGN_VERBS.refresh, data });

    const done = attestationReminderCard({ ...reminder, acknowledgedOn: 'March 4, 2026 at 9:00 AM' });
    expect(cardProblems(done)).toEqual([]);
    expect(JSON.stringify(done)).toContain('Acknowledged on March 4, 2026 at 9:00 AM by Alex Kim.');
    expect(done.actions).toBeUndefined();
  });
});
