/**
 * The attestation card: the policy's quoted clauses and an Acknowledge button for the one person it
 * was sent to; once acknowledged, the same card says when. Refreshes for that person (Universal Actions)
 * so every copy of it shows the current state.
 */
import type { PolicyText } from '../../src/domain/campaign/types';
import {
  adaptiveCard,
  container,
  execute,
  facts,
  heading,
  quote,
  refreshFor,
  subheading,
  subtle,
  text,
  type AdaptiveCard,
} from './card';

export const CAMPAIGN_VERBS = {
  acknowledge: 'campaign.acknowledge',
  refresh: 'campaign.refresh',
} as const;

export interface AttestationView {
  recipientId: string;
  userId: string;
  displayName: string;
  policy: PolicyText;
  year: number;
  /** When it was acknowledged, already formatted in the agency's time zone; null when not yet. */
  acknowledgedOn: string | null;
}

export function attestationCard(v: AttestationView): AdaptiveCard {
  const data = { recipientId: v.recipientId };
  const body = [
    heading(`${v.policy.title}: acknowledgement for ${v.year}`),
    subtle(v.policy.organization),
    ...(v.acknowledgedOn
      ? [
          container(
            [text(`Acknowledged on ${v.acknowledgedOn} by ${v.displayName}.`, { weight: 'bolder' })],
            'good',
          ),
        ]
      : [
          text(
            `Please read the policy below and select Acknowledge to confirm that you have read it and will follow it in ${v.year}.`,
          ),
        ]),
    ...v.policy.clauses.flatMap((c) => [subheading(c.clause), quote(c.quote)]),
    ...facts([['For', v.displayName]]),
  ];
  const actions = v.acknowledgedOn
    ? []
    : [execute('Acknowledge', CAMPAIGN_VERBS.acknowledge, data, { style: 'positive' })];
  return adaptiveCard(body, actions, refreshFor(CAMPAIGN_VERBS.refresh, data, [v.userId]));
}

/** What someone other than the recipient sees (a forwarded card, a refresh by someone else). */
export function attestationNotYoursCard(policyTitle: string, displayName: string): AdaptiveCard {
  return adaptiveCard([
    heading(policyTitle),
    text(`This acknowledgement card is for ${displayName}. Only they can acknowledge it.`),
  ]);
}

export interface ReminderView {
  recipientId: string;
  userId: string;
  displayName: string;
  policyTitle: string;
  year: number;
  /** When the first card was sent, formatted; null when unknown. */
  sentOn: string | null;
  acknowledgedOn: string | null;
}

/** Marks an action or refresh as the reminder's, so the answer is the reminder card again. */
export const REMINDER_CARD = 'reminder';

/**
 * A reminder to someone who has not acknowledged: short, with the same Acknowledge action (same verb,
 * same recipient) as the policy card, so acknowledging from either records it once and both cards say so
 * when they refresh.
 */
export function attestationReminderCard(v: ReminderView): AdaptiveCard {
  const data = { recipientId: v.recipientId, card: REMINDER_CARD };
  const body = [
    heading(`Reminder: please acknowledge ${v.policyTitle} for ${v.year}`),
    v.acknowledgedOn
      ? container(
          [text(`Acknowledged on ${v.acknowledgedOn} by ${v.displayName}.`, { weight: 'bolder' })],
          'good',
        )
      : text(
          `${v.sentOn ? `The policy was sent to you on ${v.sentOn}. ` : ''}Select Acknowledge to confirm that you have read it and will follow it in ${v.year}; the full text is on the earlier card in this chat.`,
        ),
    ...facts([['For', v.displayName]]),
  ];
  const actions = v.acknowledgedOn
    ? []
    : [execute('Acknowledge', CAMPAIGN_VERBS.acknowledge, data, { style: 'positive' })];
  return adaptiveCard(body, actions, refreshFor(CAMPAIGN_VERBS.refresh, data, [v.userId]));
}
