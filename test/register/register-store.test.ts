import { randomUUID } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { sql } from 'kysely';
import { createDb, migrateToLatest, type Db } from '../../src/store/db';
import { RegisterStore, type RegisterFilter, decodeCursor } from '../../src/store/register-store';
import { registerCsv } from '../../src/app/register';
import { ValidationError } from '../../src/domain/errors';
import { donorKey } from '../../src/domain/policy/evaluate';
import { createTestDatabase, type TestDatabase } from '../support/database';

const TZ = 'America/New_York';

interface Fixture {
  reference?: string;
  type?: 'gift' | 'conflict';
  employeeId?: string;
  employeeName?: string;
  department?: string | null;
  outcome?: 'permitted' | 'review' | 'prohibited';
  state?: string;
  createdAt?: string;
  // gift
  donorName?: string;
  donorOrganization?: string | null;
  relationship?: string;
  valueCents?: number;
  dateReceived?: string;
  disposition?: string;
  description?: string;
  // conflict
  category?: string;
  parties?: string;
}

let referenceSeq = 0;

/** Inserts one disclosure row as the disclosure store would write it; returns its id and reference. */
async function insert(db: Db, f: Fixture = {}): Promise<{ id: string; reference: string }> {
  const type = f.type ?? 'gift';
  const id = randomUUID();
  const reference = f.reference ?? `D-T-${String(++referenceSeq).padStart(5, '0')}`;
  const gift =
    type === 'gift'
      ? {
          donorName: f.donorName ?? 'Chris Doe',
          donorOrganization: f.donorOrganization ?? null,
          relationship: f.relationship ?? 'coworker',
          occasion: 'birthday',
          kind: 'item',
          description: f.description ?? 'A framed print',
          valueCents: f.valueCents ?? 2500,
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
  await db
    .insertInto('disclosures')
    .values({
      id,
      reference,
      type,
      employee_id: f.employeeId ?? 'emp-alex',
      employee_name: f.employeeName ?? 'Alex Kim',
      employee_email: 'alex@agency.example',
      employee_department: f.department === undefined ? 'Finance' : f.department,
      details: JSON.stringify(details),
      evaluation: JSON.stringify({
        outcome: f.outcome ?? 'permitted',
        citations: [],
        actions: [],
        guidance: [],
      }),
      outcome: f.outcome ?? 'permitted',
      state: f.state ?? 'recorded',
      reviewer_id: null,
      reviewer_name: null,
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
      created_at: f.createdAt ?? new Date().toISOString(),
      updated_at: f.createdAt ?? new Date().toISOString(),
    })
    .execute();
  return { id, reference };
}

/** Every page of the filter, as references. */
async function allPages(store: RegisterStore, filter: RegisterFilter, limit = 200): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.page(filter, cursor, limit);
    out.push(...page.items.map((i) => i.reference));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('the register store', () => {
  let database: TestDatabase;
  let db: Db;
  let store: RegisterStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url, 4).db;
    await migrateToLatest(db);
    store = new RegisterStore(db, TZ);
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await sql`truncate disclosures cascade`.execute(db);
  });

  it('filters by type, category, outcome, state and unit, each alone and together', async () => {
    const at = (minute: number) => `2026-03-10T15:${String(minute).padStart(2, '0')}:00Z`;
    await insert(db, {
      reference: 'G1',
      relationship: 'lobbyist',
      outcome: 'prohibited',
      state: 'action_required',
      department: 'Legal',
      createdAt: at(1),
    });
    await insert(db, {
      reference: 'G2',
      relationship: 'coworker',
      outcome: 'review',
      state: 'pending_review',
      department: 'Finance',
      createdAt: at(2),
    });
    await insert(db, {
      reference: 'G3',
      relationship: 'other',
      outcome: 'permitted',
      state: 'recorded',
      department: null,
      createdAt: at(3),
    });
    await insert(db, {
      reference: 'C1',
      type: 'conflict',
      category: 'relative',
      outcome: 'review',
      state: 'pending_review',
      department: 'Legal',
      createdAt: at(4),
    });
    await insert(db, {
      reference: 'C2',
      type: 'conflict',
      category: 'other',
      outcome: 'review',
      state: 'approved',
      department: 'Finance',
      createdAt: at(5),
    });

    expect(await allPages(store, {})).toEqual(['C2', 'C1', 'G3', 'G2', 'G1']);
    expect(await allPages(store, { type: ['gift'] })).toEqual(['G3', 'G2', 'G1']);
    expect(await allPages(store, { type: ['conflict'] })).toEqual(['C2', 'C1']);
    expect(await allPages(store, { category: ['lobbyist'] })).toEqual(['G1']);
    expect(await allPages(store, { category: ['relative', 'lobbyist'] })).toEqual(['C1', 'G1']);
    // 'other' is a gift relationship and a conflict category: the type tells them apart.
    expect(await allPages(store, { category: ['other'] })).toEqual(['C2', 'G3']);
    expect(await allPages(store, { category: ['other'], type: ['gift'] })).toEqual(['G3']);
    expect(await allPages(store, { outcome: ['review'] })).toEqual(['C2', 'C1', 'G2']);
    expect(await allPages(store, { state: ['pending_review'] })).toEqual(['C1', 'G2']);
    expect(await allPages(store, { unit: 'Legal' })).toEqual(['C1', 'G1']);
    expect(await allPages(store, { unit: 'legal' })).toEqual([]);
    expect(
      await allPages(store, { outcome: ['review'], state: ['pending_review'], unit: 'Finance' }),
    ).toEqual(['G2']);
    const page = await store.page({ category: ['lobbyist'] }, null, 10);
    expect(page.items[0]).toMatchObject({
      reference: 'G1',
      type: 'gift',
      category: 'lobbyist',
      outcome: 'prohibited',
      state: 'action_required',
      employeeDepartment: 'Legal',
      valueCents: 2500,
      donorKey: 'chrisdoe',
    });
    expect(page.nextCursor).toBeNull();
  });

  it('treats from and to as calendar dates in the agency time zone', async () => {
    // 04:30 UTC on 1 March is 23:30 on 28 February in New York (EST, UTC-5).
    await insert(db, { reference: 'FEB28-LATE', createdAt: '2026-03-01T04:30:00Z' });
    await insert(db, { reference: 'MAR01-EARLY', createdAt: '2026-03-01T05:30:00Z' });
    // Summer time: 03:30 UTC on 1 July is 23:30 on 30 June (EDT, UTC-4); 04:30 UTC is 00:30 on 1 July.
    await insert(db, { reference: 'JUN30-LATE', createdAt: '2026-07-01T03:30:00Z' });
    await insert(db, { reference: 'JUL01-EARLY', createdAt: '2026-07-01T04:30:00Z' });

    expect(await allPages(store, { from: '2026-03-01', to: '2026-03-01' })).toEqual(['MAR01-EARLY']);
    expect(await allPages(store, { to: '2026-02-28' })).toEqual(['FEB28-LATE']);
    expect(await allPages(store, { from: '2026-07-01' })).toEqual(['JUL01-EARLY']);
    expect(await allPages(store, { from: '2026-06-30', to: '2026-06-30' })).toEqual(['JUN30-LATE']);
    expect(await allPages(store, { from: '2026-03-01', to: '2026-06-30' })).toEqual([
      'JUN30-LATE',
      'MAR01-EARLY',
    ]);
  });

  it('matches a donor by a prefix of the donor key or by part of the organisation or name', async () => {
    await insert(db, { reference: 'ACME', donorName: 'Pat Lee', donorOrganization: 'ACME Corp.' });
    await insert(db, { reference: 'BOLT', donorName: 'Robin Acmeson', donorOrganization: 'Bolt & Nut LLC' });
    await insert(db, { reference: 'SMITH', donorName: 'Jo Smith', donorOrganization: null });
    await insert(db, { reference: 'PCT', donorName: 'Sam 100% Percent', donorOrganization: null });
    await insert(db, { reference: 'CONFLICT', type: 'conflict', parties: 'ACME Corp.' });

    const donor = async (d: string) => (await allPages(store, { donor: d })).sort();
    expect(await donor('acme')).toEqual(['ACME', 'BOLT']);
    expect(await donor('Acme Corp')).toEqual(['ACME']); // key prefix "acmecorp"
    expect(await donor('corp')).toEqual(['ACME']); // part of the organisation
    expect(await donor('smi')).toEqual(['SMITH']); // key prefix (no organisation: the name)
    expect(await donor('bolt & nut')).toEqual(['BOLT']);
    expect(await donor('100%')).toEqual(['PCT']); // % is literal, not a wildcard
    expect(await donor('_')).toEqual([]);
    expect(await donor('nobody')).toEqual([]);
  });

  it('finds disclosures by words of the reference, employee, donor, description and parties', async () => {
    await insert(db, {
      reference: 'D-2026-0042',
      employeeName: 'Alex Kim',
      donorName: 'Chris Doe',
      donorOrganization: 'Harbor Tickets LLC',
      description: 'Two concert tickets',
    });
    await insert(db, {
      reference: 'D-2026-0043',
      employeeName: 'Renee Walsh',
      donorName: 'Pat Lee',
      description: 'A fruit basket for the holidays',
    });
    await insert(db, {
      reference: 'D-2026-0044',
      type: 'conflict',
      employeeName: 'Daniel Ortiz',
      description: 'Evening teaching job',
      parties: 'Riverside Community College',
    });

    const q = async (text: string) => (await allPages(store, { q: text })).sort();
    expect(await q('ticket')).toEqual(['D-2026-0042']); // stemmed: tickets → ticket
    expect(await q('harbor')).toEqual(['D-2026-0042']);
    expect(await q('renee')).toEqual(['D-2026-0043']);
    expect(await q('Pat Lee')).toEqual(['D-2026-0043']);
    expect(await q('riverside college')).toEqual(['D-2026-0044']);
    expect(await q('"community college"')).toEqual(['D-2026-0044']);
    expect(await q('D-2026-0043')).toEqual(['D-2026-0043']);
    expect(await q('basket or teaching')).toEqual(['D-2026-0043', 'D-2026-0044']);
    expect(await q('kim -concert')).toEqual([]);
    expect(await q('the')).toEqual([]); // a stop word alone matches nothing, and is no error
    expect(await q('))) & !')).toEqual([]); // web-search syntax never fails
    expect(await allPages(store, { q: 'ticket', type: ['conflict'] })).toEqual([]);
  });

  it('pages newest first without duplicates or gaps while new disclosures arrive', async () => {
    // 60 rows, with ties on created_at (to the microsecond) that only the id orders.
    await sql`
      insert into disclosures (id, reference, type, employee_id, employee_name, employee_email, details,
                               evaluation, outcome, state, created_at, updated_at)
      select gen_random_uuid(), 'P-' || lpad(i::text, 3, '0'), 'conflict', 'emp', 'Emp', 'e@x',
             '{"category":"other","description":"x","parties":""}', '{}', 'permitted', 'recorded',
             timestamptz '2020-01-01 12:00:00.123456Z' + ((i / 3) * interval '1 microsecond'), now()
        from generate_series(1, 60) i`.execute(db);
    const before = await db
      .selectFrom('disclosures')
      .select(['reference'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await store.page({}, cursor, 7);
      seen.push(...page.items.map((i) => i.reference));
      cursor = page.nextCursor;
      pages++;
      // Someone discloses while the officer reads.
      await insert(db, { reference: `NEW-${pages}`, type: 'conflict' });
    } while (cursor);

    expect(pages).toBe(9);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(before.map((r) => r.reference));
  });

  it('ends on the last page with no cursor, and refuses a cursor it did not hand out', async () => {
    for (let i = 0; i < 4; i++) await insert(db, { createdAt: `2026-02-0${i + 1}T12:00:00Z` });
    const first = await store.page({}, null, 2);
    expect(first.items).toHaveLength(2);
    const second = await store.page({}, first.nextCursor, 2);
    expect(second.items).toHaveLength(2);
    // Exactly `limit` rows left: the page knows there are no more.
    expect(second.nextCursor).toBeNull();

    for (const bad of ['nope', Buffer.from('["2026-01-01", "x"]').toString('base64url'), '']) {
      await expect(store.page({}, bad, 2)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(decodeCursor(first.nextCursor!).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('streams every matching row in keyset batches, in page order', async () => {
    for (let i = 0; i < 23; i++)
      await insert(db, {
        type: i % 2 ? 'gift' : 'conflict',
        createdAt: `2026-04-01T12:00:${String(i).padStart(2, '0')}Z`,
      });
    const streamed: string[] = [];
    for await (const row of store.stream({ type: ['conflict'] }, 5)) streamed.push(row.reference);
    expect(streamed).toHaveLength(12);
    expect(streamed).toEqual(await allPages(store, { type: ['conflict'] }, 5));
  });

  it('totals a year of gifts per donor and employee, leaving out withdrawn, declined and returned gifts', async () => {
    // The donor is named as in the latest disclosure that counts.
    const acme = { donorName: 'Pat Lee', donorOrganization: 'ACME Corp.' };
    await insert(db, {
      ...acme,
      valueCents: 3000,
      dateReceived: '2026-01-15',
      createdAt: '2026-01-15T15:00:00Z',
    });
    await insert(db, {
      ...acme,
      donorOrganization: 'Acme Corp',
      valueCents: 2500,
      dateReceived: '2026-06-01',
      createdAt: '2026-06-01T15:00:00Z',
    });
    await insert(db, { ...acme, valueCents: 9900, dateReceived: '2026-07-01', state: 'withdrawn' });
    await insert(db, { ...acme, valueCents: 9900, dateReceived: '2026-07-02', disposition: 'declined' });
    await insert(db, { ...acme, valueCents: 9900, dateReceived: '2026-07-03', disposition: 'returned' });
    await insert(db, {
      ...acme,
      valueCents: 1000,
      dateReceived: '2026-05-04',
      disposition: 'donated', // accepted first, so it counts
      createdAt: '2026-05-04T15:00:00Z',
    });
    await insert(db, { ...acme, valueCents: 9900, dateReceived: '2025-12-31' }); // another year
    await insert(db, {
      ...acme,
      valueCents: 4000,
      employeeId: 'emp-renee',
      employeeName: 'Renee Walsh',
      dateReceived: '2026-02-01',
    });
    await insert(db, { donorName: 'Jo Smith', valueCents: 500, dateReceived: '2026-12-31' });
    await insert(db, { type: 'conflict' });

    expect(await store.donorTotals(2026)).toEqual([
      {
        donor: 'Acme Corp',
        donorKey: 'acmecorp',
        employeeId: 'emp-alex',
        employeeName: 'Alex Kim',
        totalCents: 6500,
        count: 3,
      },
      {
        donor: 'ACME Corp.',
        donorKey: 'acmecorp',
        employeeId: 'emp-renee',
        employeeName: 'Renee Walsh',
        totalCents: 4000,
        count: 1,
      },
      {
        donor: 'Jo Smith',
        donorKey: 'josmith',
        employeeId: 'emp-alex',
        employeeName: 'Alex Kim',
        totalCents: 500,
        count: 1,
      },
    ]);
    expect(await store.donorTotals(2025)).toEqual([
      expect.objectContaining({ donorKey: 'acmecorp', totalCents: 9900, count: 1 }),
    ]);
    expect(await store.donorTotals(2024)).toEqual([]);
  });

  it('counts by month in the agency time zone across a daylight-saving change', async () => {
    // Clocks go forward on 8 March 2026 and back on 1 November 2026 in New York.
    await insert(db, { createdAt: '2026-03-01T04:30:00Z', relationship: 'coworker' }); // 28 Feb 23:30 EST → February
    await insert(db, { createdAt: '2026-03-08T06:59:00Z', relationship: 'coworker' }); // 8 Mar 01:59 EST → March
    await insert(db, { createdAt: '2026-03-08T07:00:00Z', relationship: 'lobbyist', outcome: 'prohibited' }); // 03:00 EDT
    await insert(db, {
      createdAt: '2026-04-01T03:30:00Z',
      type: 'conflict',
      category: 'relative',
      outcome: 'review',
    }); // 31 Mar 23:30 EDT → March
    await insert(db, {
      createdAt: '2026-04-01T04:30:00Z',
      type: 'conflict',
      category: 'relative',
      outcome: 'review',
    }); // 1 Apr 00:30 EDT → April
    await insert(db, { createdAt: '2026-11-01T03:59:00Z', type: 'conflict', category: 'other' }); // 31 Oct 23:59 EDT → October
    await insert(db, { createdAt: '2026-11-01T05:30:00Z', relationship: 'other' }); // 1 Nov 01:30 EDT (the first one)
    await insert(db, { createdAt: '2026-11-01T06:30:00Z', relationship: 'other' }); // 1 Nov 01:30 EST (the second one)

    const all = await store.stats(null, null);
    expect(all.byMonth).toEqual([
      { month: '2026-02', count: 1 },
      { month: '2026-03', count: 3 },
      { month: '2026-04', count: 1 },
      { month: '2026-05', count: 0 },
      { month: '2026-06', count: 0 },
      { month: '2026-07', count: 0 },
      { month: '2026-08', count: 0 },
      { month: '2026-09', count: 0 },
      { month: '2026-10', count: 1 },
      { month: '2026-11', count: 2 },
    ]);
    // Largest first; ties by type, then category.
    expect(all.byCategory).toEqual([
      { key: 'relative', type: 'conflict', count: 2 },
      { key: 'coworker', type: 'gift', count: 2 },
      { key: 'other', type: 'gift', count: 2 },
      { key: 'other', type: 'conflict', count: 1 },
      { key: 'lobbyist', type: 'gift', count: 1 },
    ]);
    expect(all.byOutcome).toEqual([
      { key: 'permitted', count: 5 },
      { key: 'review', count: 2 },
      { key: 'prohibited', count: 1 },
    ]);

    const march = await store.stats('2026-03-01', '2026-03-31');
    expect(march.byMonth).toEqual([{ month: '2026-03', count: 3 }]);
    expect(march.byOutcome).toEqual([
      { key: 'permitted', count: 1 },
      { key: 'prohibited', count: 1 },
      { key: 'review', count: 1 },
    ]);
    const quiet = await store.stats('2026-05-01', '2026-06-30');
    expect(quiet).toEqual({
      byMonth: [
        { month: '2026-05', count: 0 },
        { month: '2026-06', count: 0 },
      ],
      byCategory: [],
      byOutcome: [],
    });
  });
});

// ---- 100,000 disclosures --------------------------------------------------------------------------

const VOLUME = 100_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/**
 * `gc`, made available at run time (jest does not pass --expose-gc). Sampling heapUsed without collecting
 * first would measure garbage awaiting collection (tens of MB here), not what the export holds on to.
 */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('Could not expose gc: run node with --expose-gc');
  return gc as () => void;
}

describe('the register at 100,000 disclosures', () => {
  let database: TestDatabase;
  let db: Db;
  let store: RegisterStore;
  const report = (line: string) => {
    if (process.env.REGISTER_REPORT) process.stdout.write(`${line}\n`);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url, 4).db;
    await migrateToLatest(db);
    store = new RegisterStore(db, TZ);
    // A spread of types, categories, outcomes, states, units and donors over ~2 years, with text worth
    // searching. One statement: the rows never cross into Node.
    await sql`
      insert into disclosures (id, reference, type, employee_id, employee_name, employee_email,
                               employee_department, details, evaluation, outcome, state, reviewer_id,
                               reviewer_name, hr_copied, donor_key, gift_value_cents, gift_date,
                               created_at, updated_at)
      select gen_random_uuid(),
             'D-' || (2024 + i / 50000) || '-' || lpad(i::text, 6, '0'),
             case when i % 3 = 0 then 'conflict' else 'gift' end,
             'emp-' || (i % 700),
             'Employee ' || (i % 700) || ' ' || (array['Kim','Ortiz','Walsh','Bell','Nguyen','Garcia'])[1 + i % 6],
             'emp' || (i % 700) || '@agency.example',
             (array['Finance','Legal','Enforcement','Outreach','Operations','IT','Human Resources'])[1 + i % 7],
             case when i % 3 = 0 then jsonb_build_object(
                 'category', (array['outside_employment','financial_interest','relative','public_office',
                                    'political_activity','personal_business','state_resources','other'])[1 + (i / 3) % 8],
                 'description', 'Disclosure ' || i || ': evening work as a ' ||
                                (array['consultant','teacher','bookkeeper','driver','musician'])[1 + i % 5] ||
                                ' for a local firm, outside office hours and away from state premises.',
                 'parties', 'Firm ' || (i % 900) || ' Partners', 'startDate', null, 'endDate', null,
                 'ongoing', true, 'facts', '{}'::jsonb)
               else jsonb_build_object(
                 'donorName', 'Donor ' || (i % 3000), 'donorOrganization', 'Vendor ' || (i % 800) || ' Inc',
                 'relationship', (array['contractor_vendor_bidder','party_to_matter','regulated_or_applicant',
                                        'lobbyist','coworker','supervisor','subordinate','public_at_large','other'])[1 + i % 9],
                 'occasion', 'holiday', 'kind', 'item',
                 'description', 'Gift ' || i || ': ' ||
                                (array['concert tickets','a fruit basket','a bottle of wine','a gift card','a framed print'])[1 + i % 5] ||
                                ' received at the office around the holidays, value estimated by the employee.',
                 'valueCents', (i * 37) % 20000, 'dateReceived', to_char(date '2024-01-01' + (i / 144), 'YYYY-MM-DD'),
                 'asGroupMember', false,
                 'disposition', (array['accepted','accepted','declined','returned','donated'])[1 + i % 5])
             end,
             '{"outcome":"permitted","citations":[],"actions":[],"guidance":[]}',
             (array['permitted','permitted','review','prohibited'])[1 + (i / 3) % 4],
             (array['recorded','recorded','recorded','pending_review','info_requested','approved',
                    'approved_with_conditions','denied','action_required','withdrawn'])[1 + (i / 7) % 10],
             'rev-' || (i % 50), 'Reviewer ' || (i % 50), i % 11 = 0,
             case when i % 3 <> 0 then 'vendor' || (i % 800) || 'inc' end,
             case when i % 3 <> 0 then (i * 37) % 20000 end,
             case when i % 3 <> 0 then date '2024-01-01' + (i / 144) end,
             timestamptz '2024-01-01 00:00:00Z' + i * interval '10 minutes' + (i % 997) * interval '1 microsecond',
             timestamptz '2024-01-01 00:00:00Z' + i * interval '10 minutes'
        from generate_series(1, ${VOLUME}::int) i`.execute(db);
    await sql`vacuum analyze disclosures`.execute(db);
  }, 120_000);

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('answers each main filter combination from indexes, never a sequential scan of the table', async () => {
    const second = await store.page({ state: ['pending_review'] }, null, 50);
    const combinations: Array<[string, RegisterFilter, boolean]> = [
      ['no filter', {}, false],
      ['state', { state: ['pending_review'] }, false],
      ['state, next page', { state: ['pending_review'] }, true],
      ['two states', { state: ['pending_review', 'info_requested'] }, false],
      ['outcome', { outcome: ['prohibited'] }, false],
      ['type', { type: ['conflict'] }, false],
      ['type and state', { type: ['gift'], state: ['approved'] }, false],
      ['category', { category: ['lobbyist'] }, false],
      ['unit', { unit: 'Legal' }, false],
      ['a month', { from: '2025-02-01', to: '2025-02-28' }, false],
      ['a month, next page', { from: '2025-02-01', to: '2025-02-28' }, true],
      ['donor', { donor: 'Vendor 123' }, false],
      ['donor key prefix', { donor: 'vendor12' }, false],
      ['search', { q: 'bookkeeper' }, false],
      ['search for a reference', { q: 'D-2025-071234' }, false],
      ['search and state', { q: 'wine', state: ['pending_review'] }, false],
      [
        'outcome, unit and month',
        { outcome: ['review'], unit: 'Finance', from: '2025-01-01', to: '2025-03-31' },
        false,
      ],
      [
        'everything',
        {
          type: ['gift'],
          category: ['coworker'],
          outcome: ['review'],
          state: ['recorded'],
          unit: 'IT',
          donor: 'vendor',
          q: 'basket',
          from: '2024-06-01',
          to: '2025-06-30',
        },
        false,
      ],
    ];
    const after = decodeCursor(second.nextCursor!);
    for (const [name, filter, nextPage] of combinations) {
      const query = store.pageQuery(filter, nextPage ? after : null, 51).compile();
      const { rows } = await db.executeQuery<{
        'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }>;
      }>({
        ...query,
        sql: `explain (analyze, format json) ${query.sql}`,
      });
      const [explained] = rows[0]!['QUERY PLAN'];
      const nodes = planNodes(explained!.Plan);
      const seqScans = nodes.filter(
        (n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'disclosures',
      );
      report(
        `${name}: ${explained!['Execution Time'].toFixed(2)} ms, ` +
          [...new Set(nodes.map((n) => n['Index Name']).filter(Boolean))].join(' + '),
      );
      expect({ name, seqScans }).toEqual({ name, seqScans: [] });
    }
  });

  it('exports all 100,000 rows as CSV while the heap grows by far less than the export', async () => {
    const gc = exposeGc();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let bytes = 0;
    let lines = 0;
    let sinceSample = 0;
    const started = process.hrtime.bigint();
    for await (const chunk of registerCsv(store, {}, TZ)) {
      bytes += Buffer.byteLength(chunk);
      const n = chunk.split('\r\n').length - 1;
      lines += n;
      sinceSample += n;
      if (sinceSample >= 5000) {
        sinceSample = 0;
        gc(); // the live heap: what the export holds on to, not garbage awaiting collection
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const growth = peak - baseline;
    report(
      `export: ${lines - 1} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s ` +
        `(${Math.round((lines - 1) / seconds)} rows/s, gc included), peak live heap growth ${(growth / 1e6).toFixed(2)} MB`,
    );
    expect(lines).toBe(VOLUME + 1);
    expect(growth).toBeLessThan(bytes / 4);
  }, 60_000);
});
