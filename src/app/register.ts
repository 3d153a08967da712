/**
 * The ethics officer's register, as the API shows it: register rows → DisclosureSummary (the same mapper
 * as every other list of the tab, disclosure-views.ts), and the CSV export (RFC 4180, formula-injection
 * safe), produced as a stream of text chunks.
 */
import type {
  ConflictDetails,
  Decision,
  DisclosureState,
  GiftDetails,
  PolicyEvaluation,
} from '../domain/disclosure/types';
import type { DisclosureRecord } from '../ports/disclosure-store';
import type { RegisterFilter, RegisterRow, RegisterStore } from '../store/register-store';
import { toSummary, type DisclosureSummary } from './disclosure-views';

export type { DisclosureSummary };

/**
 * A register row as a DisclosureRecord, for the shared view mappers. The register does not read the
 * policy evaluation (most of a row's weight): only its outcome is set, so this record is for summaries,
 * never for a DisclosureDetail.
 */
export function recordOfRow(r: RegisterRow): DisclosureRecord {
  const evaluation: PolicyEvaluation = {
    outcome: r.outcome,
    citations: [],
    actions: [],
    copyHr: r.hrCopied,
    guidance: [],
    donorYearTotalCents: null,
  };
  return {
    disclosure: {
      id: r.id,
      reference: r.reference,
      type: r.type,
      employeeId: r.employeeId,
      gift: r.type === 'gift' ? (r.details as unknown as GiftDetails) : null,
      conflict: r.type === 'conflict' ? (r.details as unknown as ConflictDetails) : null,
      evaluation,
      state: r.state as DisclosureState,
      reviewerId: r.reviewerId,
      hrCopied: r.hrCopied,
      decision: r.decision as Decision | null,
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt,
      decisionComment: r.decisionComment,
      conditions: r.conditions,
      infoRequest: r.infoRequest,
      infoAnswer: r.infoAnswer,
      resolution: r.resolution,
      version: r.version,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    },
    employee: {
      id: r.employeeId,
      displayName: r.employeeName,
      email: r.employeeEmail,
      jobTitle: null,
      department: r.employeeDepartment,
    },
    reviewer: r.reviewerId
      ? {
          id: r.reviewerId,
          displayName: r.reviewerName ?? r.reviewerId,
          email: '',
          jobTitle: null,
          department: null,
        }
      : null,
    hrContactId: r.hrContactId,
  };
}

export const summaryOfRow = (r: RegisterRow): DisclosureSummary => toSummary(recordOfRow(r));

export async function registerPage(
  store: RegisterStore,
  filter: RegisterFilter,
  cursor: string | null,
  limit: number,
): Promise<{ items: DisclosureSummary[]; nextCursor: string | null }> {
  const page = await store.page(filter, cursor, limit);
  return { items: page.items.map(summaryOfRow), nextCursor: page.nextCursor };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

// ---- CSV ----------------------------------------------------------------------------------------

/**
 * A cell as RFC 4180 wants it, and safe to open in a spreadsheet: text that starts with = + - @ (or a
 * tab or carriage return, which some spreadsheets skip before such a character) is a formula there, so
 * it gets a leading single quote; a cell with a comma, quote or line break is quoted, quotes doubled.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: ReadonlyArray<string | number | boolean | null | undefined>): string =>
  `${cells.map(csvCell).join(',')}\r\n`;

/** A byte order mark, so that spreadsheet programs read the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

const dollars = (cents: number | null) => (cents === null ? null : (cents / 100).toFixed(2));

function localDateTime(timeZone: string): (d: Date) => string {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return (d) => {
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(d)) p[part.type] = part.value;
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  };
}

/** The export's columns: header and value of each. */
function csvColumns(timeZone: string): Array<[string, (r: RegisterRow) => string | number | boolean | null]> {
  const local = localDateTime(timeZone);
  return [
    ['Reference', (r) => r.reference],
    [`Created (${timeZone})`, (r) => local(r.createdAt)],
    ['Type', (r) => r.type],
    ['Category', (r) => r.category],
    ['Summary', (r) => summaryOfRow(r).summary],
    ['Outcome', (r) => r.outcome],
    ['State', (r) => r.state],
    ['Employee ID', (r) => r.employeeId],
    ['Employee', (r) => r.employeeName],
    ['Email', (r) => r.employeeEmail],
    ['Department', (r) => r.employeeDepartment],
    ['Reviewer', (r) => r.reviewerName],
    ['HR copied', (r) => (r.hrCopied ? 'yes' : 'no')],
    ['Donor', (r) => (r.type === 'gift' ? str(r.details.donorName) || null : null)],
    ['Donor organization', (r) => (r.type === 'gift' ? str(r.details.donorOrganization) || null : null)],
    ['Value (USD)', (r) => dollars(r.valueCents)],
    ['Gift date', (r) => r.giftDate],
    ['Disposition', (r) => (r.type === 'gift' ? str(r.details.disposition) || null : null)],
    ['Parties', (r) => (r.type === 'conflict' ? str(r.details.parties) || null : null)],
    ['Information requested', (r) => r.infoRequest],
    ['Information given', (r) => r.infoAnswer],
    ['Decision', (r) => r.decision],
    ['Decided', (r) => (r.decidedAt ? local(r.decidedAt) : null)],
    ['Decision comment', (r) => r.decisionComment],
    ['Conditions', (r) => r.conditions],
    ['Resolution', (r) => r.resolution],
    ['Updated', (r) => local(r.updatedAt)],
    ['ID', (r) => r.id],
  ];
}

/** Lines per chunk: few enough writes to be quick, small enough to keep memory flat. */
const LINES_PER_CHUNK = 200;

/**
 * The CSV export of every row `filter` matches, newest first: the BOM and header row, then the rows,
 * as text chunks of a few hundred lines (the first chunk holds the header). Rows are read from the store in batches; stop iterating (break,
 * return) and the reading stops.
 */
export async function* registerCsv(
  store: RegisterStore,
  filter: RegisterFilter,
  timeZone: string,
): AsyncGenerator<string> {
  const columns = csvColumns(timeZone);
  // The header goes out with the first rows: the first query has run (and could fail) before any output.
  let chunk = CSV_BOM + csvLine(columns.map(([header]) => header));
  let lines = 0;
  for await (const row of store.stream(filter)) {
    chunk += csvLine(columns.map(([, value]) => value(row)));
    if (++lines === LINES_PER_CHUNK) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (chunk) yield chunk;
}
