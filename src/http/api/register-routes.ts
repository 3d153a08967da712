/**
 * `/api/v1/register*`: the ethics officer's register (docs/api.md). Ethics officer only.
 *
 *   GET /api/v1/register               { items: DisclosureSummary[], nextCursor }   keyset paging
 *   GET /api/v1/register/export.csv    text/csv, streamed with backpressure
 *   GET /api/v1/register/donor-totals  { items: [{ donor, donorKey, employeeId, employeeName, totalCents, count }] }
 *   GET /api/v1/register/stats         { byMonth, byCategory, byOutcome }
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { registerCsv, registerPage } from '../../app/register';
import { dateInZone } from '../../app/submit-disclosure';
import { CONFLICT_CATEGORIES, DISCLOSURE_STATES, GIFT_RELATIONSHIPS } from '../../domain/disclosure/types';
import { MAX_PAGE_SIZE, RegisterStore, type RegisterFilter } from '../../store/register-store';
import { requireRole } from './authorize';
import type { ApiContext } from './context';
import { parseInput } from './validation';

/** `?x=` (empty) is the same as no `x`; a repeated parameter (`?x=a&x=b`) the same as `?x=a,b`. */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => {
    if (Array.isArray(v)) v = v.join(',');
    return typeof v === 'string' && v.trim() === '' ? undefined : v;
  }, schema.optional());

/** A comma-separated list of allowed values. */
const oneOrMore = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  optional(
    z
      .string()
      .transform((s) => [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(z.enum(values, { message: `Not a known ${what}: use ${values.join(', ')}.` }))),
  );

const date = z.iso.date({ message: 'Use a date as yyyy-mm-dd.' });
// Fuzz fix: PostgreSQL text cannot hold NUL (a filter with one was a 500); it is a 400 naming the field.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters.`)
    .refine((s) => !s.includes('\u0000'), 'Remove the NUL character.');
const CATEGORIES = [...new Set<string>([...GIFT_RELATIONSHIPS, ...CONFLICT_CATEGORIES])] as [
  string,
  ...string[],
];

const period = {
  from: optional(date),
  to: optional(date),
};
const fromNotAfterTo = (q: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (q.from && q.to && q.from > q.to)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must be on or after `from`.' });
};

const filterShape = {
  type: oneOrMore(['gift', 'conflict'], 'type'),
  category: oneOrMore(CATEGORIES, 'category'),
  outcome: oneOrMore(['permitted', 'review', 'prohibited'], 'outcome'),
  state: oneOrMore(DISCLOSURE_STATES, 'state'),
  ...period,
  unit: optional(text(200)),
  donor: optional(text(200)),
  q: optional(text(500)),
};

export const registerFilterQuery = z.object(filterShape).superRefine(fromNotAfterTo);

const registerPageQuery = z
  .object({
    ...filterShape,
    cursor: optional(z.string().max(500, 'Not a cursor from this register.')),
    limit: optional(
      z.coerce
        .number({ message: 'Must be a number.' })
        .int('Must be a whole number.')
        .min(1, 'At least 1.')
        .max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE}.`),
    ),
  })
  .superRefine(fromNotAfterTo);

const donorTotalsQuery = z.object({
  year: optional(z.coerce.number({ message: 'Must be a year.' }).int('Must be a year.').min(1900).max(2999)),
});

const statsQuery = z.object(period).superRefine(fromNotAfterTo);

export const DEFAULT_PAGE_SIZE = 50;

function toFilter(q: z.infer<typeof registerFilterQuery>): RegisterFilter {
  return {
    type: q.type,
    category: q.category,
    outcome: q.outcome,
    state: q.state,
    from: q.from,
    to: q.to,
    unit: q.unit,
    donor: q.donor,
    q: q.q,
  };
}

export function registerRegisterRoutes(server: Server, ctx: ApiContext): void {
  const store = new RegisterStore(ctx.db, ctx.agency.timeZone);
  const today = () => dateInZone(ctx.disclosures.clock.now(), ctx.agency.timeZone);

  server.get(
    '/api/v1/register',
    ctx.route(async (req, res, principal) => {
      requireRole(principal, 'ethics_officer');
      const q = parseInput(registerPageQuery, req.query);
      const page = await registerPage(store, toFilter(q), q.cursor ?? null, q.limit ?? DEFAULT_PAGE_SIZE);
      res.setHeader('cache-control', 'no-store');
      res.send(200, page);
    }),
  );

  server.get(
    '/api/v1/register/export.csv',
    ctx.route(async (req, res, principal) => {
      requireRole(principal, 'ethics_officer');
      const filter = toFilter(parseInput(registerFilterQuery, req.query));
      ctx.log.info({ userId: principal.id }, 'register export');
      await streamCsv(res, registerCsv(store, filter, ctx.agency.timeZone), `candor-register-${today()}.csv`);
    }),
  );

  server.get(
    '/api/v1/register/donor-totals',
    ctx.route(async (req, res, principal) => {
      requireRole(principal, 'ethics_officer');
      const q = parseInput(donorTotalsQuery, req.query);
      const items = await store.donorTotals(q.year ?? Number(today().slice(0, 4)));
      res.setHeader('cache-control', 'no-store');
      res.send(200, { items });
    }),
  );

  server.get(
    '/api/v1/register/stats',
    ctx.route(async (req, res, principal) => {
      requireRole(principal, 'ethics_officer');
      const q = parseInput(statsQuery, req.query);
      res.setHeader('cache-control', 'no-store');
      res.send(200, await store.stats(q.from ?? null, q.to ?? null));
    }),
  );
}

/** What streamCsv needs of a response (restify's Response, or a test's stand-in). */
export interface StreamTarget {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string): boolean;
  end(): unknown;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/**
 * Writes the chunks as the response body, waiting for 'drain' whenever the socket's buffer is full, so a
 * slow client slows the reading down instead of filling memory. A client that goes away stops the reading
 * (the generator is returned). The first chunk (which comes after the first batch of rows was read) is
 * awaited before the headers go out, so a failure before any row is still answered as problem+json.
 */
export async function streamCsv(
  res: StreamTarget,
  chunks: AsyncGenerator<string>,
  filename: string,
): Promise<void> {
  let next = await chunks.next();
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
  let closed = false;
  const onClose = () => {
    closed = true;
  };
  res.once('close', onClose);
  try {
    while (!next.done && !closed) {
      if (!res.write(next.value)) await drainedOrClosed(res);
      if (closed) break;
      next = await chunks.next();
    }
  } finally {
    res.off('close', onClose);
    await chunks.return(undefined);
  }
  if (!closed) res.end();
}

function drainedOrClosed(res: StreamTarget): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
