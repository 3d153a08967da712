/** Where certificates are kept. Writes happen in a transaction that also appends the audit log and queues jobs. */
import type { Certificate, CertificateSourceKind } from '../domain/certificates/types';
import type { AuditEntryInput } from './disclosure-store';
import type { Job } from './jobs';

/** A new certificate row: the certificate, who it is for (idempotency key) and who issued it. */
export interface NewCertificate {
  certificate: Certificate;
  recipientKey: string;
  issuedBy: string | null;
}

/** The code or download token drawn is already taken (astronomically rare): draw again in a new transaction. */
export class CertificateCodeTakenError extends Error {}

export interface CertificateTx {
  /** The valid certificate of this source for this recipient, locked for the transaction, or null. */
  findValid(kind: CertificateSourceKind, sourceId: string, recipientKey: string): Promise<Certificate | null>;
  /** Inserts unless a valid one exists for the same source and recipient; false when one does. */
  insertIfNoValid(row: NewCertificate): Promise<boolean>;
  /** The certificate locked for the transaction, or null. */
  getForUpdate(id: string): Promise<Certificate | null>;
  /** The recipient key the certificate was issued under. */
  recipientKeyOf(id: string): Promise<string>;
  markRevoked(id: string, revocation: { at: Date; by: string; reason: string }): Promise<void>;
  audit(entry: AuditEntryInput): Promise<void>;
  enqueue(job: Job): Promise<void>;
}

export interface CertificateStore {
  transaction<T>(work: (tx: CertificateTx) => Promise<T>): Promise<T>;
  get(id: string): Promise<Certificate | null>;
  findByCode(code: string): Promise<Certificate | null>;
  findByDownloadToken(token: string): Promise<Certificate | null>;
  /** Newest first. */
  listForSource(kind: CertificateSourceKind, sourceId: string): Promise<Certificate[]>;
  /** Newest first. */
  listForUser(userId: string): Promise<Certificate[]>;
}
