/**
 * The review's clock: when a pending review is due a reminder or an escalation, and what it becomes
 * when it starts waiting again. Pure; deadlines come from the business calendar (see deadlines()).
 */
import type { Person, ReviewTrack } from '../disclosure/types';
import type { BusinessCalendar } from '../calendar/business-calendar';

export interface ReviewTimes {
  reminderBusinessDays: number;
  escalationBusinessDays: number;
}

/** The actor of the audit entries of reminders and escalations (no person acts: the review's clock does). */
export const SWEEP_ACTOR = 'candor:review-sweep';

export type StandIn = NonNullable<ReviewTrack['standsInFor']>;

/** The track of a review that starts waiting at `at` for a reviewer (standing in for someone, or not). */
export function startTrack(
  calendar: BusinessCalendar,
  times: ReviewTimes,
  at: Date,
  who: { standsInFor: StandIn | null; escalatedFrom: ReviewTrack['escalatedFrom'] },
): ReviewTrack {
  return {
    remindAt: calendar.addBusinessDays(at, times.reminderBusinessDays),
    escalateAt: calendar.addBusinessDays(at, times.escalationBusinessDays),
    remindedAt: null,
    escalatedAt: null,
    standsInFor: who.standsInFor,
    escalatedFrom: who.escalatedFrom
      ? { id: who.escalatedFrom.id, displayName: who.escalatedFrom.displayName }
      : null,
  };
}

/**
 * What is due at `now`: the escalation when its time has come (a reminder that was missed then is
 * pointless), else the reminder, else nothing. Each is done once: its mark is set when done.
 */
export function dueStep(track: ReviewTrack | undefined, now: Date): 'remind' | 'escalate' | null {
  if (!track) return null;
  if (track.escalateAt && !track.escalatedAt && track.escalateAt <= now) return 'escalate';
  if (track.remindAt && !track.remindedAt && track.remindAt <= now) return 'remind';
  return null;
}

/**
 * Who reviews instead of `reviewer`: their delegate for today, else — while they are away — their
 * manager, else the ethics officer. Everyone must be `eligible` (not the employee, not a party) and not
 * the reviewer; with nobody eligible the reviewer keeps it.
 */
export function chooseStandIn(input: {
  reviewer: Person;
  delegate: Person | null;
  away: boolean;
  manager: Person | null;
  ethicsOfficer: Person | null;
  eligible: (p: Person) => boolean;
}): { reviewer: Person; standsInFor: StandIn } | null {
  const ok = (p: Person | null): p is Person => p !== null && p.id !== input.reviewer.id && input.eligible(p);
  const forReviewer = (reason: StandIn['reason']): StandIn => ({
    id: input.reviewer.id,
    displayName: input.reviewer.displayName,
    reason,
  });
  if (ok(input.delegate)) return { reviewer: input.delegate, standsInFor: forReviewer('delegation') };
  if (!input.away) return null;
  const substitute = [input.manager, input.ethicsOfficer].find(ok);
  return substitute ? { reviewer: substitute, standsInFor: forReviewer('away') } : null;
}
