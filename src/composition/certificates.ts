/**
 * Certificates of completion: the store, the issue/revoke/reissue use cases, the delivery of a staff
 * member's certificate in the bot chat, the public verification page and PDF download, and the tab's
 * routes. Returns the service the events and courses features issue certificates through.
 */
import { CertificateDelivery } from '../../bot/certificates';
import { Certificates, type CertificateService } from '../app/certificates/certificate-service';
import { certificateLinks } from '../certificates/links';
import { registerCertificateRoutes } from '../http/api/certificate-routes';
import { registerPublicCertificateRoutes } from '../http/certificate-routes';
import { PgCertificateStore } from '../store/certificate-store';
import type { FeatureContext } from './feature-context';

export async function wireCertificates(ctx: FeatureContext): Promise<CertificateService> {
  const store = new PgCertificateStore(
    ctx.db,
    ctx.clock,
    (job, execute) => ctx.jobs.sendInTransaction(job, execute),
    () => ctx.jobs.wake(),
  );
  const certificates = new Certificates({ store, clock: ctx.clock });
  const links = certificateLinks(ctx.config.http.publicUrl);
  const agencyName = ctx.config.agency.name;

  const delivery = new CertificateDelivery({
    store,
    chats: ctx.chats,
    messenger: ctx.messenger,
    links,
    agencyName,
    log: ctx.log,
  });
  await ctx.jobs.work('certificate.deliver', (job) => delivery.deliver(job));

  registerPublicCertificateRoutes(ctx.server, { store, links, agencyName, log: ctx.log });
  registerCertificateRoutes(ctx.server, ctx.api, { certificates, links });
  return certificates;
}
