/**
 * A reviewer's delegation: who decides their new reviews for a range of days (agency calendar dates,
 * both included). Set from the bot (`delegate`) or the tab; every change is audited by the store.
 */
import type { BusinessCalendar } from '../domain/calendar/business-calendar';
import type { Person } from '../domain/disclosure/types';
import { ValidationError, type FieldError } from '../domain/errors';
import type { Clock } from '../ports/clock';
import type { Delegation, DelegationStore } from '../ports/delegation-store';
import type { Directory } from '../ports/directory';

/** The longest delegation one can set at once: a long absence is a change of reviewer, not a delegation. */
export const MAX_DELEGATION_DAYS = 366;

export interface DelegationDeps {
  delegations: DelegationStore;
  directory: Directory;
  calendar: BusinessCalendar;
  clock: Clock;
}

export interface DelegationState {
  /** The current or upcoming delegation, if any. */
  delegation: Delegation | null;
  /** Today in the agency's time zone (the earliest start). */
  today: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DelegationService {
  constructor(private readonly deps: DelegationDeps) {}

  today(): string {
    return this.deps.calendar.dateOf(this.deps.clock.now());
  }

  async get(reviewerId: string): Promise<DelegationState> {
    const today = this.today();
    return { delegation: await this.deps.delegations.current(reviewerId, today), today };
  }

  /** Colleagues one may choose (manager, peers, own reports), by name. */
  candidates(reviewerId: string): Promise<Person[]> {
    return this.deps.directory.colleagues(reviewerId);
  }

  /** Validates everything first: bad input changes nothing and names each field. */
  async set(
    reviewerId: string,
    input: { delegateId: unknown; startsOn: unknown; endsOn: unknown },
  ): Promise<Delegation> {
    const today = this.today();
    const errors: FieldError[] = [];
    const delegateId = typeof input.delegateId === 'string' ? input.delegateId.trim() : '';
    const startsOn = typeof input.startsOn === 'string' ? input.startsOn.trim() : '';
    const endsOn = typeof input.endsOn === 'string' ? input.endsOn.trim() : '';
    if (!delegateId) errors.push({ field: 'delegateId', message: 'Choose who decides for you.' });
    else if (delegateId === reviewerId)
      errors.push({ field: 'delegateId', message: 'Choose someone other than yourself.' });
    if (!isDate(startsOn)) errors.push({ field: 'startsOn', message: 'Give the first day (yyyy-mm-dd).' });
    else if (startsOn < today)
      errors.push({ field: 'startsOn', message: 'The first day cannot be in the past.' });
    if (!isDate(endsOn)) errors.push({ field: 'endsOn', message: 'Give the last day (yyyy-mm-dd).' });
    else if (isDate(startsOn) && endsOn < startsOn)
      errors.push({ field: 'endsOn', message: 'The last day cannot be before the first.' });
    else if (isDate(startsOn) && daysBetween(startsOn, endsOn) >= MAX_DELEGATION_DAYS)
      errors.push({ field: 'endsOn', message: 'A delegation lasts a year at most.' });
    if (errors.length > 0) throw new ValidationError(errors);

    const delegate = await this.deps.directory.getUser(delegateId);
    if (!delegate)
      throw new ValidationError([
        { field: 'delegateId', message: 'That person is not in the staff directory.' },
      ]);
    return this.deps.delegations.replace(
      { reviewerId, delegate: { id: delegate.id, displayName: delegate.displayName }, startsOn, endsOn },
      this.deps.clock.now(),
    );
  }

  end(reviewerId: string): Promise<Delegation | null> {
    return this.deps.delegations.end(reviewerId, this.deps.clock.now());
  }
}

function isDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
