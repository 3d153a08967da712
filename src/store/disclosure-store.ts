/** The DisclosureStore port over PostgreSQL (Kysely). */
import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Transaction } from 'kysely';
import { transactionWithJobs } from './transaction-with-jobs';
import type {
  Disclosure,
  GiftDetails,
  ConflictDetails,
  PolicyEvaluation,
  Decision,
  DisclosureState,
  ReviewTrack,
  Person,
} from '../domain/disclosure/types';
import type {
  AuditEntry,
  AuditEntryInput,
  DecisionChange,
  DisclosureQuery,
  DisclosureRecord,
  DisclosureStore,
  DisclosureTx,
} from '../ports/disclosure-store';
import type { Job } from '../ports/jobs';
import type { Db } from './db';
import type { Database, DisclosuresTable } from './schema';
import { appendAudit, appendAuditEntries, type TimedAuditEntry } from './audit-store';
import { donorKey } from '../domain/policy/evaluate';
import type { SqlExecutor } from '../jobs/job-queue';

/**
 * The columns a record is built from: not the register's generated search columns (a tsvector is
 * large and no use here).
 */
const DISCLOSURE_COLUMNS = [
  'id',
  'reference',
  'type',
  'employee_id',
  'employee_name',
  'employee_email',
  'employee_department',
  'details',
  'evaluation',
  'outcome',
  'state',
  'reviewer_id',
  'reviewer_name',
  'hr_copied',
  'hr_contact_id',
  'decision',
  'decision_comment',
  'conditions',
  'decided_by',
  'decided_at',
  'info_request',
  'info_answer',
  'resolution',
  'donor_key',
  'gift_value_cents',
  'gift_date',
  'version',
  'created_at',
  'updated_at',
  'remind_at',
  'reminded_at',
  'escalate_at',
  'escalated_at',
  'stands_in_for_id',
  'stands_in_for_name',
  'stands_in_reason',
  'escalated_from_id',
  'escalated_from_name',
] as const;

/** Queues jobs in the transaction whose SQL runs through `execute` (JobQueue.sendAllInTransaction). */
export type JobSink = (jobs: readonly Job[], execute: SqlExecutor) => Promise<void>;

export class PgDisclosureStore implements DisclosureStore {
  constructor(
    private readonly db: Db,
    private readonly sendJob: JobSink,
    /** Called after a transaction that queued jobs commits. */
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  async transaction<T>(work: (tx: DisclosureTx) => Promise<T>): Promise<T> {
    return transactionWithJobs(this.db, this.afterCommit, async (trx, jobSql) => {
      const tx = new PgDisclosureTx(trx, (jobs) => this.sendJob(jobs, jobSql));
      const result = await work(tx);
      await tx.beforeCommit();
      return result;
    });
  }

  async get(id: string): Promise<DisclosureRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.db
      .selectFrom('disclosures')
      .select(DISCLOSURE_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async listByEmployee(employeeId: string, limit: number): Promise<DisclosureRecord[]> {
    const rows = await this.db
      .selectFrom('disclosures')
      .select(DISCLOSURE_COLUMNS)
      .where('employee_id', '=', employeeId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  async listForReviewer(reviewerId: string, states: string[], limit: number): Promise<DisclosureRecord[]> {
    if (states.length === 0) return [];
    const rows = await this.db
      .selectFrom('disclosures')
      .select(DISCLOSURE_COLUMNS)
      .where('reviewer_id', '=', reviewerId)
      .where('state', 'in', states)
      .orderBy('created_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  async giftsFromDonor(employeeId: string, donorKey: string, year: number): Promise<GiftDetails[]> {
    const rows = await this.db
      .selectFrom('disclosures')
      .select('details')
      .where('employee_id', '=', employeeId)
      .where('type', '=', 'gift')
      .where('donor_key', '=', donorKey)
      .where('state', '!=', 'withdrawn')
      .where('gift_date', '>=', `${year}-01-01`)
      .where('gift_date', '<=', `${year}-12-31`)
      .execute();
    return rows.map((r) => r.details as unknown as GiftDetails);
  }

  async auditTrail(disclosureId: string): Promise<AuditEntry[]> {
    if (!isUuid(disclosureId)) return [];
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('disclosure_id', '=', disclosureId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      seq: r.seq,
      disclosureId: r.disclosure_id,
      actorId: r.actor_id,
      action: r.action,
      fromState: r.from_state,
      toState: r.to_state,
      details: r.details,
      at: r.at,
    }));
  }

  async find(query: DisclosureQuery, limit: number): Promise<DisclosureRecord[]> {
    if (query.states?.length === 0) return [];
    let q = this.db.selectFrom('disclosures').select(DISCLOSURE_COLUMNS);
    if (query.employeeId !== undefined) q = q.where('employee_id', '=', query.employeeId);
    if (query.reviewerId !== undefined) q = q.where('reviewer_id', '=', query.reviewerId);
    if (query.hrCopied) q = q.where('hr_copied', '=', true);
    if (query.states) q = q.where('state', 'in', [...query.states]);
    if (query.type) q = q.where('type', '=', query.type);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }

  async auditAlone(entry: AuditEntryInput): Promise<void> {
    await this.db.transaction().execute((trx) => appendAudit(trx, entry, new Date()));
  }
}

/**
 * Jobs and audit entries are written at the end of the transaction, just before COMMIT: the jobs in one
 * statement, then the audit entries, in the order given. The audit chain's head stays locked from the
 * append to the commit, so the shorter that is, the more decisions per second the one chain allows.
 */
class PgDisclosureTx implements DisclosureTx {
  private readonly jobs: Job[] = [];
  private readonly entries: TimedAuditEntry[] = [];

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly queue: (jobs: readonly Job[]) => Promise<void>,
  ) {}

  /** The work is done and nothing threw: write what was deferred. */
  async beforeCommit(): Promise<void> {
    if (this.jobs.length > 0) await this.queue(this.jobs);
    await appendAuditEntries(this.trx, this.entries);
  }

  async nextReference(year: number): Promise<string> {
    const { rows } = await sql<{ n: string }>`select nextval('disclosure_reference_seq') as n`.execute(
      this.trx,
    );
    return `D-${year}-${String(rows[0]!.n).padStart(4, '0')}`;
  }

  async insert(r: DisclosureRecord): Promise<void> {
    const d = r.disclosure;
    await this.trx
      .insertInto('disclosures')
      .values({
        ...toRow(d),
        id: d.id,
        reference: d.reference,
        type: d.type,
        employee_id: r.employee.id,
        employee_name: r.employee.displayName,
        employee_email: r.employee.email,
        employee_department: r.employee.department,
        reviewer_name: r.reviewer?.displayName ?? null,
        hr_contact_id: r.hrContactId,
        donor_key: d.gift ? donorKey(d.gift) : null,
        gift_value_cents: d.gift?.valueCents ?? null,
        gift_date: d.gift?.dateReceived ?? null,
        version: d.version,
        created_at: d.createdAt,
        updated_at: d.updatedAt,
      })
      .execute();
  }

  async getForUpdate(id: string): Promise<DisclosureRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.trx
      .selectFrom('disclosures')
      .select(DISCLOSURE_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async nextDueReview(now: Date, skip: readonly string[] = []): Promise<DisclosureRecord | null> {
    // The expression of the partial index disclosures_review_due_idx (migration 0003), so it serves this.
    const due = sql<Date | null>`least(
      case when reminded_at is null then remind_at end,
      case when escalated_at is null then escalate_at end)`;
    let q = this.trx
      .selectFrom('disclosures')
      .select(DISCLOSURE_COLUMNS)
      .where('state', '=', 'pending_review')
      .where(due, '<=', now);
    if (skip.length > 0) q = q.where('id', 'not in', [...skip]);
    const row = await q.orderBy(due).limit(1).forUpdate().skipLocked().executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async decideIfPending(
    id: string,
    reviewerId: string,
    change: DecisionChange,
  ): Promise<DisclosureRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.trx
      .updateTable('disclosures')
      .set({
        state: change.state,
        decision: change.decision,
        decided_by: change.decidedBy,
        decided_at: change.decidedAt,
        conditions: change.conditions,
        ...(change.decisionComment !== undefined ? { decision_comment: change.decisionComment } : {}),
        ...(change.infoRequest !== undefined ? { info_request: change.infoRequest } : {}),
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('state', '=', 'pending_review')
      .where('reviewer_id', '=', reviewerId)
      .returning(DISCLOSURE_COLUMNS)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async update(d: Disclosure, reviewer?: Person): Promise<Disclosure> {
    const updatedAt = new Date();
    const row = await this.trx
      .updateTable('disclosures')
      .set({
        ...toRow(d),
        ...(reviewer ? { reviewer_name: reviewer.displayName } : {}),
        version: sql<number>`version + 1`,
        updated_at: updatedAt,
      })
      .where('id', '=', d.id)
      .returning('version')
      .executeTakeFirstOrThrow();
    return { ...d, version: row.version, updatedAt };
  }

  async audit(entry: AuditEntryInput): Promise<void> {
    this.entries.push({ entry, at: new Date() });
  }

  async enqueue(job: Job): Promise<void> {
    this.jobs.push(job);
  }
}

function toRow(d: Disclosure) {
  return {
    details: JSON.stringify(d.gift ?? d.conflict),
    evaluation: JSON.stringify(d.evaluation),
    outcome: d.evaluation.outcome,
    state: d.state,
    reviewer_id: d.reviewerId,
    hr_copied: d.hrCopied,
    decision: d.decision,
    decision_comment: d.decisionComment,
    conditions: d.conditions,
    decided_by: d.decidedBy,
    decided_at: d.decidedAt,
    info_request: d.infoRequest,
    info_answer: d.infoAnswer,
    resolution: d.resolution,
    ...reviewColumns(d),
  };
}

function reviewColumns(d: Disclosure) {
  const r = d.review;
  return {
    remind_at: r?.remindAt ?? null,
    reminded_at: r?.remindedAt ?? null,
    escalate_at: r?.escalateAt ?? null,
    escalated_at: r?.escalatedAt ?? null,
    stands_in_for_id: r?.standsInFor?.id ?? null,
    stands_in_for_name: r?.standsInFor?.displayName ?? null,
    stands_in_reason: r?.standsInFor?.reason ?? null,
    escalated_from_id: r?.escalatedFrom?.id ?? null,
    escalated_from_name: r?.escalatedFrom?.displayName ?? null,
  };
}

function toReviewTrack(row: Selectable<DisclosuresTable>): ReviewTrack {
  return {
    remindAt: row.remind_at,
    escalateAt: row.escalate_at,
    remindedAt: row.reminded_at,
    escalatedAt: row.escalated_at,
    standsInFor:
      row.stands_in_for_id && row.stands_in_reason
        ? {
            id: row.stands_in_for_id,
            displayName: row.stands_in_for_name ?? row.stands_in_for_id,
            reason: row.stands_in_reason,
          }
        : null,
    escalatedFrom: row.escalated_from_id
      ? { id: row.escalated_from_id, displayName: row.escalated_from_name ?? row.escalated_from_id }
      : null,
  };
}

function toRecord(row: Selectable<DisclosuresTable>): DisclosureRecord {
  const disclosure: Disclosure = {
    id: row.id,
    reference: row.reference,
    type: row.type,
    employeeId: row.employee_id,
    gift: row.type === 'gift' ? (row.details as unknown as GiftDetails) : null,
    conflict: row.type === 'conflict' ? (row.details as unknown as ConflictDetails) : null,
    evaluation: row.evaluation as unknown as PolicyEvaluation,
    state: row.state as DisclosureState,
    reviewerId: row.reviewer_id,
    hrCopied: row.hr_copied,
    decision: row.decision as Decision | null,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionComment: row.decision_comment,
    conditions: row.conditions,
    infoRequest: row.info_request,
    infoAnswer: row.info_answer,
    resolution: row.resolution,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    review: toReviewTrack(row),
  };
  return {
    disclosure,
    employee: {
      id: row.employee_id,
      displayName: row.employee_name,
      email: row.employee_email,
      jobTitle: null,
      department: row.employee_department,
    },
    reviewer: row.reviewer_id
      ? {
          id: row.reviewer_id,
          displayName: row.reviewer_name ?? row.reviewer_id,
          email: '',
          jobTitle: null,
          department: null,
        }
      : null,
    hrContactId: row.hr_contact_id,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
export const newId = (): string => randomUUID();
