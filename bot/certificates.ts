/**
 * Delivers a staff member's certificate of completion in their bot chat (job `certificate.deliver`,
 * queued with the certificate). Sent once per certificate: the notice key is marked after the send, and
 * a certificate revoked before delivery is not sent.
 */
import type { Logger } from '../src/logging';
import type { ChatStore } from '../src/ports/chat-store';
import type { CertificateStore } from '../src/ports/certificate-store';
import type { JobData } from '../src/ports/jobs';
import type { CertificateLinks } from '../src/certificates/links';
import { formatDuration } from '../src/domain/certificates/rules';
import { certificateCard } from './cards/certificate';
import type { TeamsMessenger } from './messenger';

export interface CertificateDeliveryDeps {
  store: CertificateStore;
  chats: ChatStore;
  messenger: TeamsMessenger;
  links: CertificateLinks;
  agencyName: string;
  log: Logger;
}

export class CertificateDelivery {
  constructor(private readonly deps: CertificateDeliveryDeps) {}

  async deliver(job: JobData<'certificate.deliver'>): Promise<void> {
    const certificate = await this.deps.store.get(job.certificateId);
    if (!certificate || certificate.status !== 'valid') return;
    const key = `certificate:${certificate.id}:${job.userId}`;
    if (await this.deps.chats.noticeSent(key)) return;
    const card = certificateCard({
      title: certificate.title,
      completedOn: certificate.completedOn,
      duration: formatDuration(certificate.durationMinutes),
      code: certificate.code,
      pdfUrl: this.deps.links.pdf(certificate.downloadToken),
      verifyUrl: this.deps.links.verify(certificate.code),
      agencyName: this.deps.agencyName,
    });
    const sent = await this.deps.messenger.sendCard(
      job.userId,
      card,
      `Certificate of completion: ${certificate.title}`,
    );
    await this.deps.chats.markNoticeSent(key, sent.conversationId, sent.activityId);
    this.deps.log.info(
      { certificateId: certificate.id, conversationId: sent.conversationId },
      'certificate sent',
    );
  }
}
