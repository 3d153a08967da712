/**
 * The certificates' public addresses, with no sign-in:
 *
 * - `GET /verify/{code}`: whether a certificate with this code is valid, revoked, or does not exist, and
 *   nothing more (no name, no email, no title: the code alone must not reveal who trained on what).
 *   `GET /verify?code=…` (the page's form) redirects to the canonical address of a well-formed code.
 * - `GET /certificates/{downloadToken}.pdf`: the certificate's PDF, for whoever holds the link.
 *
 * Both are rate-limited per IP.
 */
import type { Request, Response, Server } from 'restify';
import type { CertificateStore } from '../ports/certificate-store';
import type { Logger } from '../logging';
import { normalizeCode } from '../domain/certificates/code';
import type { Certificate } from '../domain/certificates/types';
import type { CertificateLinks } from '../certificates/links';
import { renderCertificatePdf } from '../certificates/pdf';
import { withRequestContext } from './server';
import { markup, page, sendHtml, type Html } from './public/html';
import { publicRateLimit } from './public/rate-limit';

export interface PublicCertificateDeps {
  store: CertificateStore;
  links: CertificateLinks;
  agencyName: string;
  log: Logger;
}

/** A download token as issued: 32 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function registerPublicCertificateRoutes(server: Server, deps: PublicCertificateDeps): void {
  const verifyLimit = publicRateLimit({ rate: 5, burst: 20 });
  const downloadLimit = publicRateLimit({ rate: 2, burst: 10 });

  server.get(
    '/verify',
    verifyLimit,
    withRequestContext(async (req, res) => {
      const typed = typeof req.query?.code === 'string' ? req.query.code : '';
      const code = normalizeCode(typed);
      if (code) {
        res.writeHead(303, { location: `/verify/${encodeURIComponent(code)}`, 'cache-control': 'no-store' });
        res.end();
        return;
      }
      sendHtml(
        res,
        typed ? 404 : 200,
        verifyPage(deps.agencyName, typed ? { kind: 'malformed', typed } : null),
      );
    }),
  );

  server.get(
    '/verify/:code',
    verifyLimit,
    withRequestContext(async (req: Request, res: Response) => {
      const typed = String(req.params.code ?? '');
      const code = normalizeCode(typed);
      const found = code ? await deps.store.findByCode(code) : null;
      const result: VerifyResult = found
        ? { kind: found.status, code: found.code }
        : code
          ? { kind: 'unknown', code }
          : { kind: 'malformed', typed };
      sendHtml(res, found ? 200 : 404, verifyPage(deps.agencyName, result));
    }),
  );

  server.get(
    '/certificates/:file',
    downloadLimit,
    withRequestContext(async (req: Request, res: Response) => {
      const file = String(req.params.file ?? '');
      const token = file.endsWith('.pdf') ? file.slice(0, -'.pdf'.length) : '';
      const certificate = TOKEN.test(token) ? await deps.store.findByDownloadToken(token) : null;
      if (!certificate) {
        sendHtml(res, 404, notFoundPage(deps.agencyName));
        return;
      }
      if (certificate.status !== 'valid') {
        sendHtml(res, 410, revokedDownloadPage(deps.agencyName, certificate));
        return;
      }
      const pdf = await renderCertificatePdf(certificate, {
        agencyName: deps.agencyName,
        verifyUrl: deps.links.verify(certificate.code),
      });
      res.writeHead(200, {
        'content-type': 'application/pdf',
        'content-length': pdf.length,
        'content-disposition': `inline; filename="certificate-${certificate.code}.pdf"`,
        'cache-control': 'private, no-store',
        'x-robots-tag': 'noindex',
      });
      res.end(pdf);
    }),
  );
}

type VerifyResult =
  { kind: 'valid' | 'revoked' | 'unknown'; code: string } | { kind: 'malformed'; typed: string };

function verifyPage(agencyName: string, result: VerifyResult | null): string {
  const title = !result
    ? 'Verify a certificate'
    : result.kind === 'valid'
      ? 'Valid certificate'
      : result.kind === 'revoked'
        ? 'Revoked certificate'
        : 'No such certificate';
  return page({
    title,
    agencyName,
    body: markup`<h1>${title}</h1>
      ${result ? statusOf(agencyName, result) : markup`<p>Enter the verification code printed on a certificate of completion.</p>`}
      <form method="get" action="/verify">
        <label for="code">${result ? 'Check another code' : 'Verification code'}</label>
        <input
          type="text"
          id="code"
          name="code"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          aria-describedby="code-hint"
          maxlength="64"
        />
        <p class="hint" id="code-hint">
          For example CHRO-7K4P-9QXM-2D. Dashes and letter case do not matter.
        </p>
        <button type="submit">Check</button>
      </form>`,
  });
}

function statusOf(agencyName: string, r: VerifyResult): Html {
  switch (r.kind) {
    case 'valid':
      return markup`<p class="status good" role="status">
        The certificate with code <span class="code">${r.code}</span> is a valid certificate of completion
        issued by the ${agencyName}.
      </p>`;
    case 'revoked':
      return markup`<p class="status bad" role="status">
        The certificate with code <span class="code">${r.code}</span> was revoked by the ${agencyName}. It is
        no longer valid.
      </p>`;
    case 'unknown':
      return markup`<p class="status bad" role="status">
        No certificate has the code <span class="code">${r.code}</span>.
      </p>`;
    case 'malformed':
      return markup`<p class="status bad" role="status">
        “${r.typed.slice(0, 64)}” is not a verification code. Check it for typing mistakes: a code looks like
        CHRO-7K4P-9QXM-2D.
      </p>`;
  }
}

function notFoundPage(agencyName: string): string {
  return page({
    title: 'Certificate not found',
    agencyName,
    body: markup`<h1>Certificate not found</h1>
      <p>
        This download link is not valid. Use the link you received with your certificate, or
        <a href="/verify">verify a certificate by its code</a>.
      </p>`,
  });
}

function revokedDownloadPage(agencyName: string, c: Certificate): string {
  return page({
    title: 'Certificate revoked',
    agencyName,
    body: markup`<h1>Certificate revoked</h1>
      <p>
        The certificate with code <span class="code">${c.code}</span> was revoked and can no longer be
        downloaded. If it was reissued, use the link that came with the new certificate.
      </p>`,
  });
}
