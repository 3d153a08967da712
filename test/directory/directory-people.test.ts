/**
 * Campaign audiences from the directory: everyone and a group's members, from Microsoft Graph (paged with
 * `@odata.nextLink`) and from the org chart (whose groups are its roles).
 */
import path from 'node:path';
import { GraphDirectory } from '../../src/directory/graph-directory';
import { loadOrgChart } from '../../src/directory/org-chart';
import { OrgChartDirectory } from '../../src/directory/org-chart-directory';
import { FakeEntraId } from '../fakes/entra-id';
import { FakeGraph } from '../fakes/graph';

const chart = loadOrgChart(path.join(__dirname, '..', '..', 'config', 'demo-org-chart.json'));
const CLIENT = { clientId: 'candor-graph-app', clientSecret: 'graph-secret' };
const MANY = Array.from({ length: 2345 }, (_, i) => ({
  id: `33333333-0000-4000-8000-${i.toString().padStart(12, '0')}`,
  displayName: `Person ${i}`,
  email: `person${i}@candor-demo.example`,
  department: i % 2 ? 'Legal Division' : 'Human Resources',
}));

describe('listing people from Microsoft Graph', () => {
  let entra: FakeEntraId;
  let graph: FakeGraph;
  let directory: GraphDirectory;

  beforeAll(async () => {
    entra = await FakeEntraId.start({ clients: [{ ...CLIENT, roles: ['User.Read.All'] }] });
    graph = await FakeGraph.start({ users: MANY, auth: { issuer: entra, requiredRoles: ['User.Read.All'] } });
    graph.setGroup('ethics-training', [MANY[3]!.id, MANY[2000]!.id]);
    directory = new GraphDirectory({
      baseUrl: graph.baseUrl,
      authorityHost: entra.url,
      tenantId: entra.tenantId,
      clientId: CLIENT.clientId,
      credential: { kind: 'secret', secret: CLIENT.clientSecret },
      authorityCa: entra.ca,
    });
  });

  afterAll(async () => {
    await graph.close();
    await entra.close();
  });

  it('follows @odata.nextLink through every page of /users', async () => {
    const people = await directory.listPeople();
    expect(people).toHaveLength(MANY.length);
    expect(new Set(people.map((p) => p.id)).size).toBe(MANY.length);
    expect(people[1]).toEqual({
      id: MANY[1]!.id,
      displayName: 'Person 1',
      email: 'person1@candor-demo.example',
      jobTitle: null,
      department: 'Legal Division',
    });
    const pages = graph.requestsTo('/v1.0/users').filter((r) => r.path === '/v1.0/users');
    expect(pages).toHaveLength(3); // $top=999
    // Staff only: the filter is asked of Graph (the fake serves every user regardless).
    expect(new URLSearchParams(pages[0]!.query).get('$filter')).toBe(
      "accountEnabled eq true and userType eq 'Member'",
    );
  });

  it("lists a group's members, and answers null for a group that does not exist", async () => {
    const members = await directory.listGroupMembers('ethics-training');
    expect(members?.map((p) => p.displayName)).toEqual(['Person 3', 'Person 2000']);
    expect(await directory.listGroupMembers('no-such-group')).toBeNull();
  });
});

describe('listing people from the org chart', () => {
  const directory = new OrgChartDirectory(chart);

  it('lists everyone, and the holders of a role as a group', async () => {
    expect(await directory.listPeople()).toHaveLength(chart.people.length);
    expect((await directory.listGroupMembers('ethics_officer'))?.map((p) => p.displayName)).toEqual([
      'Marcus Bell',
    ]);
    expect(await directory.listGroupMembers('nobody')).toBeNull();
  });
});
