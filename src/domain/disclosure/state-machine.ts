/**
 * The disclosure state machine. Pure: each function returns the next state or throws
 * InvalidStateError saying why the current state does not allow the step.
 */
import { InvalidStateError } from '../errors';
import type { Decision, DisclosureState, PolicyOutcome } from './types';

export function initialState(outcome: PolicyOutcome): DisclosureState {
  switch (outcome) {
    case 'permitted':
      return 'recorded';
    case 'review':
      return 'pending_review';
    case 'prohibited':
      return 'action_required';
  }
}

const DECIDED: ReadonlySet<DisclosureState> = new Set(['approved', 'approved_with_conditions', 'denied']);

export function isDecided(state: DisclosureState): boolean {
  return DECIDED.has(state);
}

/** States in which the disclosure waits for the reviewer. */
export function awaitsReviewer(state: DisclosureState): boolean {
  return state === 'pending_review';
}

/** States that can still change (the cards keep refreshing while true). */
export function isOpen(state: DisclosureState): boolean {
  return state === 'pending_review' || state === 'info_requested' || state === 'action_required';
}

export function afterDecision(state: DisclosureState, decision: Decision): DisclosureState {
  if (state !== 'pending_review') throw new InvalidStateError(notAwaitingDecision(state));
  switch (decision) {
    case 'approve':
      return 'approved';
    case 'approve_with_conditions':
      return 'approved_with_conditions';
    case 'deny':
      return 'denied';
    case 'request_info':
      return 'info_requested';
  }
}

export function afterInfoAnswered(state: DisclosureState): DisclosureState {
  if (state !== 'info_requested')
    throw new InvalidStateError('This disclosure is not waiting for more information from you.');
  return 'pending_review';
}

export function afterWithdrawal(state: DisclosureState): DisclosureState {
  if (state !== 'pending_review' && state !== 'info_requested')
    throw new InvalidStateError(
      isDecided(state)
        ? 'This disclosure has already been decided and can no longer be withdrawn.'
        : `A disclosure that is ${describeState(state)} cannot be withdrawn.`,
    );
  return 'withdrawn';
}

export function afterResolution(state: DisclosureState): DisclosureState {
  if (state !== 'action_required')
    throw new InvalidStateError('This disclosure does not need an action from you.');
  return 'recorded';
}

function notAwaitingDecision(state: DisclosureState): string {
  if (isDecided(state)) return 'This disclosure has already been decided.';
  if (state === 'info_requested')
    return 'More information has been requested; the employee has not answered yet.';
  return `This disclosure is ${describeState(state)} and does not need a decision.`;
}

export function describeState(state: DisclosureState): string {
  return {
    recorded: 'recorded',
    pending_review: 'waiting for review',
    info_requested: 'waiting for more information',
    approved: 'approved',
    approved_with_conditions: 'approved with conditions',
    denied: 'denied',
    action_required: 'waiting for the employee to act',
    withdrawn: 'withdrawn',
  }[state];
}
