/**
 * The tab's certificate routes: outreach staff and the ethics officer list the certificates of a
 * training or course, revoke one, or reissue one (e.g. after a name correction); every signed-in staff
 * member lists their own. Writes go through the certificate use cases (audited, delivery queued).
 */
import type { Server } from 'restify';
import { z } from 'zod';
import type { CertificateLinks } from '../../certificates/links';
import { MAX_NAME_LENGTH, MAX_REASON_LENGTH } from '../../domain/certificates/rules';
import {
  CERTIFICATE_SOURCE_KINDS,
  type Certificate,
  type CertificateService,
} from '../../domain/certificates/types';
import { requireRole } from './authorize';
import type { ApiContext } from './context';
import { parseInput } from './validation';

export interface CertificateRouteDeps {
  certificates: CertificateService;
  links: CertificateLinks;
}

/** A certificate as the tab sees it: the PDF link only while it is valid. */
export interface CertificateView {
  id: string;
  code: string;
  status: Certificate['status'];
  recipient: { userId: string | null; name: string; email: string | null };
  source: { kind: Certificate['sourceKind']; id: string; version: number | null };
  title: string;
  completedOn: string;
  durationMinutes: number;
  issuedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  replacesId: string | null;
  pdfUrl: string | null;
  verifyUrl: string;
}

export function certificateView(c: Certificate, links: CertificateLinks): CertificateView {
  return {
    id: c.id,
    code: c.code,
    status: c.status,
    recipient: { userId: c.recipientUserId, name: c.recipientName, email: c.recipientEmail },
    source: { kind: c.sourceKind, id: c.sourceId, version: c.sourceVersion },
    title: c.title,
    completedOn: c.completedOn,
    durationMinutes: c.durationMinutes,
    issuedAt: c.issuedAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedReason: c.revokedReason,
    replacesId: c.replacesId,
    pdfUrl: c.status === 'valid' ? links.pdf(c.downloadToken) : null,
    verifyUrl: links.verify(c.code),
  };
}

const listQuery = z.object({
  sourceKind: z.enum(CERTIFICATE_SOURCE_KINDS, { message: 'Use event or course.' }),
  sourceId: z.string().trim().min(1, 'Say which event or course.').max(200),
});
const idParam = z.object({ id: z.uuid({ message: 'Must be a certificate id (a UUID).' }) });
const revokeBody = z.object({
  reason: z
    .string({ message: 'Say why the certificate is revoked.' })
    .trim()
    .min(1, 'Say why the certificate is revoked.')
    .max(MAX_REASON_LENGTH, `Keep the reason under ${MAX_REASON_LENGTH} characters.`),
});
const reissueBody = z.object({
  recipientName: z
    .string()
    .trim()
    .min(1, 'The name cannot be empty.')
    .max(MAX_NAME_LENGTH, `Keep the name under ${MAX_NAME_LENGTH} characters.`)
    .optional(),
});

export function registerCertificateRoutes(server: Server, ctx: ApiContext, deps: CertificateRouteDeps): void {
  const view = (c: Certificate) => certificateView(c, deps.links);

  server.get(
    '/api/v1/certificates',
    ctx.route(async (req, res, principal) => {
      requireRole(principal, 'outreach', 'ethics_officer');
      const q = parseInput(listQuery, req.query);
      res.send(200, { items: (await deps.certificates.listForSource(q.sourceKind, q.sourceId)).map(view) });
    }),
  );

  server.post(
    '/api/v1/certificates/:id/revoke',
    ctx.route(async (req, res, principal) => {
      requireRole(principal, 'outreach', 'ethics_officer');
      const { id } = parseInput(idParam, req.params);
      const { reason } = parseInput(revokeBody, req.body);
      res.send(
        200,
        view(await deps.certificates.revoke({ certificateId: id, actorId: principal.id, reason })),
      );
    }),
  );

  server.post(
    '/api/v1/certificates/:id/reissue',
    ctx.route(async (req, res, principal) => {
      requireRole(principal, 'outreach', 'ethics_officer');
      const { id } = parseInput(idParam, req.params);
      const { recipientName } = parseInput(reissueBody, req.body);
      const issued = await deps.certificates.reissue({
        certificateId: id,
        actorId: principal.id,
        recipientName,
      });
      res.send(201, view(issued));
    }),
  );

  server.get(
    '/api/v1/me/certificates',
    ctx.route(async (_req, res, principal) => {
      res.send(200, { items: (await deps.certificates.listForUser(principal.id)).map(view) });
    }),
  );
}
