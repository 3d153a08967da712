import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { cardProblems } from '../../bot/cards/validate-card.test-helper';
import type { CertificateService } from '../../src/domain/certificates/types';
import { apiCall, devSignIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/app-harness';
import { certificateService, publicCompletion } from '../support/certificates';
import { pdfText } from '../support/pdf-text';
import { cardText } from '../support/teams-client';

let t: TestApp;
let certificates: CertificateService;
let stopService: () => Promise<void>;

beforeAll(async () => {
  t = await startTestApp();
  ({ certificates, stop: stopService } = await certificateService(t));
});

afterAll(async () => {
  await stopService();
  await t.stop();
});

/** Fetches a path of the app (links carry PUBLIC_URL, whose port is not the test server's). */
async function get(pathOrUrl: string, init: RequestInit = {}) {
  const url = new URL(pathOrUrl, t.app.url);
  return fetch(`${t.app.url}${url.pathname}${url.search}`, { redirect: 'manual', ...init });
}

async function auditActions(certificateId: string): Promise<string[]> {
  const rows = await t.app.db
    .selectFrom('audit_log')
    .select('action')
    .where(sql<boolean>`details->>'certificateId' = ${certificateId}`)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

describe('issuing a certificate', () => {
  it('is idempotent per source and person: the same email in another case gets the same certificate, audited once', async () => {
    const first = await certificates.issue(
      publicCompletion({ source: { kind: 'event', id: 'e-idem', version: null } }),
    );
    const again = await certificates.issue(
      publicCompletion({
        source: { kind: 'event', id: 'e-idem', version: null },
        recipient: { userId: null, name: 'Ana Lima', email: 'ANA.LIMA@example.org' },
      }),
    );
    expect(again.id).toBe(first.id);
    expect(again.code).toBe(first.code);
    expect(await auditActions(first.id)).toEqual(['certificate.issued']);
    expect(await t.auditChainOk()).toBe(true);
  });

  it('issues exactly one when the same completion arrives several times at once', async () => {
    const input = publicCompletion({ source: { kind: 'course', id: 'c-race', version: 1 } });
    const issued = await Promise.all(Array.from({ length: 6 }, () => certificates.issue(input)));
    expect(new Set(issued.map((c) => c.id)).size).toBe(1);
    expect(await certificates.listForSource('course', 'c-race')).toHaveLength(1);
  });

  it('refuses bad input and changes nothing', async () => {
    await expect(
      certificates.issue(
        publicCompletion({ source: { kind: 'event', id: 'e-bad', version: null }, durationMinutes: 0 }),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await certificates.listForSource('event', 'e-bad')).toEqual([]);
  });
});

describe('a staff member’s certificate', () => {
  it('arrives in the bot chat with a download link to a PDF holding the name, the title and the code', async () => {
    const jordan = t.person('Jordan Lee');
    const certificate = await certificates.issue(
      publicCompletion({
        recipient: { userId: jordan.id, name: jordan.displayName, email: null },
        source: { kind: 'event', id: 'e-staff', version: null },
        title: 'Preventing Sexual Harassment',
      }),
    );
    const message = await t.connector.waitFor((e) => cardText(e.activity).includes(certificate.code), {
      timeoutMs: 10_000,
    });
    const card = (message.activity.attachments as Array<{ content: unknown }>)[0]!.content;
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Preventing Sexual Harassment');
    const links = JSON.stringify(card).match(/"type":"Action\.OpenUrl","title":"([^"]+)","url":"([^"]+)"/g);
    expect(links).toHaveLength(2);
    const [download, verify] = links!.map((l) => JSON.parse(`{${l}}`) as { title: string; url: string });
    expect(download!.title).toBe('Download certificate');
    expect(verify!.url).toMatch(new RegExp(`/verify/${certificate.code}$`));

    const res = await get(download!.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('Jordan Lee');
    expect(pdf.text).toContain('Preventing Sexual Harassment');
    expect(pdf.text).toContain(certificate.code);
    expect(pdf.text).toContain('Certificate of Completion');
    expect(pdf.text).toContain(`/verify/${certificate.code}`);
    expect(pdf.text).toContain('March 14, 2026');
    expect(pdf.text).toContain('1 hour 30 minutes');

    const mine = await apiCall(t.app.url, '/api/v1/me/certificates', await devSignIn(t.app.url, jordan.id));
    expect(mine.body.items.map((c: { code: string }) => c.code)).toEqual([certificate.code]);
    const alex = await apiCall(
      t.app.url,
      '/api/v1/me/certificates',
      await devSignIn(t.app.url, t.person('Alex Kim').id),
    );
    expect(alex.body.items).toEqual([]);
  });
});

describe('the public verification page', () => {
  it('says valid, revoked or no such certificate, and nothing more', async () => {
    const c = await certificates.issue(
      publicCompletion({
        source: { kind: 'event', id: 'e-verify', version: null },
        title: 'Fair Housing Basics',
      }),
    );
    const valid = await get(`/verify/${c.code.toLowerCase()}`);
    const validHtml = await valid.text();
    expect(valid.status).toBe(200);
    expect(validHtml).toContain('Valid certificate');
    const csp = valid.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    // The page's one stylesheet is allowed by its hash, so it must be byte for byte what was hashed.
    const style = /<style>([\s\S]*?)<\/style>/.exec(validHtml)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    for (const secret of ['Ana', 'Lima', 'ana.lima', 'Fair Housing', 'event-', c.id, c.downloadToken])
      expect(validHtml).not.toContain(secret);

    await certificates.revoke({
      certificateId: c.id,
      actorId: t.person('Sam Patel').id,
      reason: 'Attendance recorded in error',
    });
    const revoked = await (await get(`/verify/${c.code}`)).text();
    expect(revoked).toContain('Revoked certificate');
    expect(revoked).not.toContain('Attendance recorded in error');
    expect(revoked).not.toContain('Ana Lima');
    expect((await get(`/certificates/${c.downloadToken}.pdf`)).status).toBe(410);

    const unknown = await get('/verify/CHRO-2222-2222-22');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('No such certificate');
    const typo = await get(`/verify/${c.code.slice(0, -1)}${c.code.endsWith('2') ? '3' : '2'}`);
    expect(typo.status).toBe(404);
    expect(await typo.text()).toContain('is not a verification code');

    const form = await get(`/verify?code=${encodeURIComponent(c.code.replace(/-/g, ' ').toLowerCase())}`);
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`/verify/${c.code}`);
  });
});

describe('revoking and reissuing from the tab', () => {
  it('reissue revokes the old certificate and issues a valid one with a new code and the corrected name', async () => {
    const c = await certificates.issue(
      publicCompletion({
        source: { kind: 'event', id: 'e-reissue', version: null },
        recipient: { userId: null, name: 'Ana Lma', email: 'ana.lima@example.org' },
      }),
    );
    const sam = await devSignIn(t.app.url, t.person('Sam Patel').id);
    const list = await apiCall(t.app.url, '/api/v1/certificates?sourceKind=event&sourceId=e-reissue', sam);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].pdfUrl).toMatch(/\/certificates\/[\w-]{43}\.pdf$/);

    const reissued = await apiCall(t.app.url, `/api/v1/certificates/${c.id}/reissue`, sam, {
      method: 'POST',
      body: { recipientName: 'Ana Lima' },
    });
    expect(reissued.status).toBe(201);
    expect(reissued.body).toMatchObject({
      status: 'valid',
      replacesId: c.id,
      recipient: { name: 'Ana Lima' },
    });
    expect(reissued.body.code).not.toBe(c.code);

    expect(await (await get(`/verify/${c.code}`)).text()).toContain('Revoked certificate');
    expect(await (await get(`/verify/${reissued.body.code}`)).text()).toContain('Valid certificate');
    const pdf = await pdfText(Buffer.from(await (await get(reissued.body.pdfUrl)).arrayBuffer()));
    expect(pdf.text).toContain('Ana Lima');

    const after = await apiCall(t.app.url, '/api/v1/certificates?sourceKind=event&sourceId=e-reissue', sam);
    expect(after.body.items.map((i: { status: string }) => i.status).sort()).toEqual(['revoked', 'valid']);
    expect(await auditActions(c.id)).toEqual(['certificate.issued', 'certificate.revoked']);
    expect(await auditActions(reissued.body.id)).toEqual(['certificate.reissued']);

    const again = await apiCall(t.app.url, `/api/v1/certificates/${c.id}/revoke`, sam, {
      method: 'POST',
      body: { reason: 'twice' },
    });
    expect(again.status).toBe(409);
    expect(await t.auditChainOk()).toBe(true);
  });

  it('is for outreach staff and the ethics officer only, and needs a reason to revoke', async () => {
    const c = await certificates.issue(
      publicCompletion({ source: { kind: 'event', id: 'e-roles', version: null } }),
    );
    const alex = await devSignIn(t.app.url, t.person('Alex Kim').id);
    expect(
      (await apiCall(t.app.url, '/api/v1/certificates?sourceKind=event&sourceId=e-roles', alex)).status,
    ).toBe(403);
    expect(
      (
        await apiCall(t.app.url, `/api/v1/certificates/${c.id}/revoke`, alex, {
          method: 'POST',
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(403);
    const marcus = await devSignIn(t.app.url, t.person('Marcus Bell').id);
    const noReason = await apiCall(t.app.url, `/api/v1/certificates/${c.id}/revoke`, marcus, {
      method: 'POST',
      body: { reason: '  ' },
    });
    expect(noReason.status).toBe(400);
    expect((await get(`/verify/${c.code}`)).status).toBe(200);
    const revoked = await apiCall(t.app.url, `/api/v1/certificates/${c.id}/revoke`, marcus, {
      method: 'POST',
      body: { reason: 'Duplicate registration' },
    });
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      revokedReason: 'Duplicate registration',
      pdfUrl: null,
    });
  });
});

describe('the PDF download', () => {
  it('answers 404 for a token that is malformed or unknown', async () => {
    expect((await get('/certificates/nope.pdf')).status).toBe(404);
    expect((await get(`/certificates/${'A'.repeat(43)}.pdf`)).status).toBe(404);
    expect((await get(`/certificates/${'A'.repeat(43)}`)).status).toBe(404);
  });

  it('is rate-limited per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await get(`/certificates/${'B'.repeat(43)}.pdf`)).status);
    expect(statuses).toContain(429);
    expect(statuses[0]).toBe(404);
  });
});
