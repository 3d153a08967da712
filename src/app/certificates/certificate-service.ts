/**
 * Issuing, revoking and reissuing certificates of completion: the use cases other features call
 * (events when an attendee meets the completion rule, courses when someone passes). Every change is an
 * audit entry in the same transaction; a staff recipient's delivery in the bot chat is a job queued in
 * that transaction too, so it is never lost and never sent for a certificate that rolled back.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { generateCode } from '../../domain/certificates/code';
import {
  assertValid,
  recipientKey,
  REISSUED_REASON,
  validateIssueInput,
  validateReason,
} from '../../domain/certificates/rules';
import type {
  Certificate,
  CertificateService,
  CertificateSourceKind,
  IssueCertificateInput,
} from '../../domain/certificates/types';
import { NotFoundError } from '../../domain/errors';
import {
  CertificateCodeTakenError,
  type CertificateStore,
  type CertificateTx,
} from '../../ports/certificate-store';
import type { Clock } from '../../ports/clock';

export type { Certificate, CertificateService, IssueCertificateInput } from '../../domain/certificates/types';

/** Actor id in the audit log of a certificate issued automatically. */
export const SYSTEM_ACTOR = 'system';
/** Fresh codes drawn before giving up (a clash is ~1 in 10^13 per draw). */
const MAX_DRAWS = 5;

export interface CertificateDeps {
  store: CertificateStore;
  clock: Clock;
}

export class Certificates implements CertificateService {
  constructor(private readonly deps: CertificateDeps) {}

  async issue(input: IssueCertificateInput): Promise<Certificate> {
    const clean = validateIssueInput(input);
    const key = recipientKey(clean.recipient);
    return this.withFreshCodes((tx) => this.issueIn(tx, clean, key, null));
  }

  async revoke(input: { certificateId: string; actorId: string; reason: string }): Promise<Certificate> {
    const reason = validateReason(input.reason);
    return this.deps.store.transaction(async (tx) => {
      const current = await this.lockedOrNotFound(tx, input.certificateId);
      assertValid(current, 'revoke');
      return this.revokeIn(tx, current, input.actorId, reason);
    });
  }

  async reissue(input: {
    certificateId: string;
    actorId: string;
    recipientName?: string;
  }): Promise<Certificate> {
    return this.withFreshCodes(async (tx) => {
      const old = await this.lockedOrNotFound(tx, input.certificateId);
      assertValid(old, 'reissue');
      const replacement = validateIssueInput({
        recipient: {
          userId: old.recipientUserId,
          name: input.recipientName ?? old.recipientName,
          email: old.recipientEmail,
        },
        source: { kind: old.sourceKind, id: old.sourceId, version: old.sourceVersion },
        title: old.title,
        completedOn: old.completedOn,
        durationMinutes: old.durationMinutes,
        issuedBy: input.actorId,
      });
      const key = await tx.recipientKeyOf(old.id);
      await this.revokeIn(tx, old, input.actorId, REISSUED_REASON);
      return this.issueIn(tx, replacement, key, old.id);
    });
  }

  listForSource(kind: CertificateSourceKind, sourceId: string): Promise<Certificate[]> {
    return this.deps.store.listForSource(kind, sourceId);
  }

  listForUser(userId: string): Promise<Certificate[]> {
    return this.deps.store.listForUser(userId);
  }

  private async issueIn(
    tx: CertificateTx,
    input: IssueCertificateInput,
    key: string,
    replacesId: string | null,
  ): Promise<Certificate> {
    const existing = await tx.findValid(input.source.kind, input.source.id, key);
    if (existing) return existing;
    const certificate: Certificate = {
      id: randomUUID(),
      code: generateCode(randomInt),
      downloadToken: randomBytes(32).toString('base64url'),
      recipientUserId: input.recipient.userId,
      recipientName: input.recipient.name,
      recipientEmail: input.recipient.email,
      sourceKind: input.source.kind,
      sourceId: input.source.id,
      sourceVersion: input.source.version,
      title: input.title,
      completedOn: input.completedOn,
      durationMinutes: input.durationMinutes,
      status: 'valid',
      issuedAt: this.deps.clock.now(),
      revokedAt: null,
      revokedReason: null,
      replacesId,
    };
    if (!(await tx.insertIfNoValid({ certificate, recipientKey: key, issuedBy: input.issuedBy }))) {
      // Another request issued it between our look and our insert: theirs is the one.
      const theirs = await tx.findValid(input.source.kind, input.source.id, key);
      if (theirs) return theirs;
      throw new Error('A certificate clashed with one that is no longer valid');
    }
    await tx.audit({
      disclosureId: null,
      actorId: input.issuedBy ?? SYSTEM_ACTOR,
      action: replacesId ? 'certificate.reissued' : 'certificate.issued',
      fromState: null,
      toState: 'valid',
      details: {
        certificateId: certificate.id,
        code: certificate.code,
        sourceKind: certificate.sourceKind,
        sourceId: certificate.sourceId,
        sourceVersion: certificate.sourceVersion,
        ...(replacesId ? { replacesId } : {}),
      },
    });
    if (certificate.recipientUserId)
      await tx.enqueue({
        name: 'certificate.deliver',
        data: { certificateId: certificate.id, userId: certificate.recipientUserId },
      });
    return certificate;
  }

  private async revokeIn(
    tx: CertificateTx,
    current: Certificate,
    actorId: string,
    reason: string,
  ): Promise<Certificate> {
    const at = this.deps.clock.now();
    await tx.markRevoked(current.id, { at, by: actorId, reason });
    await tx.audit({
      disclosureId: null,
      actorId,
      action: 'certificate.revoked',
      fromState: 'valid',
      toState: 'revoked',
      details: { certificateId: current.id, code: current.code, reason },
    });
    return { ...current, status: 'revoked', revokedAt: at, revokedReason: reason };
  }

  private async lockedOrNotFound(tx: CertificateTx, id: string): Promise<Certificate> {
    const found = await tx.getForUpdate(id);
    if (!found) throw new NotFoundError('Certificate', id);
    return found;
  }

  /** Runs `work` in a transaction, again with fresh random draws if a code or token was already taken. */
  private async withFreshCodes(work: (tx: CertificateTx) => Promise<Certificate>): Promise<Certificate> {
    for (let draw = 1; ; draw++) {
      try {
        return await this.deps.store.transaction(work);
      } catch (err) {
        if (!(err instanceof CertificateCodeTakenError) || draw >= MAX_DRAWS) throw err;
      }
    }
  }
}
