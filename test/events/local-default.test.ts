/**
 * The local default (no Graph): an outreach staff member creates an event in the tab, a member of the
 * public registers on its page, and the event is in the bot's `events` list with a Register button.
 */
import { DateTime } from 'luxon';
import { EVENT_VERBS } from '../../bot/cards/event-verbs';
import { NO_MEETING_TEXT } from '../../bot/cards/events';
import { startTestApp, type TestApp } from '../support/app-harness';
import { apiCall, devSignIn } from '../support/api-client';
import { cardText, cardVerbs } from '../support/teams-client';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

/** A date some days ahead in New York, as the form takes it. */
function ahead(days: number): string {
  return DateTime.now().setZone('America/New_York').plus({ days }).toFormat('yyyy-MM-dd');
}

export const publicOutreach = (date: string) => ({
  kind: 'outreach',
  audience: 'public',
  title: 'Know your rights: fair housing',
  description: 'How to recognise and report housing discrimination.',
  startDate: date,
  startTime: '18:00',
  endTime: '19:30',
  capacity: '50',
  presenters: 'Sam Patel\nJordan Lee',
});

describe('events on the local default', () => {
  it('lets outreach staff create an event, the public register, and staff see it in the bot', async () => {
    const sam = t.person('Sam Patel');
    const token = await devSignIn(t.app.url, sam.id);
    const created = await apiCall(t.app.url, '/api/v1/events', token, {
      method: 'POST',
      body: publicOutreach(ahead(10)),
    });
    expect(created.status).toBe(201);
    const event = created.body.event;
    expect(event.hasMeeting).toBe(false);
    expect(event.when).toMatch(/6:00 PM E[SD]T/);
    expect(event.publicUrl).toMatch(/\/events\/[A-Za-z0-9_-]+$/);

    // A member of the public registers.
    const publicPath = new URL(event.publicUrl).pathname;
    const page = await fetch(`${t.app.url}${publicPath}`);
    const pageHtml = await page.text();
    expect(page.status).toBe(200);
    expect(pageHtml).toContain('Know your rights: fair housing');
    const posted = await fetch(`${t.app.url}${publicPath}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        name: 'Maria Gonzalez',
        email: 'maria@example.org',
        website: '',
      }).toString(),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const personal = await fetch(`${t.app.url}${posted.headers.get('location')}`);
    const personalHtml = await personal.text();
    expect(personalHtml).toContain('You are registered, Maria Gonzalez.');
    expect(personalHtml).toContain('The link to join will follow');
    const ics = await fetch(`${t.app.url}${posted.headers.get('location')}/event.ics`);
    expect(await ics.text()).toContain('BEGIN:VEVENT');

    // Staff see it in the bot, marked as having no Teams meeting once registered.
    const alex = t.teams.as(t.person('Alex Kim'));
    await alex.say('events');
    const list = await t.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && cardText(e.activity).includes('Upcoming events'),
    );
    expect(cardText(list.activity)).toContain('Know your rights: fair housing');
    expect(cardVerbs(list.activity)).toContain(EVENT_VERBS.register);
    const clicked = await alex.click(EVENT_VERBS.register, { eventId: event.id }, list.activityId);
    expect(cardText(clicked.body?.value)).toContain('You are registered');
    expect(cardText(clicked.body?.value)).toContain(NO_MEETING_TEXT);

    const detail = await apiCall(t.app.url, `/api/v1/events/${event.id}`, token);
    expect(detail.body.registrations.map((r: { name: string }) => r.name).sort()).toEqual([
      'Alex Kim',
      'Maria Gonzalez',
    ]);
    expect(await t.auditChainOk()).toBe(true);
  });
});
