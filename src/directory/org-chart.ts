/**
 * The org chart file: who works here, who manages whom, and (locally) who holds which role.
 *
 * JSON: `{ "tenantId"?: string, "people": [{ id, displayName, email, jobTitle, department, managerId,
 * roles: [] }] }` (see config/demo-org-chart.json). CSV: a header naming the columns `id, displayName,
 * email, jobTitle, department, managerId, roles` (any order; jobTitle, department and roles may be left
 * out), roles separated by `;`, empty cells meaning none.
 *
 * Loading validates everything and throws one ConfigError naming the file and, for each problem, the
 * entry (`people[3]` or `line 5`) and the person's id: bad fields, duplicate ids, a managerId that is
 * nobody's id, and management cycles.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Person } from '../domain/disclosure/types';
import { ConfigError } from '../domain/errors';
import { CsvSyntaxError, parseCsv } from './csv';

/** Roles. Everyone is an `employee`; the others are granted in the file's `roles`. */
export const ROLES = ['employee', 'ethics_officer', 'hr', 'outreach', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface OrgChartPerson extends Person {
  managerId: string | null;
  /** Roles granted in the file (`employee`, implicit, is not repeated here). */
  roles: Role[];
}

export type OrgChartFormat = 'json' | 'csv';

const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

const requiredText = z
  .string({ error: (iss) => (iss.input === undefined ? 'is missing' : 'must be text') })
  .trim()
  .min(1, 'is empty');

const personSchema = z.strictObject({
  id: requiredText,
  displayName: requiredText,
  email: z.email({
    error: (iss) =>
      iss.input === undefined ? 'is missing' : `${JSON.stringify(iss.input)} is not an email address`,
  }),
  jobTitle: optionalText,
  department: optionalText,
  managerId: optionalText,
  roles: z
    .array(
      z.enum(ROLES, {
        error: (iss) => `unknown role ${JSON.stringify(iss.input)} (roles: ${ROLES.join(', ')})`,
      }),
    )
    .default([])
    .transform((roles) => [...new Set(roles)].filter((r) => r !== 'employee')),
});

const jsonFileSchema = z.object({
  $comment: z.string().optional(),
  tenantId: optionalText,
  people: z.array(z.unknown()).min(1, 'lists no one'),
});

const CSV_COLUMNS = ['id', 'displayName', 'email', 'jobTitle', 'department', 'managerId', 'roles'] as const;
const REQUIRED_CSV_COLUMNS = ['id', 'displayName', 'email', 'managerId'];

/** An entry before validation, with where it came from. */
interface RawEntry {
  /** `people[3]` or `line 5`. */
  where: string;
  value: unknown;
}

export class OrgChart {
  private readonly index: ReadonlyMap<string, OrgChartPerson>;

  constructor(
    readonly people: readonly OrgChartPerson[],
    readonly tenantId: string | null,
    /** The file it was read from (for messages). */
    readonly source: string,
  ) {
    this.index = new Map(people.map((p) => [p.id, p]));
  }

  byId(id: string): OrgChartPerson | undefined {
    return this.index.get(id);
  }

  /** People holding `role`; everyone for `employee`. */
  withRole(role: Role): OrgChartPerson[] {
    return role === 'employee' ? [...this.people] : this.people.filter((p) => p.roles.includes(role));
  }

  /** `employee` plus the roles granted in the file; [] for someone not in the chart. */
  rolesOf(id: string): Role[] {
    const person = this.byId(id);
    return person ? ['employee', ...person.roles] : [];
  }
}

/** Read and validate an org chart file; the format follows the extension (.json or .csv). */
export function loadOrgChart(file: string): OrgChart {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.csv')
    throw new ConfigError(`Org chart ${file}: the file name must end in .json or .csv.`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `Org chart ${file} could not be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return parseOrgChart(text, ext === '.csv' ? 'csv' : 'json', file);
}

/** Validate org chart text; `source` names it in messages. */
export function parseOrgChart(text: string, format: OrgChartFormat, source: string): OrgChart {
  const { entries, tenantId } = format === 'csv' ? readCsv(text, source) : readJson(text, source);
  const problems: string[] = [];
  const people: Array<{ where: string; person: OrgChartPerson }> = [];
  for (const entry of entries) {
    const parsed = personSchema.safeParse(entry.value);
    if (parsed.success) {
      people.push({ where: entry.where, person: parsed.data });
      continue;
    }
    const label = labelOf(entry);
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      problems.push(`${label}: ${field}${issue.message}`);
    }
  }
  problems.push(...relationshipProblems(people));
  if (problems.length > 0)
    throw new ConfigError(`Org chart ${source} is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  return new OrgChart(
    people.map((p) => p.person),
    tenantId,
    source,
  );
}

function readJson(text: string, source: string): { entries: RawEntry[]; tenantId: string | null } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `Org chart ${source} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const parsed = jsonFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError(`Org chart ${source} is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  return {
    tenantId: parsed.data.tenantId,
    entries: parsed.data.people.map((value, i) => ({ where: `people[${i}]`, value })),
  };
}

function readCsv(text: string, source: string): { entries: RawEntry[]; tenantId: string | null } {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      throw new ConfigError(`Org chart ${source} is not valid CSV: ${err.message}`);
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) throw new ConfigError(`Org chart ${source} is empty.`);
  const columns = header.fields.map((name) => {
    const canonical = CSV_COLUMNS.find((c) => c.toLowerCase() === name.trim().toLowerCase());
    if (!canonical)
      throw new ConfigError(
        `Org chart ${source} line ${header.line}: unknown column ${JSON.stringify(name)} (columns: ${CSV_COLUMNS.join(', ')}).`,
      );
    return canonical;
  });
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !columns.includes(c as (typeof CSV_COLUMNS)[number]));
  if (missing.length > 0)
    throw new ConfigError(
      `Org chart ${source} line ${header.line}: the header lacks the column(s) ${missing.join(', ')}.`,
    );
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate)
    throw new ConfigError(`Org chart ${source} line ${header.line}: the column ${duplicate} appears twice.`);
  if (rows.length === 0) throw new ConfigError(`Org chart ${source} has a header but no people.`);

  const problems: string[] = [];
  const entries: RawEntry[] = [];
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      problems.push(`line ${row.line}: has ${row.fields.length} fields, the header has ${columns.length}`);
      continue;
    }
    const value: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = row.fields[i] ?? '';
      value[column] =
        column === 'roles'
          ? cell
              .split(';')
              .map((r) => r.trim())
              .filter(Boolean)
          : cell;
    });
    entries.push({ where: `line ${row.line}`, value });
  }
  if (problems.length > 0)
    throw new ConfigError(`Org chart ${source} is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  return { entries, tenantId: null };
}

function labelOf(entry: RawEntry): string {
  const id = (entry.value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.trim() !== ''
    ? `${entry.where} (id ${JSON.stringify(id.trim())})`
    : entry.where;
}

/** Duplicate ids, unknown managers and management cycles. */
function relationshipProblems(people: Array<{ where: string; person: OrgChartPerson }>): string[] {
  const problems: string[] = [];
  const firstSeen = new Map<string, string>();
  for (const { where, person } of people) {
    const earlier = firstSeen.get(person.id);
    if (earlier)
      problems.push(`${where} (id ${JSON.stringify(person.id)}): duplicate id, already used at ${earlier}`);
    else firstSeen.set(person.id, where);
  }
  const byId = new Map(people.map((p) => [p.person.id, p.person]));
  for (const { where, person } of people) {
    if (person.managerId !== null && !byId.has(person.managerId))
      problems.push(
        `${where} (id ${JSON.stringify(person.id)}): managerId ${JSON.stringify(person.managerId)} is not the id of anyone in the org chart`,
      );
  }
  // Cycles: follow each chain of managers; a chain that comes back to a person on it is a cycle.
  const done = new Set<string>();
  for (const { person } of people) {
    const chain: string[] = [];
    let current: OrgChartPerson | undefined = person;
    while (current && !done.has(current.id)) {
      const at = chain.indexOf(current.id);
      if (at !== -1) {
        const cycle = [...chain.slice(at), current.id].map(
          (id) => `${byId.get(id)?.displayName ?? id} (${id})`,
        );
        problems.push(
          chain.length - at === 1
            ? `management cycle: ${cycle[0] ?? ''} is their own manager`
            : `management cycle: ${cycle.join(' → ')}`,
        );
        break;
      }
      chain.push(current.id);
      current = current.managerId !== null ? byId.get(current.managerId) : undefined;
    }
    for (const id of chain) done.add(id);
  }
  return problems;
}
