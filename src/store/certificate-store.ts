/** The CertificateStore port over PostgreSQL (table `certificates`, migration 0005). */
import { type ColumnType, type Kysely, type Selectable, type Transaction } from 'kysely';
import { transactionWithJobs } from './transaction-with-jobs';
import type { Certificate, CertificateSourceKind, CertificateStatus } from '../domain/certificates/types';
import {
  CertificateCodeTakenError,
  type CertificateStore,
  type CertificateTx,
  type NewCertificate,
} from '../ports/certificate-store';
import type { AuditEntryInput } from '../ports/disclosure-store';
import type { Job } from '../ports/jobs';
import type { Clock } from '../ports/clock';
import { appendAudit } from './audit-store';
import type { Db } from './db';
import type { SqlExecutor } from '../jobs/job-queue';
import type { Database } from './schema';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface CertificatesTable {
  id: string;
  code: string;
  download_token: string;
  recipient_user_id: string | null;
  recipient_name: string;
  recipient_email: string | null;
  recipient_key: string;
  source_kind: CertificateSourceKind;
  source_id: string;
  source_version: number | null;
  title: string;
  completed_on: string;
  duration_minutes: number;
  status: CertificateStatus;
  issued_at: Timestamp;
  issued_by: string | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoked_reason: string | null;
  replaces_id: string | null;
}

type CertificateDb = Database & { certificates: CertificatesTable };
type Row = Selectable<CertificatesTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queues one job inside the transaction whose SQL runs through `execute`. */
export type CertificateJobSink = (job: Job, execute: SqlExecutor) => Promise<void>;

export class PgCertificateStore implements CertificateStore {
  private readonly db: Kysely<CertificateDb>;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly sendJob: CertificateJobSink,
    /** Called after a transaction that queued jobs commits. */
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.db = db as unknown as Kysely<CertificateDb>;
  }

  async transaction<T>(work: (tx: CertificateTx) => Promise<T>): Promise<T> {
    return transactionWithJobs(this.db, this.afterCommit, (trx, jobSql) =>
      work(new PgCertificateTx(trx, this.clock, (job) => this.sendJob(job, jobSql))),
    );
  }

  async get(id: string): Promise<Certificate | null> {
    if (!UUID.test(id)) return null;
    const row = await this.db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCertificate(row) : null;
  }

  async findByCode(code: string): Promise<Certificate | null> {
    const row = await this.db
      .selectFrom('certificates')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst();
    return row ? toCertificate(row) : null;
  }

  async findByDownloadToken(token: string): Promise<Certificate | null> {
    const row = await this.db
      .selectFrom('certificates')
      .selectAll()
      .where('download_token', '=', token)
      .executeTakeFirst();
    return row ? toCertificate(row) : null;
  }

  async listForSource(kind: CertificateSourceKind, sourceId: string): Promise<Certificate[]> {
    const rows = await this.db
      .selectFrom('certificates')
      .selectAll()
      .where('source_kind', '=', kind)
      .where('source_id', '=', sourceId)
      .orderBy('issued_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toCertificate);
  }

  async listForUser(userId: string): Promise<Certificate[]> {
    const rows = await this.db
      .selectFrom('certificates')
      .selectAll()
      .where('recipient_user_id', '=', userId)
      .orderBy('issued_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toCertificate);
  }
}

class PgCertificateTx implements CertificateTx {
  constructor(
    private readonly trx: Transaction<CertificateDb>,
    private readonly clock: Clock,
    private readonly queue: (job: Job) => Promise<void>,
  ) {}

  async findValid(kind: CertificateSourceKind, sourceId: string, recipientKey: string) {
    const row = await this.trx
      .selectFrom('certificates')
      .selectAll()
      .where('source_kind', '=', kind)
      .where('source_id', '=', sourceId)
      .where('recipient_key', '=', recipientKey)
      .where('status', '=', 'valid')
      .forUpdate()
      .executeTakeFirst();
    return row ? toCertificate(row) : null;
  }

  async insertIfNoValid({ certificate: c, recipientKey, issuedBy }: NewCertificate): Promise<boolean> {
    try {
      const inserted = await this.trx
        .insertInto('certificates')
        .values({
          id: c.id,
          code: c.code,
          download_token: c.downloadToken,
          recipient_user_id: c.recipientUserId,
          recipient_name: c.recipientName,
          recipient_email: c.recipientEmail,
          recipient_key: recipientKey,
          source_kind: c.sourceKind,
          source_id: c.sourceId,
          source_version: c.sourceVersion,
          title: c.title,
          completed_on: c.completedOn,
          duration_minutes: c.durationMinutes,
          status: c.status,
          issued_at: c.issuedAt,
          issued_by: issuedBy,
          revoked_at: null,
          revoked_by: null,
          revoked_reason: null,
          replaces_id: c.replacesId,
        })
        .onConflict((oc) =>
          oc.columns(['source_kind', 'source_id', 'recipient_key']).where('status', '=', 'valid').doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    } catch (err) {
      const pg = err as { code?: string; constraint?: string };
      if (
        pg.code === '23505' &&
        (pg.constraint === 'certificates_code_key' || pg.constraint === 'certificates_download_token_key')
      )
        throw new CertificateCodeTakenError(`certificate ${pg.constraint} taken`);
      throw err;
    }
  }

  async getForUpdate(id: string): Promise<Certificate | null> {
    if (!UUID.test(id)) return null;
    const row = await this.trx
      .selectFrom('certificates')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? toCertificate(row) : null;
  }

  async recipientKeyOf(id: string): Promise<string> {
    const row = await this.trx
      .selectFrom('certificates')
      .select('recipient_key')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.recipient_key;
  }

  async markRevoked(id: string, r: { at: Date; by: string; reason: string }): Promise<void> {
    await this.trx
      .updateTable('certificates')
      .set({ status: 'revoked', revoked_at: r.at, revoked_by: r.by, revoked_reason: r.reason })
      .where('id', '=', id)
      .where('status', '=', 'valid')
      .executeTakeFirstOrThrow();
  }

  async audit(entry: AuditEntryInput): Promise<void> {
    await appendAudit(this.trx as unknown as Transaction<Database>, entry, this.clock.now());
  }

  async enqueue(job: Job): Promise<void> {
    await this.queue(job);
  }
}

function toCertificate(r: Row): Certificate {
  return {
    id: r.id,
    code: r.code,
    downloadToken: r.download_token,
    recipientUserId: r.recipient_user_id,
    recipientName: r.recipient_name,
    recipientEmail: r.recipient_email,
    sourceKind: r.source_kind,
    sourceId: r.source_id,
    sourceVersion: r.source_version,
    title: r.title,
    completedOn: r.completed_on,
    durationMinutes: r.duration_minutes,
    status: r.status,
    issuedAt: r.issued_at,
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason,
    replacesId: r.replaces_id,
  };
}
