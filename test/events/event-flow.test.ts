/**
 * The whole flow with Teams meetings through (fake) Microsoft Graph and Entra ID on-behalf-of:
 * outreach staff create a training → a Teams meeting on their calendar → three staff register through
 * the bot, one is waitlisted → one cancels, the waitlisted one is promoted → the training ends → the
 * attendance report is read (paged) → minutes recorded, matched by object id or email → certificates
 * issued to those who met the completion rule, verifiable at /verify/{code}; a revoked one shows as
 * revoked. The certificate PDF is read back.
 */
import { DateTime } from 'luxon';
import { EVENT_VERBS } from '../../bot/cards/event-verbs';
import type { Clock } from '../../src/ports/clock';
import { FakeEntraId } from '../fakes/entra-id';
import { FakeGraph } from '../fakes/graph';
import { startTestApp, type TestApp } from '../support/app-harness';
import { apiCall } from '../support/api-client';
import { pdfText } from '../support/pdf-text';
import { cardOf, cardText, type TeamsUser } from '../support/teams-client';
import orgChart from '../../config/demo-org-chart.json';

const tab = { clientId: 'candor-tab', clientSecret: 'tab-s3cret' };
const graphApp = { clientId: 'candor-graph', clientSecret: 'graph-s3cret' };

let entra: FakeEntraId;
let graph: FakeGraph;
let t: TestApp;
let now = new Date();
const clock: Clock = { now: () => now };

beforeAll(async () => {
  entra = await FakeEntraId.start({ tenantId: orgChart.tenantId, clients: [tab, graphApp] });
  graph = await FakeGraph.start({ users: orgChart.people, auth: { issuer: entra }, pageSize: 2 });
  t = await startTestApp(
    {
      ENTRA_TENANT_ID: orgChart.tenantId,
      ENTRA_APP_ID: tab.clientId,
      ENTRA_APP_SECRET: tab.clientSecret,
      ENTRA_AUTHORITY_HOST: entra.url,
      MEETINGS: 'graph',
      GRAPH_BASE_URL: graph.baseUrl,
      GRAPH_AUTHORITY_HOST: entra.url,
      GRAPH_TENANT_ID: orgChart.tenantId,
      GRAPH_CLIENT_ID: graphApp.clientId,
      GRAPH_CLIENT_SECRET: graphApp.clientSecret,
    },
    { overrides: { authorityCa: entra.ca, clock } },
  );
});

afterAll(async () => {
  await t.stop();
  await graph.close();
  await entra.close();
});

/** A Teams SSO token for the tab, as Entra ID would issue it. */
function ssoToken(name: string, roles: string[] = []): Promise<string> {
  const p = t.person(name);
  return entra.issueToken({ oid: p.id, name: p.displayName, roles }, { audience: tab.clientId });
}

async function eventsCard(user: TeamsUser): Promise<string> {
  const before = t.connector.sent.length;
  await user.say('events');
  const sent = await t.connector.waitFor(
    (e) => t.connector.sent.indexOf(e) >= before && e.conversationId === user.conversationId,
  );
  return sent.activityId;
}

describe('a training with a Teams meeting, from creation to attendance', () => {
  it('runs the whole flow through the bot, the tab API and Graph', async () => {
    const day = DateTime.fromJSDate(now).setZone('America/New_York').plus({ days: 3 }).toFormat('yyyy-MM-dd');
    const sam = await ssoToken('Sam Patel', ['OutreachStaff']);

    // ── Create: a Teams meeting on Sam's calendar, made on his behalf ──────────────────────────────
    const created = await apiCall(t.app.url, '/api/v1/events', sam, {
      method: 'POST',
      body: {
        kind: 'training',
        audience: 'staff',
        title: 'Sexual harassment prevention',
        description: 'The annual training required of all staff.',
        startDate: day,
        startTime: '10:00',
        endTime: '11:00',
        capacity: '2',
        presenters: 'Priya Raman',
      },
    });
    expect(created.status).toBe(201);
    const event = created.body.event;
    const [calendarEvent] = graph.meetings.created;
    expect(calendarEvent).toMatchObject({
      ownerId: t.person('Sam Patel').id,
      subject: 'Sexual harassment prevention',
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    });
    expect(event.joinUrl).toBe(calendarEvent!.joinUrl);
    // The meeting was made with a delegated token obtained on-behalf-of Sam.
    expect(entra.tokenRequests.some((r) => r.clientId === tab.clientId && r.outcome === 'issued')).toBe(true);
    const createCall = graph.requests.find((r) => r.method === 'POST' && r.path === '/v1.0/me/events');
    expect(createCall?.status).toBe(201);

    // ── Three staff register through the bot; the third is waitlisted ─────────────────────────────
    const [alex, jordan, luis] = ['Alex Kim', 'Jordan Lee', 'Luis Romero'].map((n) =>
      t.teams.as(t.person(n)),
    );
    const outcomes: string[] = [];
    for (const user of [alex!, jordan!, luis!]) {
      const card = cardOf(
        await user.click(EVENT_VERBS.register, { eventId: event.id }, await eventsCard(user)),
      );
      outcomes.push(cardText(card));
    }
    expect(outcomes[0]).toContain('You are registered');
    expect(outcomes[0]).toContain('Join the Teams meeting');
    expect(outcomes[1]).toContain('You are registered');
    expect(outcomes[2]).toContain('you are on the waitlist');
    // Clicking again changes nothing.
    const again = cardText(
      cardOf(await alex!.click(EVENT_VERBS.register, { eventId: event.id }, await eventsCard(alex!))),
    );
    expect(again).toContain('Nothing changed');

    // ── Jordan cancels; Luis is promoted and told in the bot chat ─────────────────────────────────
    await jordan!.click(EVENT_VERBS.cancel, { eventId: event.id }, await eventsCard(jordan!));
    const promoted = await t.connector.waitFor(
      (e) => e.conversationId === luis!.conversationId && cardText(e.activity).includes('A seat freed up'),
    );
    expect(cardText(promoted.activity)).toContain(calendarEvent!.joinUrl!);
    const statuses = async () => {
      const d = await apiCall(t.app.url, `/api/v1/events/${event.id}`, sam);
      return Object.fromEntries(
        d.body.registrations.map((r: { name: string; status: string }) => [r.name, r.status]),
      );
    };
    expect(await statuses()).toEqual({
      'Alex Kim': 'registered',
      'Jordan Lee': 'cancelled',
      'Luis Romero': 'registered',
    });
    // Registrants were never added to the calendar event (that would re-invite everyone).
    expect(calendarEvent!.attendees).toEqual([]);
    expect(calendarEvent!.patches).toEqual([]);

    // ── Edit: the meeting is updated, no one is re-invited; registrants are told in the chat ────────────────────────────────────────
    const edited = await apiCall(t.app.url, `/api/v1/events/${event.id}`, sam, {
      method: 'PUT',
      body: {
        ...event.local,
        kind: 'training',
        audience: 'staff',
        title: 'Sexual harassment prevention (2027)',
        capacity: '2',
        presenters: 'Priya Raman',
        description: event.description,
        version: event.version,
      },
    });
    expect(edited.status).toBe(200);
    expect(calendarEvent!.subject).toBe('Sexual harassment prevention (2027)');
    expect(calendarEvent!.patches).toHaveLength(1);
    expect(calendarEvent!.patches[0]).not.toHaveProperty('attendees');
    await t.connector.waitFor(
      (e) =>
        e.conversationId === alex!.conversationId &&
        cardText(e.activity).includes('An event you registered for changed'),
    );

    // ── The training ends; the attendance report is read, paged, and matched ──────────────────────
    const tooEarly = await apiCall(t.app.url, `/api/v1/events/${event.id}/attendance/read`, sam, {
      method: 'POST',
    });
    expect(tooEarly.body.outcome).toEqual({ kind: 'not_over' });
    now = new Date(new Date(event.endsAt).getTime() + 45 * 60_000);
    graph.meetings.addAttendanceReport(calendarEvent!.joinUrl!, [
      {
        userId: t.person('Sam Patel').id,
        displayName: 'Sam Patel',
        email: 'sam.patel@chro.example',
        totalAttendanceInSeconds: 3600,
        role: 'Organizer',
      },
      {
        userId: t.person('Alex Kim').id,
        displayName: 'Alex Kim',
        email: null,
        totalAttendanceInSeconds: 40 * 60,
      },
      {
        userId: null,
        displayName: 'Luis Romero',
        email: orgChart.people.find((p) => p.displayName === 'Luis Romero')!.email.toUpperCase(),
        totalAttendanceInSeconds: 20 * 60,
      },
      {
        userId: t.person('Alex Kim').id,
        displayName: 'Alex Kim',
        email: null,
        totalAttendanceInSeconds: 15 * 60,
      },
      { userId: null, displayName: 'Guest caller', email: null, totalAttendanceInSeconds: 600 },
    ]);
    const read = await apiCall(t.app.url, `/api/v1/events/${event.id}/attendance/read`, sam, {
      method: 'POST',
    });
    expect(read.status).toBe(200);
    expect(read.body.outcome).toMatchObject({ kind: 'recorded', matched: 2, unmatched: 2 });
    const minutes = Object.fromEntries(
      read.body.registrations.map(
        (r: { name: string; attendedMinutes: number | null; completed: boolean }) => [
          r.name,
          [r.attendedMinutes, r.completed],
        ],
      ),
    );
    expect(minutes).toEqual({
      'Alex Kim': [55, true],
      'Luis Romero': [20, false],
      'Jordan Lee': [null, false],
    });
    expect(read.body.unmatchedAttendees.map((u: { name: string }) => u.name).sort()).toEqual([
      'Guest caller',
      'Sam Patel',
    ]);
    // The records came in pages of two, following @odata.nextLink.
    expect(graph.requests.filter((r) => r.path.endsWith('/attendanceRecords')).length).toBe(3);

    // ── Alex met the rule (55 of 60 minutes ≥ 80%): a certificate, delivered in the bot chat ───────
    const alexCert = read.body.registrations.find((r: { name: string }) => r.name === 'Alex Kim').certificate;
    expect(alexCert).toMatchObject({ status: 'valid' });
    expect(
      read.body.registrations.find((r: { name: string }) => r.name === 'Luis Romero').certificate,
    ).toBeNull();
    await t.connector.waitFor(
      (e) => e.conversationId === alex!.conversationId && cardText(e.activity).includes(alexCert.code),
    );
    const verified = await fetch(`${t.app.url}/verify/${alexCert.code}`);
    expect(verified.status).toBe(200);
    expect(await verified.text()).toContain('Valid certificate');
    const pdf = await fetch(`${t.app.url}${alexCert.downloadUrl}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('Alex Kim');
    expect(text).toContain('Sexual harassment prevention (2027)');
    expect(text).toContain(alexCert.code);

    // Reading the report again issues nothing twice.
    const reread = await apiCall(t.app.url, `/api/v1/events/${event.id}/attendance/read`, sam, {
      method: 'POST',
    });
    expect(
      reread.body.registrations.find((r: { name: string }) => r.name === 'Alex Kim').certificate.code,
    ).toBe(alexCert.code);

    // ── Outreach staff mark Luis present by hand for longer (he dialled in by phone) ───────────────
    const luisReg = read.body.registrations.find((r: { name: string }) => r.name === 'Luis Romero');
    const marked = await apiCall(
      t.app.url,
      `/api/v1/events/${event.id}/registrations/${luisReg.id}/attendance`,
      sam,
      {
        method: 'PUT',
        body: { minutes: 50 },
      },
    );
    expect(marked.status).toBe(200);
    expect(marked.body.registrations.find((r: { name: string }) => r.name === 'Luis Romero')).toMatchObject({
      attendedMinutes: 50,
      attendanceSource: 'manual',
      completed: true,
    });

    const luisCert = marked.body.registrations.find(
      (r: { name: string }) => r.name === 'Luis Romero',
    ).certificate;
    expect(luisCert).toMatchObject({ status: 'valid' });

    // ── Outreach staff revoke Alex's certificate: /verify says revoked ─────────────────────────────
    const revoked = await apiCall(
      t.app.url,
      `/api/v1/events/${event.id}/certificates/${alexCert.id}/revoke`,
      sam,
      {
        method: 'POST',
        body: { reason: 'Left the meeting running while away' },
      },
    );
    expect(revoked.status).toBe(200);
    expect(
      revoked.body.registrations.find((r: { name: string }) => r.name === 'Alex Kim').certificate.status,
    ).toBe('revoked');
    expect(await (await fetch(`${t.app.url}/verify/${alexCert.code}`)).text()).toContain(
      'Revoked certificate',
    );
    // An employee cannot revoke.
    const alexSso = await ssoToken('Alex Kim');
    const refused = await apiCall(
      t.app.url,
      `/api/v1/events/${event.id}/certificates/${luisCert.id}/revoke`,
      alexSso,
      {
        method: 'POST',
        body: { reason: 'no' },
      },
    );
    expect(refused.status).toBe(403);

    // ── CSV export of registrations and attendance ────────────────────────────────────────────────
    const csv = await apiCall(t.app.url, `/api/v1/events/${event.id}/registrations.csv`, sam);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Alex Kim');
    expect(csv.text).toMatch(
      /Luis Romero,.*,staff,registered,\d{4}-\d\d-\d\d,50,marked by hand,CHRO-[A-Z0-9-]+,valid/,
    );

    // An employee cannot see the registrations.
    const alexToken = await ssoToken('Alex Kim');
    const asAlex = await apiCall(t.app.url, `/api/v1/events/${event.id}`, alexToken);
    expect(asAlex.body.registrations).toBeUndefined();
    expect((await apiCall(t.app.url, `/api/v1/events/${event.id}/registrations.csv`, alexToken)).status).toBe(
      403,
    );
    expect(await t.auditChainOk()).toBe(true);
  });

  it('cancels the Teams meeting with the event, tells registrants, and sends materials to those who missed one', async () => {
    const sam = await ssoToken('Sam Patel', ['OutreachStaff']);
    const day = DateTime.fromJSDate(now).setZone('America/New_York').plus({ days: 2 }).toFormat('yyyy-MM-dd');
    const form = {
      kind: 'outreach',
      audience: 'staff',
      startDate: day,
      startTime: '15:00',
      endTime: '16:00',
    };
    const [cancelled, held] = await Promise.all(
      ['Town hall', 'Community listening session'].map(async (title) => {
        const r = await apiCall(t.app.url, '/api/v1/events', sam, {
          method: 'POST',
          body: { ...form, title },
        });
        expect(r.status).toBe(201);
        return r.body.event as { id: string; joinUrl: string; endsAt: string };
      }),
    );
    const grace = t.teams.as(t.person('Grace Okafor'));
    for (const e of [cancelled!, held!])
      await grace.click(EVENT_VERBS.register, { eventId: e.id }, await eventsCard(grace));

    const answer = await apiCall(t.app.url, `/api/v1/events/${cancelled!.id}/cancel`, sam, {
      method: 'POST',
      body: { reason: 'The speaker is ill; a new date follows.' },
    });
    expect(answer.body.event.status).toBe('cancelled');
    const meeting = graph.meetings.created.find((m) => m.joinUrl === cancelled!.joinUrl)!;
    expect(meeting.isCancelled).toBe(true);
    expect(meeting.cancelComment).toBe('The speaker is ill; a new date follows.');
    const notice = await t.connector.waitFor(
      (e) => e.conversationId === grace.conversationId && cardText(e.activity).includes('was cancelled'),
    );
    expect(cardText(notice.activity)).toContain('The speaker is ill');

    // Grace misses the other one; the slides and recording are sent to her afterwards.
    now = new Date(new Date(held!.endsAt).getTime() + 60 * 60_000);
    const materials = await apiCall(t.app.url, `/api/v1/events/${held!.id}/materials`, sam, {
      method: 'PUT',
      body: {
        materials: [
          { kind: 'slides', label: 'Slides', url: 'https://chro.example/slides.pdf' },
          { kind: 'recording', label: 'Recording', url: 'https://chro.example/recording' },
        ],
      },
    });
    expect(materials.status).toBe(200);
    const sent = await t.connector.waitFor(
      (e) =>
        e.conversationId === grace.conversationId &&
        cardText(e.activity).includes('Materials from an event you missed'),
    );
    expect(cardText(sent.activity)).toContain('https://chro.example/recording');
  });

  it('gives a public attendee of a training her certificate on her personal page', async () => {
    const sam = await ssoToken('Sam Patel', ['OutreachStaff']);
    const day = DateTime.fromJSDate(now).setZone('America/New_York').plus({ days: 4 }).toFormat('yyyy-MM-dd');
    const form = {
      kind: 'training',
      audience: 'public',
      title: 'Fair housing for landlords',
      startDate: day,
      startTime: '09:00',
      endTime: '10:30',
      capacity: '1',
    };
    const created = await apiCall(t.app.url, '/api/v1/events', sam, { method: 'POST', body: form });
    const event = created.body.event;
    const publicPath = new URL(event.publicUrl).pathname;
    const register = (name: string, email: string) =>
      fetch(`${t.app.url}${publicPath}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name, email, website: '' }).toString(),
        redirect: 'manual',
      }).then((r) => r.headers.get('location')!);
    const maria = await register('María González', 'maria@example.org');
    const ben = await register('Ben Ortiz', 'ben@example.org');
    const page = async (path: string) => (await fetch(`${t.app.url}${path}`)).text();
    expect(await page(maria)).toContain(event.joinUrl.replace(/&/g, '&amp;'));
    expect(await page(ben)).toContain('you are on the waitlist');

    // More seats: the waitlist moves up at once.
    const more = await apiCall(t.app.url, `/api/v1/events/${event.id}`, sam, {
      method: 'PUT',
      body: { ...event.local, ...form, capacity: '2', version: event.version },
    });
    expect(more.body.registrations.map((r: { status: string }) => r.status)).toEqual([
      'registered',
      'registered',
    ]);
    expect(await page(ben)).toContain('You are registered, Ben Ortiz');

    now = new Date(new Date(event.endsAt).getTime() + 10 * 60_000);
    const mariaReg = more.body.registrations.find((r: { name: string }) => r.name === 'María González');
    await apiCall(t.app.url, `/api/v1/events/${event.id}/registrations/${mariaReg.id}/attendance`, sam, {
      method: 'PUT',
      body: { minutes: 90 },
    });
    const personal = await page(maria);
    const link = /href="(\/certificates\/[^"]+\.pdf)"/.exec(personal)?.[1];
    expect(link).toBeDefined();
    const { text } = await pdfText(Buffer.from(await (await fetch(`${t.app.url}${link}`)).arrayBuffer()));
    expect(text).toContain('María González');
    expect(text).toContain('Fair housing for landlords');
    expect(await page(ben)).not.toContain('/certificates/');
  });
});
