/**
 * The public registration page: no Teams account, name and email, a honeypot against bots, a rate
 * limit per IP, no listing of other registrants; seats counted exactly under concurrent registrations.
 */
import { DateTime } from 'luxon';
import { startTestApp, type TestApp } from '../support/app-harness';
import { apiCall, devSignIn } from '../support/api-client';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  token = await devSignIn(t.app.url, t.person('Sam Patel').id);
});
afterAll(async () => {
  await t.stop();
});

const day = () => DateTime.now().setZone('America/New_York').plus({ days: 5 }).toFormat('yyyy-MM-dd');

async function createEvent(
  fields: Record<string, string>,
): Promise<{ id: string; publicPath: string | null }> {
  const r = await apiCall(t.app.url, '/api/v1/events', token, {
    method: 'POST',
    body: {
      kind: 'outreach',
      audience: 'public',
      title: 'Fair housing clinic',
      startDate: day(),
      startTime: '12:00',
      endTime: '13:00',
      ...fields,
    },
  });
  expect(r.status).toBe(201);
  return {
    id: r.body.event.id,
    publicPath: r.body.event.publicUrl ? new URL(r.body.event.publicUrl).pathname : null,
  };
}

function post(path: string, fields: Record<string, string>) {
  return fetch(`${t.app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function registrations(eventId: string): Promise<Array<{ name: string; status: string }>> {
  return (await apiCall(t.app.url, `/api/v1/events/${eventId}`, token)).body.registrations;
}

describe('the public registration page', () => {
  it('exists only for public events', async () => {
    const staffOnly = await createEvent({ audience: 'staff' });
    expect(staffOnly.publicPath).toBeNull();
    const row = await t.app.db
      .selectFrom('events')
      .select('public_id')
      .where('id', '=', staffOnly.id)
      .executeTakeFirstOrThrow();
    const res = await fetch(`${t.app.url}/events/${row.public_id}`);
    expect(res.status).toBe(404);
    expect((await fetch(`${t.app.url}/events/not-an-event-at-all`)).status).toBe(404);
  });

  it('answers a bot that fills the honeypot like a person, and stores nothing', async () => {
    const e = await createEvent({});
    const res = await post(`${e.publicPath}/register`, {
      name: 'Spam Bot',
      email: 'bot@spam.example',
      website: 'http://spam.example',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Thank you');
    expect(await registrations(e.id)).toEqual([]);
  });

  it('explains what is wrong with the form and keeps what was typed', async () => {
    const e = await createEvent({});
    const res = await post(`${e.publicPath}/register`, {
      name: 'Ana Lima',
      email: 'not-an-email',
      website: '',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Enter an email address');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="Ana Lima"');
    expect(await registrations(e.id)).toEqual([]);
  });

  it('never shows other registrants, and seats go to the waitlist, then to the first waiting on a cancel', async () => {
    const e = await createEvent({ capacity: '1' });
    const first = await post(`${e.publicPath}/register`, {
      name: 'Ana Lima',
      email: 'ana@example.org',
      website: '',
    });
    const second = await post(`${e.publicPath}/register`, {
      name: 'Ben Ortiz',
      email: 'ben@example.org',
      website: '',
    });
    const anaPage = await (await fetch(`${t.app.url}${first.headers.get('location')}`)).text();
    const benPage = await (await fetch(`${t.app.url}${second.headers.get('location')}`)).text();
    const eventPage = await (await fetch(`${t.app.url}${e.publicPath}`)).text();
    expect(anaPage).toContain('You are registered, Ana Lima');
    expect(benPage).toContain('you are on the waitlist');
    for (const page of [anaPage, eventPage]) expect(page).not.toMatch(/Ben Ortiz|ben@example/);
    for (const page of [benPage, eventPage]) expect(page).not.toMatch(/Ana Lima|ana@example/);

    // Registering again with the same email changes nothing.
    const again = await post(`${e.publicPath}/register`, {
      name: 'Ana Lima',
      email: 'ANA@example.org',
      website: '',
    });
    expect(again.headers.get('location')).toBe(first.headers.get('location'));

    const cancelled = await post(`${first.headers.get('location')}/cancel`, {});
    expect(cancelled.status).toBe(303);
    expect(await (await fetch(`${t.app.url}${first.headers.get('location')}`)).text()).toContain(
      'Your registration is cancelled',
    );
    expect(await (await fetch(`${t.app.url}${second.headers.get('location')}`)).text()).toContain(
      'You are registered, Ben Ortiz',
    );
    expect(await t.auditChainOk()).toBe(true);
  });

  it('gives the last seat to exactly one of two people registering at once', async () => {
    const e = await createEvent({ capacity: '1', audience: 'staff' });
    const [alex, jordan] = await Promise.all(
      ['Alex Kim', 'Jordan Lee'].map(async (n) => devSignIn(t.app.url, t.person(n).id)),
    );
    const answers = await Promise.all(
      [alex, jordan].map((tok) =>
        apiCall(t.app.url, `/api/v1/events/${e.id}/registration`, tok, { method: 'POST' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.event.mine.status).sort()).toEqual(['registered', 'waitlisted']);
  });
});

describe('the rate limit of the public registration form', () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await startTestApp();
  });
  afterAll(async () => {
    await fresh.stop();
  });

  it('answers 429 once an address has registered ten times in a row', async () => {
    const sam = await devSignIn(fresh.app.url, fresh.person('Sam Patel').id);
    const created = await apiCall(fresh.app.url, '/api/v1/events', sam, {
      method: 'POST',
      body: {
        kind: 'outreach',
        audience: 'public',
        title: 'Open house',
        startDate: day(),
        startTime: '12:00',
        endTime: '13:00',
      },
    });
    const path = `${new URL(created.body.event.publicUrl).pathname}/register`;
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      const res = await fetch(`${fresh.app.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          name: `Person ${i}`,
          email: `p${i}@example.org`,
          website: '',
        }).toString(),
        redirect: 'manual',
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(303));
    expect(statuses.slice(10)).toContain(429);
  });
});
