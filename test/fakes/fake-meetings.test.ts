/**
 * The fakes' Teams meetings: FakeEntraId's on-behalf-of grant and FakeGraph's calendar events, online
 * meetings and paged attendance reports, spoken over loopback HTTP as Graph documents them.
 */
import { FakeEntraId } from './entra-id';
import { FakeGraph } from './graph';

const GRAPH = 'https://graph.microsoft.com';
let entra: FakeEntraId;
let graph: FakeGraph;

beforeAll(async () => {
  entra = await FakeEntraId.start({
    clients: [
      { clientId: 'tab', clientSecret: 'tab-secret' },
      { clientId: 'reader', clientSecret: 'reader-secret' },
    ],
  });
  graph = await FakeGraph.start({ auth: { issuer: entra }, pageSize: 2 });
});
afterAll(async () => {
  await graph.close();
  await entra.close();
});

async function token(
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${entra.httpUrl}/${entra.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const obo = (assertion: string, clientSecret = 'tab-secret') =>
  token({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    requested_token_use: 'on_behalf_of',
    client_id: 'tab',
    client_secret: clientSecret,
    assertion,
    scope: `${GRAPH}/Calendars.ReadWrite offline_access`,
  });

async function call(method: string, path: string, bearer: string, body?: unknown) {
  const res = await fetch(`${graph.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('on-behalf-of and Teams meetings in the fakes', () => {
  it('exchanges a user token for the tab into a delegated Graph token for that user, and nothing else', async () => {
    const user = await entra.issueToken({ oid: 'u-sam', name: 'Sam Patel' }, { audience: 'tab' });
    const granted = await obo(user);
    expect(granted.status).toBe(200);
    const claims = await entra.verify(granted.body.access_token as string, { audience: GRAPH });
    expect(claims).toMatchObject({ oid: 'u-sam', scp: 'Calendars.ReadWrite', azp: 'tab' });

    expect((await obo(user, 'wrong')).body.error).toBe('invalid_client');
    const forOtherApp = await entra.issueToken({ oid: 'u-sam' }, { audience: 'reader' });
    expect((await obo(forOtherApp)).body.error).toBe('invalid_grant');
    const forged = await entra.issueToken({ oid: 'u-sam' }, { audience: 'tab', signWith: 'foreign' });
    expect((await obo(forged)).body.error).toBe('invalid_grant');
  });

  it('creates a calendar event with a Teams meeting for /me, finds it by join URL, and pages its attendance', async () => {
    const user = await entra.issueToken({ oid: 'u-sam', name: 'Sam Patel' }, { audience: 'tab' });
    const delegated = (await obo(user)).body.access_token as string;
    const created = await call('POST', '/me/events', delegated, {
      subject: 'Training',
      start: { dateTime: '2027-05-04T14:00:00', timeZone: 'UTC' },
      end: { dateTime: '2027-05-04T15:00:00', timeZone: 'UTC' },
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    });
    expect(created.status).toBe(201);
    const joinUrl = (created.body.onlineMeeting as { joinUrl: string }).joinUrl;
    expect(joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);

    const app = (
      await token({
        grant_type: 'client_credentials',
        client_id: 'reader',
        client_secret: 'reader-secret',
        scope: `${GRAPH}/.default`,
      })
    ).body.access_token as string;
    // `/me` means nothing to an app token.
    expect((await call('POST', '/me/events', app, { subject: 'x', start: {}, end: {} })).status).toBe(400);

    const filter = encodeURIComponent(`JoinWebUrl eq '${joinUrl}'`);
    const found = await call('GET', `/users/u-sam/onlineMeetings?$filter=${filter}`, app);
    const meetings = found.body.value as Array<{ id: string; joinWebUrl: string }>;
    expect(meetings.map((m) => m.joinWebUrl)).toEqual([joinUrl]);
    expect(
      (await call('GET', `/users/someone-else/onlineMeetings?$filter=${filter}`, app)).body.value,
    ).toEqual([]);

    graph.meetings.addAttendanceReport(
      joinUrl,
      [1, 2, 3].map((n) => ({
        userId: `u${n}`,
        displayName: `Person ${n}`,
        email: null,
        totalAttendanceInSeconds: n * 60,
      })),
    );
    const reports = await call(
      'GET',
      `/users/u-sam/onlineMeetings/${meetings[0]!.id}/attendanceReports`,
      app,
    );
    const reportId = (reports.body.value as Array<{ id: string }>)[0]!.id;
    let next: string | undefined =
      `${graph.baseUrl}/users/u-sam/onlineMeetings/${meetings[0]!.id}/attendanceReports/${reportId}/attendanceRecords`;
    const seconds: number[] = [];
    let pages = 0;
    while (next) {
      const page = await call('GET', next.slice(graph.baseUrl.length), app);
      pages++;
      seconds.push(
        ...(page.body.value as Array<{ totalAttendanceInSeconds: number }>).map(
          (r) => r.totalAttendanceInSeconds,
        ),
      );
      next = page.body['@odata.nextLink'] as string | undefined;
    }
    expect(seconds).toEqual([60, 120, 180]);
    expect(pages).toBe(2);

    const eventId = created.body.id as string;
    expect(
      (await call('PATCH', `/users/u-sam/events/${eventId}`, delegated, { subject: 'Training (moved)' }))
        .status,
    ).toBe(200);
    expect(
      (await call('POST', `/users/u-sam/events/${eventId}/cancel`, delegated, { comment: 'Off' })).status,
    ).toBe(202);
    expect(graph.meetings.events.get(eventId)).toMatchObject({
      subject: 'Training (moved)',
      isCancelled: true,
      cancelComment: 'Off',
    });
  });
});
