import type {
  Disclosure,
  DisclosureState,
  DisclosureType,
  GiftDetails,
  Person,
} from '../domain/disclosure/types';
import type { Job } from './jobs';

export interface AuditEntryInput {
  disclosureId: string | null;
  actorId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends Required<AuditEntryInput> {
  seq: string;
  at: Date;
}

/** The people a stored disclosure names, kept with it so lists need no directory calls. */
export interface DisclosureRecord {
  disclosure: Disclosure;
  employee: Person;
  reviewer: Person | null;
  hrContactId: string | null;
}

/** What a decision sets (fields left out keep their value). */
export type DecisionChange = Pick<
  Disclosure,
  'state' | 'decision' | 'decidedBy' | 'decidedAt' | 'conditions'
> &
  Partial<Pick<Disclosure, 'decisionComment' | 'infoRequest'>>;

/** Work inside one database transaction: everything commits together or not at all. */
export interface DisclosureTx {
  nextReference(year: number): Promise<string>;
  insert(record: DisclosureRecord): Promise<void>;
  /** Loads and locks the row until the transaction ends. */
  getForUpdate(id: string): Promise<DisclosureRecord | null>;
  /**
   * A reviewer's decision, in one statement: writes `change` and bumps the version only if the disclosure
   * is still `pending_review` and assigned to `reviewerId`. The record after the change, or null when the
   * disclosure is missing or was not waiting for this reviewer (then nothing changed).
   */
  decideIfPending(id: string, reviewerId: string, change: DecisionChange): Promise<DisclosureRecord | null>;
  /** Writes the changed fields and bumps the version; `reviewer` when the reviewer changed (escalation). */
  update(disclosure: Disclosure, reviewer?: Person): Promise<Disclosure>;
  /**
   * Loads and locks one pending review whose reminder or escalation is due at `now` (the most overdue
   * first), skipping rows another transaction holds and the ids in `skip`; null when none is due.
   */
  nextDueReview(now: Date, skip?: readonly string[]): Promise<DisclosureRecord | null>;
  /** Appended to the audit chain at the end of the transaction (just before COMMIT), in call order. */
  audit(entry: AuditEntryInput): Promise<void>;
  /** Queued with the commit: written just before it, with the transaction's other jobs in one statement. */
  enqueue(job: Job): Promise<void>;
}

/** A filter for `find`: every field given must match (AND). */
export interface DisclosureQuery {
  employeeId?: string;
  reviewerId?: string;
  /** Only disclosures copied to HR. */
  hrCopied?: true;
  /** Any of these states (an empty list matches nothing). */
  states?: readonly DisclosureState[];
  type?: DisclosureType;
}

export interface DisclosureStore {
  transaction<T>(work: (tx: DisclosureTx) => Promise<T>): Promise<T>;
  get(id: string): Promise<DisclosureRecord | null>;
  listByEmployee(employeeId: string, limit: number): Promise<DisclosureRecord[]>;
  listForReviewer(reviewerId: string, states: string[], limit: number): Promise<DisclosureRecord[]>;
  /** The employee's gifts from one donor in one calendar year (for yearly totals). */
  giftsFromDonor(employeeId: string, donorKey: string, year: number): Promise<GiftDetails[]>;
  auditTrail(disclosureId: string): Promise<AuditEntry[]>;
  /** Disclosures matching `query`, newest first (the tab's lists). */
  find(query: DisclosureQuery, limit: number): Promise<DisclosureRecord[]>;
  /** Audit an event outside any other change (e.g. a refused attempt). */
  auditAlone(entry: AuditEntryInput): Promise<void>;
}
