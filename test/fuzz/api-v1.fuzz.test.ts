/**
 * Property-based tests of the tab's API (`/api/v1`) against the real app in-process: every route with
 * arbitrary query strings, bodies, ids and tokens. Never a 5xx, no unhandled rejection, and a rejected
 * request (4xx) changes nothing in the database.
 *
 * Seed-fixed; `FUZZ_RUNS=100000 npx jest test/fuzz` for a long run.
 */
import fc from 'fast-check';
import { VERBS } from '../../bot/cards/verbs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardVerbs } from '../support/teams-client';
import {
  fingerprint,
  FUZZ_SEED,
  huge,
  jobsSettled,
  reportCases,
  runs,
  timeoutFor,
  unhandledRejectionSpy,
} from './fuzz-kit';
import { reviewableGift } from '../support/fixtures';
import { ROUTES } from './api-v1-routes';

const DEFAULT_RUNS = 400;

let t: TestApp;
let tokens: string[];
let alexDisclosureId: string;
const spy = unhandledRejectionSpy();

async function signIn(userId: string): Promise<string> {
  const res = await fetch(`${t.app.url}/api/v1/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  t = await startTestApp();
  const alex = t.teams.as(t.person('Alex Kim'));
  await t.teams.as(t.person('Daniel Ortiz')).install();
  await alex.say('gift');
  const form = await t.connector.waitFor(
    (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
  );
  cardOf(await alex.click(VERBS.submitGift, reviewableGift(), form.activityId));
  alexDisclosureId = (await t.app.db.selectFrom('disclosures').select('id').executeTakeFirstOrThrow()).id;
  await jobsSettled(t.app.db);
  // Alex (employee), Daniel (his reviewer), Renee (neither), Marcus (ethics officer), Priya (HR).
  tokens = [];
  for (const name of ['Alex Kim', 'Daniel Ortiz', 'Renee Walsh', 'Marcus Bell', 'Priya Raman'])
    tokens.push(await signIn(t.person(name).id));
});

afterAll(async () => {
  spy.uninstall();
  await t.stop();
});

// ── generators ────────────────────────────────────────────────────────────────────────────────────────

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.constantFrom(
    '',
    ' ',
    'gift',
    'conflict',
    'pending_review,info_requested',
    'approved',
    '2026-02-30',
    '2026-01-01',
    '9999-12-31',
    '-1',
    '0',
    '201',
    '1e3',
    'NaN',
    'acme',
    '"phrase" or -word',
    '!!',
    '&',
    '\u0000',
    "'; drop table disclosures; --",
    'a:b & c | !d',
    'eyJ4Ijo',
    '%',
    '%zz',
  ),
  fc.nat({ max: 5_000 }).map((n) => huge(n, 'q')),
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: text },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.object({ maxDepth: 2 }),
  fc.constantFrom('approve', 'approve_with_conditions', 'deny', 'request_info'),
);

const id = fc.oneof(
  fc.constant(() => alexDisclosureId),
  fc.uuid(),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  text,
);

const queryKeys = [
  'state',
  'type',
  'category',
  'outcome',
  'from',
  'to',
  'unit',
  'donor',
  'q',
  'cursor',
  'limit',
  'year',
];

const query = fc.array(
  fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...queryKeys) }, fc.string()), text),
  {
    maxLength: 6,
  },
);

const bodyKeys = [
  'answer',
  'resolution',
  'decision',
  'comment',
  'conditions',
  'userId',
  'version',
  'delegateId',
  'startsOn',
  'endsOn',
];

const body = fc.oneof(
  fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...bodyKeys) }, fc.string()), junk, {
    maxKeys: 5,
  }),
  junk,
);

const caseArb = fc.record({
  route: fc.constantFrom(...ROUTES),
  method: fc.oneof(
    { weight: 9, arbitrary: fc.constant(undefined) },
    fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
  ),
  id,
  query,
  // Index into the signed-in tokens; beyond them: none, garbage, a tampered one.
  auth: fc.nat({ max: 7 }),
  body: fc.oneof(
    { weight: 4, arbitrary: body.map((b) => ({ json: b })) },
    fc.oneof(fc.string(), fc.constantFrom('{', '{"answer":', '[', 'null')).map((raw) => ({ raw })),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
  ),
});

// ── the property ──────────────────────────────────────────────────────────────────────────────────────

type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never;

function authHeader(n: number): string | undefined {
  if (n < tokens.length) return `Bearer ${tokens[n]}`;
  if (n === tokens.length) return undefined;
  if (n === tokens.length + 1) return 'Bearer not-a-token';
  return `Bearer ${tokens[0]!.slice(0, -4)}AAAA`;
}

async function send(c: Case): Promise<number> {
  const theId = typeof c.id === 'function' ? (c.id as () => string)() : String(c.id);
  const path = c.route.path.replace(/:[A-Za-z]+/g, encodeURIComponent(theId));
  const qs = new URLSearchParams(c.query).toString();
  const method = c.method ?? c.route.method;
  const headers: Record<string, string> = { 'content-type': c.contentType };
  const auth = authHeader(c.auth);
  if (auth) headers.authorization = auth;
  const hasBody = method !== 'GET';
  const payload = 'raw' in c.body ? c.body.raw : (JSON.stringify(c.body.json) ?? 'null');
  const res = await fetch(`${t.app.url}${path}${qs ? `?${qs}` : ''}`, {
    method,
    headers,
    body: hasBody ? payload : undefined,
  });
  await res.arrayBuffer();
  return res.status;
}

describe('the tab API under arbitrary requests', () => {
  it('sends requests to every /api/v1 route the app serves (api-v1-routes.ts lists them)', () => {
    const served = t.app
      .routes()
      .filter((r) => r.includes(' /api/v1/'))
      .sort();
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(served);
  });

  it(
    'never answers 5xx, never leaves a rejection unhandled, and a rejected request changes nothing',
    async () => {
      const startedAt = performance.now();
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          cases++;
          const before = await fingerprint(t.app.db);
          const status = await send(c);
          expect(status).toBeLessThan(500);
          const after = await fingerprint(t.app.db);
          if (status >= 400) expect(after).toBe(before);
          else if (after !== before) await jobsSettled(t.app.db);
          expect(spy.reasons).toEqual([]);
        }),
        { seed: FUZZ_SEED, numRuns: runs(DEFAULT_RUNS) },
      );
      expect(await t.auditChainOk()).toBe(true);
      reportCases('/api/v1', cases, startedAt);
    },
    timeoutFor(DEFAULT_RUNS),
  );
});
