/**
 * Reminder rounds of attestation campaigns: the ethics officer's "Remind those who have not
 * acknowledged", and the sweep that starts a round for every campaign whose reminder interval has passed
 * since its last round (or its launch). Run by the `campaigns.remind` job (a pg-boss schedule, so once
 * across instances, and sent at start). A round is queued in one transaction under the campaign's row
 * lock, which re-checks that it is due: two sweeps at once start one round.
 */
import type { Logger } from '../logging';
import type { Clock } from '../ports/clock';
import type { ReminderRound, ReminderStore } from '../ports/campaign-store';

/** The actor of automatic rounds in the audit log. */
export const REMINDER_SWEEP_ACTOR = 'candor:campaign-reminders';

export interface RemindAnswer {
  queued: number;
  round: number;
  /** Reminders of the current round still queued or being sent (nothing more was queued then). */
  pending: number;
  message: string;
}

/** The manual round, as the tab shows it. */
export async function remindUnacknowledged(
  store: ReminderStore,
  campaignId: string,
  actorId: string,
): Promise<RemindAnswer> {
  return answerOf(await store.startRound(campaignId, actorId));
}

function answerOf(r: ReminderRound): RemindAnswer {
  switch (r.kind) {
    case 'started':
      return {
        queued: r.queued,
        round: r.round,
        pending: 0,
        message: `Round ${r.round}: ${plural(r.queued, 'reminder')} queued.`,
      };
    case 'in_progress':
      return {
        queued: 0,
        round: r.round,
        pending: r.pending,
        message: `Round ${r.round} is still going out (${plural(r.pending, 'reminder')} left): nothing more was queued.`,
      };
    case 'nobody':
    case 'not_due':
      return {
        queued: 0,
        round: r.round,
        pending: 0,
        message: 'No one to remind: everyone who was sent the card has acknowledged it.',
      };
  }
}

export interface ReminderSweepDeps {
  store: ReminderStore;
  clock: Clock;
  log: Logger;
  /** Campaigns handled per sweep at most; the next sweep takes the rest. */
  limit?: number;
}

/** Starts the due automatic rounds; returns how many rounds started. */
export async function sweepCampaignReminders(deps: ReminderSweepDeps): Promise<number> {
  const now = deps.clock.now();
  let started = 0;
  for (const campaignId of await deps.store.dueCampaigns(now, deps.limit ?? 100)) {
    try {
      const round = await deps.store.startRound(campaignId, REMINDER_SWEEP_ACTOR, { dueBy: now });
      if (round.kind === 'started') {
        started++;
        deps.log.info({ campaignId, round: round.round, queued: round.queued }, 'campaign reminders queued');
      }
    } catch (err) {
      deps.log.warn({ err, campaignId }, 'a campaign reminder round could not start; the next sweep retries');
    }
  }
  return started;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
