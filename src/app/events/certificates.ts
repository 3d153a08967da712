/**
 * What events need of the certificate module (its contract: CertificateService in
 * src/app/certificates, built by the certificates feature). Declared here structurally, so events compile
 * and are tested against the contract whichever module provides it.
 */
export interface IssueCertificateInput {
  recipient: { userId: string | null; name: string; email: string | null };
  source: { kind: 'event' | 'course'; id: string; version: number | null };
  title: string;
  completedOn: string;
  durationMinutes: number;
  issuedBy: string | null;
}

export interface EventCertificate {
  id: string;
  code: string;
  downloadToken: string;
  recipientUserId: string | null;
  recipientName: string;
  recipientEmail: string | null;
  sourceKind: 'event' | 'course';
  sourceId: string;
  title: string;
  completedOn: string;
  durationMinutes: number;
  status: 'valid' | 'revoked';
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  replacesId: string | null;
}

export interface EventCertificates {
  issue(input: IssueCertificateInput): Promise<EventCertificate>;
  revoke(input: { certificateId: string; actorId: string; reason: string }): Promise<EventCertificate>;
  reissue(input: {
    certificateId: string;
    actorId: string;
    recipientName?: string;
  }): Promise<EventCertificate>;
  listForSource(kind: 'event' | 'course', sourceId: string): Promise<EventCertificate[]>;
}
