/**
 * Writes a sample certificate PDF, to look at the layout: `npx tsx scripts/sample-certificate.ts out.pdf
 * ["Name"] ["Title"]`, then e.g. `pdftoppm -png -r 80 out.pdf /tmp/cert-sample`.
 */
import { writeFileSync } from 'node:fs';
import { renderCertificatePdf } from '../src/certificates/pdf';
import { certificateLinks } from '../src/certificates/links';

const [
  out = 'sample-certificate.pdf',
  name = 'Jordan Lee',
  title = 'Preventing Sexual Harassment and Workplace Ethics',
] = process.argv.slice(2);
const code = 'CHRO-7K4P-9QXM-2D';

void renderCertificatePdf(
  {
    id: '00000000-0000-4000-8000-000000000000',
    code,
    downloadToken: 'sample',
    recipientUserId: null,
    recipientName: name,
    recipientEmail: null,
    sourceKind: 'course',
    sourceId: 'sample',
    sourceVersion: 1,
    title,
    completedOn: '2026-11-25',
    durationMinutes: 120,
    status: 'valid',
    issuedAt: new Date(),
    revokedAt: null,
    revokedReason: null,
    replacesId: null,
  },
  {
    agencyName: 'Commission on Human Rights and Opportunities',
    verifyUrl: certificateLinks('https://candor.agency.example').verify(code),
  },
).then((pdf) => writeFileSync(out, pdf));
