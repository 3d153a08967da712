import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/domain/errors';
import { parseCsv } from '../../src/directory/csv';
import { loadOrgChart } from '../../src/directory/org-chart';
import { OrgChartDirectory } from '../../src/directory/org-chart-directory';

const DEMO = path.join(__dirname, '..', '..', 'config', 'demo-org-chart.json');
const TANYA = '11111111-0000-4000-8000-000000000001';
const MARCUS = '11111111-0000-4000-8000-000000000002';
const DANIEL = '11111111-0000-4000-8000-000000000004';
const ALEX = '11111111-0000-4000-8000-000000000005';

const HEADER = 'id,displayName,email,jobTitle,department,managerId,roles';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'candor-org-chart-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

function jsonChart(people: unknown[]): string {
  return JSON.stringify({ people });
}

const person = (
  id: string,
  managerId: string | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  id,
  displayName: `Person ${id}`,
  email: `${id}@candor-demo.example`,
  jobTitle: null,
  department: null,
  managerId,
  roles: [],
  ...extra,
});

/** The ConfigError message loading `p` throws. */
function problemsOf(p: string): string {
  try {
    loadOrgChart(p);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`${p} loaded without error`);
}

describe('the org chart file', () => {
  it('loads the demo org chart with its tenant, people and roles', () => {
    const chart = loadOrgChart(DEMO);
    expect(chart.tenantId).toBe('00000000-0000-4000-8000-00000000c4d0');
    expect(chart.people).toHaveLength(10);
    expect(chart.byId(ALEX)).toMatchObject({ displayName: 'Alex Kim', managerId: DANIEL, roles: [] });
    expect(chart.withRole('ethics_officer').map((p) => p.id)).toEqual([MARCUS]);
    expect(chart.withRole('employee')).toHaveLength(10);
    expect(chart.rolesOf(MARCUS)).toEqual(['employee', 'ethics_officer']);
    expect(chart.rolesOf(ALEX)).toEqual(['employee']);
    expect(chart.rolesOf('nobody')).toEqual([]);
  });

  it('reads a CSV org chart: quoted fields, roles separated by semicolons, empty cells as none', () => {
    const chart = loadOrgChart(
      file(
        'chart.csv',
        [
          HEADER,
          'boss,"Hughes, Tanya",tanya@candor-demo.example,"Executive Director, ""Acting""",Executive Office,,admin;hr',
          'rep,Alex Kim,alex@candor-demo.example,,,boss,',
          '',
        ].join('\n'),
      ),
    );
    expect(chart.tenantId).toBeNull();
    expect(chart.byId('boss')).toEqual({
      id: 'boss',
      displayName: 'Hughes, Tanya',
      email: 'tanya@candor-demo.example',
      jobTitle: 'Executive Director, "Acting"',
      department: 'Executive Office',
      managerId: null,
      roles: ['admin', 'hr'],
    });
    expect(chart.byId('rep')).toMatchObject({
      jobTitle: null,
      department: null,
      managerId: 'boss',
      roles: [],
    });
    expect(chart.rolesOf('boss')).toEqual(['employee', 'admin', 'hr']);
  });

  it('reads a CSV saved by Excel: byte order mark, CRLF line ends, columns in another order and case', () => {
    const chart = loadOrgChart(
      file(
        'excel.csv',
        '\uFEFFEmail,ID,DisplayName,ManagerId,Roles\r\nboss@candor-demo.example,boss,Boss,,\r\nrep@candor-demo.example,rep,Rep,boss,outreach\r\n',
      ),
    );
    expect(chart.people.map((p) => [p.id, p.managerId, p.roles])).toEqual([
      ['boss', null, []],
      ['rep', 'boss', ['outreach']],
    ]);
  });

  it('rejects a duplicate id, naming the file and both entries', () => {
    const p = file('dup.json', jsonChart([person('a', null), person('b', 'a'), person('a', null)]));
    const message = problemsOf(p);
    expect(message).toContain(`Org chart ${p} is invalid`);
    expect(message).toContain('people[2] (id "a"): duplicate id, already used at people[0]');
  });

  it('rejects a managerId that is nobody in the org chart, with the CSV line', () => {
    const p = file(
      'unknown-manager.csv',
      `${HEADER}\na,A,a@candor-demo.example,,,,\nb,B,b@candor-demo.example,,,zed,\n`,
    );
    expect(problemsOf(p)).toContain(
      'line 3 (id "b"): managerId "zed" is not the id of anyone in the org chart',
    );
  });

  it('rejects a management cycle, naming the people in it', () => {
    const p = file(
      'cycle.json',
      jsonChart([person('top', null), person('a', 'c'), person('b', 'a'), person('c', 'b')]),
    );
    expect(problemsOf(p)).toMatch(
      /management cycle: Person a \(a\) → Person c \(c\) → Person b \(b\) → Person a \(a\)/,
    );
  });

  it('rejects a person who is their own manager', () => {
    const p = file('self.json', jsonChart([person('a', 'a')]));
    expect(problemsOf(p)).toContain('management cycle: Person a (a) is their own manager');
  });

  it('rejects bad fields, naming the entry, the id and the field, and lists every problem at once', () => {
    const p = file(
      'fields.json',
      jsonChart([
        person('a', null, { email: 'not-an-email' }),
        person('b', null, { roles: ['boss'] }),
        person('c', null, { role: 'hr' }),
        { id: 'd', email: 'd@candor-demo.example', managerId: null },
      ]),
    );
    const message = problemsOf(p);
    expect(message).toContain('people[0] (id "a"): email: "not-an-email" is not an email address');
    expect(message).toContain('people[1] (id "b"): roles.0: unknown role "boss"');
    expect(message).toContain('people[2] (id "c"): Unrecognized key: "role"');
    expect(message).toContain('people[3] (id "d"): displayName: is missing');
  });

  it('rejects CSV rows with the wrong number of fields and unknown columns, naming the line', () => {
    expect(problemsOf(file('short.csv', `${HEADER}\na,A,a@candor-demo.example,,,\n`))).toContain(
      'line 2: has 6 fields, the header has 7',
    );
    expect(problemsOf(file('column.csv', 'id,displayName,email,managerId,manager\n'))).toContain(
      'line 1: unknown column "manager"',
    );
    expect(problemsOf(file('missing.csv', 'id,displayName,email\na,A,a@x.example\n'))).toContain(
      'the header lacks the column(s) managerId',
    );
    expect(problemsOf(file('unclosed.csv', `${HEADER}\na,"A,a@candor-demo.example,,,,\n`))).toContain(
      'is not valid CSV: line 2: a quoted field is never closed',
    );
  });

  it('rejects a file that is missing, is not JSON, or has another extension', () => {
    expect(problemsOf(path.join(dir, 'absent.json'))).toMatch(/absent\.json could not be read/);
    expect(problemsOf(file('broken.json', '{"people": ['))).toMatch(/broken\.json is not valid JSON/);
    expect(problemsOf(file('chart.txt', ''))).toMatch(/must end in \.json or \.csv/);
    expect(problemsOf(file('empty.json', '{"people": []}'))).toContain('people: lists no one');
  });
});

describe('OrgChartDirectory', () => {
  const directory = new OrgChartDirectory(loadOrgChart(DEMO));

  it('finds a person and their manager', async () => {
    await expect(directory.getUser(ALEX)).resolves.toEqual({
      id: ALEX,
      displayName: 'Alex Kim',
      email: 'alex.kim@candor-demo.example',
      jobTitle: 'Human Rights and Opportunities Representative',
      department: 'Contract Compliance Unit',
    });
    await expect(directory.getManager(ALEX)).resolves.toMatchObject({
      id: DANIEL,
      displayName: 'Daniel Ortiz',
    });
  });

  it('answers null for the manager of someone who has none', async () => {
    await expect(directory.getManager(TANYA)).resolves.toBeNull();
  });

  it('answers null for someone not in the org chart, and for their manager', async () => {
    await expect(directory.getUser('nobody')).resolves.toBeNull();
    await expect(directory.getManager('nobody')).resolves.toBeNull();
  });
});

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes and line breaks inside quotes, and reports where records start', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\n"multi\nline",x,\n\nlast,,')).toEqual([
      { line: 1, fields: ['a', 'b,c', 'say "hi"'] },
      { line: 2, fields: ['multi\nline', 'x', ''] },
      { line: 5, fields: ['last', '', ''] },
    ]);
  });

  it('rejects a stray quote inside an unquoted field and text after a closing quote', () => {
    expect(() => parseCsv('a,b"c\n')).toThrow('line 1: a quote inside an unquoted field');
    expect(() => parseCsv('a\n"b"c\n')).toThrow('line 2: unexpected text after a closing quote');
  });
});
