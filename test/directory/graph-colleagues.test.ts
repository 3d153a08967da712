/**
 * Colleagues (review delegates) and away checks through Microsoft Graph: every page of directReports,
 * and automatic replies in their documented shapes.
 */
import path from 'node:path';
import { GraphAvailability, instant } from '../../src/directory/graph-availability';
import { createGraphClient } from '../../src/directory/graph-client';
import { GraphDirectory } from '../../src/directory/graph-directory';
import { loadOrgChart } from '../../src/directory/org-chart';
import { OrgChartDirectory } from '../../src/directory/org-chart-directory';
import { FakeEntraId } from '../fakes/entra-id';
import { FakeGraph } from '../fakes/graph';

const chart = loadOrgChart(path.join(__dirname, '..', '..', 'config', 'demo-org-chart.json'));
const TANYA = '11111111-0000-4000-8000-000000000001';
const DANIEL = '11111111-0000-4000-8000-000000000004';
const CLIENT = { clientId: 'candor-graph-app', clientSecret: 'graph-secret' };
const COLLEAGUES_OF_DANIEL = [
  'Alex Kim',
  'Grace Okafor',
  'Marcus Bell',
  'Priya Raman',
  'Renee Walsh',
  'Tanya Hughes',
];

let entra: FakeEntraId;
let graph: FakeGraph;

beforeEach(async () => {
  entra = await FakeEntraId.start({ clients: [CLIENT] });
  graph = await FakeGraph.start({ users: [...chart.people], auth: { issuer: entra }, pageSize: 2 });
});
afterEach(async () => {
  await graph.close();
  await entra.close();
});

const options = () => ({
  baseUrl: graph.baseUrl,
  authorityHost: entra.url,
  tenantId: entra.tenantId,
  clientId: CLIENT.clientId,
  credential: { kind: 'secret' as const, secret: CLIENT.clientSecret },
  authorityCa: entra.ca,
});

describe('colleagues of a reviewer', () => {
  it('are their manager, the manager’s other reports and their own reports, the same from Graph and the org chart', async () => {
    const names = (people: Array<{ displayName: string }>) => people.map((p) => p.displayName);
    expect(names(await new GraphDirectory(options()).colleagues(DANIEL))).toEqual(COLLEAGUES_OF_DANIEL);
    expect(names(await new OrgChartDirectory(chart).colleagues(DANIEL))).toEqual(COLLEAGUES_OF_DANIEL);
    // Five reports of Tanya, two a page: three requests.
    expect(graph.requestsTo(`/v1.0/users/${TANYA}/directReports`)).toHaveLength(3);
  });
});

describe('whether a reviewer is away', () => {
  const at = new Date('2026-12-07T15:00:00Z');

  it('follows the automatic replies: always, scheduled around the moment, or off; no mailbox is not away', async () => {
    const away = new GraphAvailability(createGraphClient(options()));
    expect(await away.isAway(DANIEL, at)).toBe(false);
    graph.setAutomaticReplies(DANIEL, { status: 'alwaysEnabled' });
    expect(await away.isAway(DANIEL, at)).toBe(true);
    graph.setAutomaticReplies(DANIEL, {
      status: 'scheduled',
      scheduledStartDateTime: { dateTime: '2026-12-07T10:00:00.0000000', timeZone: 'Eastern Standard Time' },
      scheduledEndDateTime: { dateTime: '2026-12-08T00:00:00.0000000', timeZone: 'UTC' },
    });
    expect(await away.isAway(DANIEL, at)).toBe(true);
    expect(await away.isAway(DANIEL, new Date('2026-12-07T14:59:59Z'))).toBe(false);
    graph.setUser({ ...graph.user(DANIEL)!, mail: null });
    expect(await away.isAway(DANIEL, at)).toBe(false);
  });

  it('fails (for the caller to route as usual) when Graph answers an error', async () => {
    graph.failAutomaticReplies(DANIEL, 500);
    await expect(new GraphAvailability(createGraphClient(options())).isAway(DANIEL, at)).rejects.toThrow();
  });

  it('reads dateTimeTimeZone values in IANA and Windows zones', () => {
    expect(instant({ dateTime: '2026-07-02T09:00:00.0000000', timeZone: 'Eastern Standard Time' })).toEqual(
      new Date('2026-07-02T13:00:00Z'),
    );
    expect(instant({ dateTime: '2026-12-07T09:00:00', timeZone: 'America/Chicago' })).toEqual(
      new Date('2026-12-07T15:00:00Z'),
    );
    expect(instant({ dateTime: 'soon', timeZone: 'UTC' })).toBeNull();
  });
});
