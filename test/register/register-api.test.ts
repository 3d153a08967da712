/**
 * `/api/v1/register*` over HTTP, with the real app in-process (local mode, dev sign-in): Marcus Bell is
 * the demo org chart's ethics officer; Alex Kim an employee.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import { streamCsv } from '../../src/http/api/register-routes';
import { donorKey } from '../../src/domain/policy/evaluate';
import { startTestApp, type TestApp } from '../support/app-harness';
import { agencyToday } from '../support/dates';
import { apiCall, type ApiAnswer, type ApiInit } from '../support/api-client';

let t: TestApp;
let marcus: string;
let alex: string;

function call(path: string, token?: string, init: ApiInit = {}): Promise<ApiAnswer> {
  return apiCall(t.app.url, path, token, init);
}

async function signIn(name: string): Promise<string> {
  const r = await call('/api/v1/dev/sign-in', undefined, {
    method: 'POST',
    body: { userId: t.person(name).id },
  });
  expect(r.status).toBe(200);
  return r.body.token as string;
}

interface Fixture {
  reference: string;
  createdAt: string;
  type?: 'gift' | 'conflict';
  employee?: string;
  department?: string;
  outcome?: 'permitted' | 'review' | 'prohibited';
  state?: string;
  donorName?: string;
  donorOrganization?: string | null;
  relationship?: string;
  valueCents?: number;
  dateReceived?: string;
  disposition?: string;
  description?: string;
  category?: string;
  parties?: string;
}

/** One disclosure row as the disclosure store writes it. */
async function insert(f: Fixture): Promise<void> {
  const type = f.type ?? 'gift';
  const employee = t.person(f.employee ?? 'Alex Kim');
  const gift =
    type === 'gift'
      ? {
          donorName: f.donorName ?? 'Chris Doe',
          donorOrganization: f.donorOrganization ?? null,
          relationship: f.relationship ?? 'coworker',
          occasion: 'birthday',
          kind: 'item',
          description: f.description ?? 'A framed print',
          valueCents: f.valueCents ?? 7500,
          dateReceived: f.dateReceived ?? '2026-03-02',
          asGroupMember: false,
          disposition: f.disposition ?? 'accepted',
        }
      : null;
  const details = gift ?? {
    category: f.category ?? 'outside_employment',
    description: f.description ?? 'Weekend work at a bookshop',
    parties: f.parties ?? 'Main Street Books',
    startDate: null,
    endDate: null,
    ongoing: true,
    facts: {},
  };
  await t.app.db
    .insertInto('disclosures')
    .values({
      id: randomUUID(),
      reference: f.reference,
      type,
      employee_id: employee.id,
      employee_name: employee.displayName,
      employee_email: `${employee.id}@candor-demo.example`,
      employee_department: f.department ?? 'Contract Compliance Unit',
      details: JSON.stringify(details),
      evaluation: JSON.stringify({
        outcome: f.outcome ?? 'review',
        citations: [],
        actions: [],
        guidance: [],
      }),
      outcome: f.outcome ?? 'review',
      state: f.state ?? 'pending_review',
      reviewer_id: t.person('Daniel Ortiz').id,
      reviewer_name: 'Daniel Ortiz',
      hr_copied: false,
      hr_contact_id: null,
      decision: null,
      decision_comment: null,
      conditions: null,
      decided_by: null,
      decided_at: null,
      info_request: null,
      info_answer: null,
      resolution: null,
      donor_key: gift ? donorKey(gift) : null,
      gift_value_cents: gift?.valueCents ?? null,
      gift_date: gift?.dateReceived ?? null,
      version: 1,
      created_at: f.createdAt,
      updated_at: f.createdAt,
    })
    .execute();
}

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) throw new Error('The CSV does not end with CRLF');
  return rows;
}

beforeAll(async () => {
  t = await startTestApp();
  marcus = await signIn('Marcus Bell');
  alex = await signIn('Alex Kim');
  await insert({
    reference: 'R-1',
    createdAt: '2026-02-10T15:00:00Z',
    donorName: 'Pat Lee',
    donorOrganization: 'ACME Corp.',
    relationship: 'contractor_vendor_bidder',
    outcome: 'prohibited',
    state: 'action_required',
    valueCents: 12000,
    dateReceived: '2026-02-09',
    description:
      '=HYPERLINK("http://evil.example","click") two tickets, "front row", to the game\nat the arena',
  });
  await insert({
    reference: 'R-2',
    createdAt: '2026-03-05T15:00:00Z',
    donorName: '@Robin Smith',
    relationship: 'coworker',
    outcome: 'review',
    state: 'pending_review',
    valueCents: 7500,
    dateReceived: '2026-03-04',
    description: 'A framed print for my birthday',
  });
  await insert({
    reference: 'R-3',
    createdAt: '2026-03-20T15:00:00Z',
    type: 'conflict',
    employee: 'Renee Walsh',
    department: 'Legal Division',
    category: 'outside_employment',
    outcome: 'review',
    state: 'approved',
    description: 'Evening teaching job',
    parties: '+Riverside Community College, adjunct',
  });
  await insert({
    reference: 'R-4',
    createdAt: '2026-04-02T15:00:00Z',
    donorName: 'Pat Lee',
    donorOrganization: 'Acme Corp',
    relationship: 'contractor_vendor_bidder',
    outcome: 'permitted',
    state: 'recorded',
    valueCents: 2000,
    dateReceived: '2026-04-01',
    description: '-Coffee mug',
  });
  await insert({
    reference: 'R-5',
    createdAt: '2026-04-03T15:00:00Z',
    donorName: 'Pat Lee',
    donorOrganization: 'ACME Corp.',
    relationship: 'contractor_vendor_bidder',
    outcome: 'permitted',
    state: 'recorded',
    valueCents: 99900,
    dateReceived: '2026-04-02',
    disposition: 'declined',
    description: 'A weekend trip',
  });
});

afterAll(async () => {
  await t?.stop();
});

const refs = (body: { items: Array<{ reference: string }> }) => body.items.map((i) => i.reference);

describe('the register API', () => {
  it('lets only the ethics officer in: 401 without a token, 403 problem for an employee', async () => {
    for (const path of [
      '/api/v1/register',
      '/api/v1/register/export.csv',
      '/api/v1/register/donor-totals?year=2026',
      '/api/v1/register/stats',
    ]) {
      const anonymous = await call(path);
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
      const employee = await call(path, alex);
      expect({ path, status: employee.status }).toEqual({ path, status: 403 });
      expect(employee.headers.get('content-type')).toContain('application/problem+json');
      expect(employee.body).toMatchObject({ status: 403, title: 'Not allowed' });
      expect(employee.text).not.toContain('R-1');
    }
  });

  it('lists every disclosure newest first as DisclosureSummary items, and filters them', async () => {
    const all = await call('/api/v1/register', marcus);
    expect(all.status).toBe(200);
    expect(refs(all.body)).toEqual(['R-5', 'R-4', 'R-3', 'R-2', 'R-1']);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items[2]).toEqual({
      id: expect.any(String),
      reference: 'R-3',
      type: 'conflict',
      category: 'outside_employment',
      summary: 'Evening teaching job',
      outcome: 'review',
      state: 'approved',
      employee: { id: t.person('Renee Walsh').id, displayName: 'Renee Walsh', department: 'Legal Division' },
      reviewer: { id: t.person('Daniel Ortiz').id, displayName: 'Daniel Ortiz' },
      hrCopied: false,
      valueCents: null,
      createdAt: '2026-03-20T15:00:00.000Z',
      updatedAt: '2026-03-20T15:00:00.000Z',
    });

    const filtered = async (query: string) => refs((await call(`/api/v1/register?${query}`, marcus)).body);
    expect(await filtered('type=conflict')).toEqual(['R-3']);
    expect(await filtered('category=contractor_vendor_bidder')).toEqual(['R-5', 'R-4', 'R-1']);
    expect(await filtered('outcome=review')).toEqual(['R-3', 'R-2']);
    expect(await filtered('state=pending_review,action_required')).toEqual(['R-2', 'R-1']);
    expect(await filtered('state=pending_review&state=action_required')).toEqual(['R-2', 'R-1']);
    expect(await filtered('from=2026-03-01&to=2026-03-31')).toEqual(['R-3', 'R-2']);
    expect(await filtered(`unit=${encodeURIComponent('Legal Division')}`)).toEqual(['R-3']);
    expect(await filtered('donor=acme')).toEqual(['R-5', 'R-4', 'R-1']);
    expect(await filtered('q=tickets')).toEqual(['R-1']);
    expect(await filtered('q=teaching&type=gift')).toEqual([]);
    // Empty parameters, as a form sends them, filter nothing.
    expect(
      await filtered('type=&category=&outcome=&state=&from=&to=&unit=&donor=&q=&cursor=&limit='),
    ).toEqual(['R-5', 'R-4', 'R-3', 'R-2', 'R-1']);
  });

  it('pages with an opaque cursor until nextCursor is null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await call(`/api/v1/register?${query}`, marcus);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...refs(r.body));
      cursor = r.body.nextCursor;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['R-5', 'R-4', 'R-3', 'R-2', 'R-1']);
  });

  it('answers 400 problem+json naming each bad query parameter', async () => {
    const bad = await call(
      '/api/v1/register?limit=500&state=bogus&type=gift,thing&from=2026-13-01&category=nope&cursor=abc',
      marcus,
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ status: 400, type: 'urn:candor:problem:validation-failed' });
    const fields = bad.body.errors.map((e: { field: string }) => e.field.split('.')[0]);
    expect(new Set(fields)).toEqual(new Set(['limit', 'state', 'type', 'from', 'category']));

    const backwards = await call('/api/v1/register?from=2026-04-01&to=2026-03-01', marcus);
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ field: 'to', message: expect.any(String) }]);

    const cursor = await call('/api/v1/register?cursor=not-a-cursor', marcus);
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);

    for (const path of [
      '/api/v1/register?limit=0',
      '/api/v1/register?limit=2.5',
      '/api/v1/register/export.csv?outcome=maybe',
      '/api/v1/register/donor-totals?year=twenty',
      '/api/v1/register/stats?from=yesterday',
    ]) {
      const r = await call(path, marcus);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('exports the filtered register as a CSV attachment, quoted and safe to open in a spreadsheet', async () => {
    const r = await call('/api/v1/register/export.csv?type=gift', marcus);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="candor-register-${agencyToday()}.csv"`,
    );
    expect(r.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(r.text.slice(1));
    expect(header).toEqual(
      expect.arrayContaining(['Reference', 'Created (America/New_York)', 'Summary', 'Donor']),
    );
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((row) => row[col('Reference')])).toEqual(['R-5', 'R-4', 'R-2', 'R-1']);

    const byRef = new Map(rows.map((row) => [row[col('Reference')], row]));
    const r1 = byRef.get('R-1')!;
    // Quotes, commas and line breaks survive; a leading = is neutralised.
    expect(r1[col('Summary')]).toBe(
      '\'=HYPERLINK("http://evil.example","click") two tickets, "front row", to the game at the arena',
    );
    expect(r1[col('Donor organization')]).toBe('ACME Corp.');
    expect(r1[col('Value (USD)')]).toBe('120.00');
    expect(r1[col('Created (America/New_York)')]).toBe('2026-02-10 10:00:00');
    expect(byRef.get('R-2')![col('Donor')]).toBe("'@Robin Smith");
    expect(byRef.get('R-4')![col('Summary')]).toBe("'-Coffee mug");
    // Every cell that starts with a formula character carries the quote.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    // The raw text: quoted, quotes doubled.
    expect(r.text).toContain(
      '"\'=HYPERLINK(""http://evil.example"",""click"") two tickets, ""front row"", to the game at the arena"',
    );

    const conflicts = await call('/api/v1/register/export.csv?type=conflict', marcus);
    const [, conflictRow] = parseCsv(conflicts.text.slice(1));
    expect(conflictRow![col('Parties')]).toBe("'+Riverside Community College, adjunct");
    expect(conflictRow![col('Created (America/New_York)')]).toBe('2026-03-20 11:00:00'); // EDT after 8 March

    const none = await call('/api/v1/register/export.csv?q=nothingmatchesthis', marcus);
    expect(none.status).toBe(200);
    expect(parseCsv(none.text.slice(1))).toEqual([header]);
  });

  it('keeps serving after clients abandon exports midway', async () => {
    // Enough rows for several chunks, then more abandoned exports than the pool has connections.
    await sql`
      insert into disclosures (id, reference, type, employee_id, employee_name, employee_email, details,
                               evaluation, outcome, state, created_at, updated_at)
      select gen_random_uuid(), 'BULK-' || i, 'conflict', 'emp', 'Emp', 'e@x',
             jsonb_build_object('category', 'other', 'description', repeat('words ', 40), 'parties', ''),
             '{}', 'permitted', 'recorded', timestamptz '2025-01-01Z' + i * interval '1 minute', now()
        from generate_series(1, 5000) i`.execute(t.app.db);
    try {
      for (let i = 0; i < 8; i++) {
        const controller = new AbortController();
        const res = await fetch(`${t.app.url}/api/v1/register/export.csv`, {
          headers: { authorization: `Bearer ${marcus}` },
          signal: controller.signal,
        });
        expect(res.status).toBe(200);
        const reader = res.body!.getReader();
        await reader.read();
        controller.abort();
        await reader.read().catch(() => undefined);
      }
      const full = await call('/api/v1/register/export.csv', marcus);
      expect(parseCsv(full.text.slice(1))).toHaveLength(1 + 5 + 5000);
    } finally {
      await sql`delete from disclosures where reference like 'BULK-%'`.execute(t.app.db);
    }
  });

  it('writes no further chunk of an export until the client has drained the last one', async () => {
    let pulled = 0;
    async function* chunks() {
      for (let i = 0; i < 5; i++) {
        pulled++;
        yield `line ${i}\r\n`;
      }
    }
    const written: string[] = [];
    const res = Object.assign(new EventEmitter(), {
      headers: null as Record<string, string> | null,
      ended: false,
      writeHead(_status: number, headers: Record<string, string>) {
        this.headers = headers;
      },
      write(chunk: string) {
        written.push(chunk);
        return false; // the socket's buffer is always full
      },
      end() {
        this.ended = true;
      },
    });
    const done = streamCsv(res, chunks(), 'x.csv');
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual(['line 0\r\n']);
    expect(pulled).toBe(1);
    for (let i = 1; i < 5; i++) {
      res.emit('drain');
      await new Promise((resolve) => setImmediate(resolve));
      expect(written).toHaveLength(i + 1);
      expect(pulled).toBe(i + 1);
    }
    res.emit('drain');
    await done;
    expect(res.ended).toBe(true);
    expect(res.headers).toMatchObject({ 'content-disposition': 'attachment; filename="x.csv"' });
  });

  it('totals gifts per donor and employee for a year, without declined or returned gifts', async () => {
    const r = await call('/api/v1/register/donor-totals?year=2026', marcus);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      items: [
        {
          donor: 'Acme Corp',
          donorKey: 'acmecorp',
          employeeId: t.person('Alex Kim').id,
          employeeName: 'Alex Kim',
          totalCents: 14000,
          count: 2,
        },
        {
          donor: '@Robin Smith',
          donorKey: 'robinsmith',
          employeeId: t.person('Alex Kim').id,
          employeeName: 'Alex Kim',
          totalCents: 7500,
          count: 1,
        },
      ],
    });
    expect((await call('/api/v1/register/donor-totals?year=2025', marcus)).body).toEqual({ items: [] });
  });

  it('counts disclosures by month, category and outcome for a period', async () => {
    const r = await call('/api/v1/register/stats?from=2026-02-01&to=2026-04-30', marcus);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      byMonth: [
        { month: '2026-02', count: 1 },
        { month: '2026-03', count: 2 },
        { month: '2026-04', count: 2 },
      ],
      byCategory: [
        { key: 'contractor_vendor_bidder', type: 'gift', count: 3 },
        { key: 'outside_employment', type: 'conflict', count: 1 },
        { key: 'coworker', type: 'gift', count: 1 },
      ],
      byOutcome: [
        { key: 'permitted', count: 2 },
        { key: 'review', count: 2 },
        { key: 'prohibited', count: 1 },
      ],
    });
    const march = await call('/api/v1/register/stats?from=2026-03-01&to=2026-03-31', marcus);
    expect(march.body.byMonth).toEqual([{ month: '2026-03', count: 2 }]);
  });
});
