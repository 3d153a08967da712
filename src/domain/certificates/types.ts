/** Certificates of completion: what one is, and what it takes to issue one. */
export type CertificateSourceKind = 'event' | 'course';
export const CERTIFICATE_SOURCE_KINDS = [
  'event',
  'course',
] as const satisfies readonly CertificateSourceKind[];
export type CertificateStatus = 'valid' | 'revoked';

export interface IssueCertificateInput {
  /** Staff: userId (Entra object id); public: name and email. */
  recipient: { userId: string | null; name: string; email: string | null };
  /** What it was earned on; `version` is the course version (null for events). */
  source: { kind: CertificateSourceKind; id: string; version: number | null };
  /** The training or course title, as printed. */
  title: string;
  /** YYYY-MM-DD in the agency time zone. */
  completedOn: string;
  /** Printed duration. */
  durationMinutes: number;
  /** Actor id; null = issued automatically. */
  issuedBy: string | null;
}

export interface Certificate {
  id: string;
  /** Unique, human-typeable verification code, e.g. `CHRO-7K4P-9QXM-2D` (see code.ts). */
  code: string;
  /** Unguessable (256-bit) secret for the PDF link. */
  downloadToken: string;
  recipientUserId: string | null;
  recipientName: string;
  recipientEmail: string | null;
  sourceKind: CertificateSourceKind;
  sourceId: string;
  sourceVersion: number | null;
  title: string;
  completedOn: string;
  durationMinutes: number;
  status: CertificateStatus;
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  replacesId: string | null;
}

/** What other features call (events, courses). Implemented by src/app/certificates/certificate-service.ts. */
export interface CertificateService {
  /**
   * Idempotent per (source kind, source id, recipient = userId ?? lower(email)): returns the existing valid
   * one. Audited. A staff recipient (userId) gets it in the bot chat (a job queued in the same transaction).
   */
  issue(input: IssueCertificateInput): Promise<Certificate>;
  revoke(input: { certificateId: string; actorId: string; reason: string }): Promise<Certificate>;
  /** Revokes the old one (reason "reissued") and issues a new one with a new code; e.g. after a name correction. */
  reissue(input: { certificateId: string; actorId: string; recipientName?: string }): Promise<Certificate>;
  listForSource(kind: CertificateSourceKind, sourceId: string): Promise<Certificate[]>;
  listForUser(userId: string): Promise<Certificate[]>;
}
