/**
 * Times across daylight-saving changes in the agency zone (America/New_York): a time in the
 * spring-forward gap is refused, a time in the fall-back hour must say which of its two instants it
 * means, and an event at 1:30 a.m. on a change day is stored, shown and reminded at the right instant.
 */
import { sql } from 'kysely';
import { EVENT_VERBS } from '../../bot/cards/event-verbs';
import { reminderAt, parseReminderOffsets } from '../../src/domain/events/reminders';
import { formatInZone, resolveLocalTime } from '../../src/domain/events/time';
import { startTestApp, type TestApp } from '../support/app-harness';
import { apiCall, devSignIn } from '../support/api-client';
import { cardText } from '../support/teams-client';

const NY = 'America/New_York';

describe('local times in New York', () => {
  it('refuses 2:30 a.m. on 2027-03-14, which the clocks skip', () => {
    const r = resolveLocalTime('2027-03-14', '02:30', NY);
    expect(r.kind).toBe('nonexistent');
    expect(r.kind === 'nonexistent' && r.message).toMatch(/does not exist/);
  });

  it('asks which 1:30 a.m. on 2026-11-01 is meant, and takes the offset as the answer', () => {
    const r = resolveLocalTime('2026-11-01', '01:30', NY);
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(r.choices.map((c) => [c.offset, c.instant.toISOString()])).toEqual([
      ['-04:00', '2026-11-01T05:30:00.000Z'],
      ['-05:00', '2026-11-01T06:30:00.000Z'],
    ]);
    expect(r.choices[0]!.label).toMatch(/1:30 AM EDT.*first/);
    expect(r.choices[1]!.label).toMatch(/1:30 AM EST.*second/);
    const second = resolveLocalTime('2026-11-01', '01:30', NY, '-05:00');
    expect(second).toEqual({ kind: 'ok', instant: new Date('2026-11-01T06:30:00.000Z') });
    expect(formatInZone(new Date('2026-11-01T06:30:00Z'), NY)).toBe('Sunday, November 1, 2026, 1:30 AM EST');
  });

  it('takes unambiguous times on change days as they are', () => {
    expect(resolveLocalTime('2027-03-14', '03:30', NY)).toEqual({
      kind: 'ok',
      instant: new Date('2027-03-14T07:30:00Z'),
    });
    expect(resolveLocalTime('2026-11-01', '00:30', NY)).toEqual({
      kind: 'ok',
      instant: new Date('2026-11-01T04:30:00Z'),
    });
  });

  it('reminds a day before at the same local time, and 15 minutes before exactly', () => {
    const [day, quarter] = parseReminderOffsets('1d,15m');
    const start = new Date('2026-11-01T06:30:00Z'); // 1:30 a.m. EST, after the clocks fell back
    // The day before is still daylight time: 1:30 a.m. EDT, 25 hours earlier.
    expect(reminderAt(start, day!, NY).toISOString()).toBe('2026-10-31T05:30:00.000Z');
    expect(reminderAt(start, quarter!, NY).toISOString()).toBe('2026-11-01T06:15:00.000Z');
  });
});

describe('an event at 1:30 a.m. on the day the clocks fall back', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  const form = {
    kind: 'training',
    audience: 'staff',
    title: 'Night shift ethics briefing',
    startDate: '2027-11-07',
    startTime: '01:30',
    endTime: '02:30',
  };

  it('is refused without an offset, then stored, shown and reminded at the instant chosen', async () => {
    const token = await devSignIn(t.app.url, t.person('Sam Patel').id);
    const ambiguous = await apiCall(t.app.url, '/api/v1/events', token, { method: 'POST', body: form });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.errors[0].field).toBe('startOffset');
    expect(ambiguous.body.choices.startOffset.map((c: { offset: string }) => c.offset)).toEqual([
      '-04:00',
      '-05:00',
    ]);

    const gap = await apiCall(t.app.url, '/api/v1/events', token, {
      method: 'POST',
      body: { ...form, startDate: '2027-03-14', startTime: '02:30', endTime: '03:30' },
    });
    expect(gap.status).toBe(400);
    expect(gap.body.errors[0].message).toMatch(/does not exist/);

    const created = await apiCall(t.app.url, '/api/v1/events', token, {
      method: 'POST',
      body: { ...form, startOffset: '-05:00' },
    });
    expect(created.status).toBe(201);
    const event = created.body.event;
    expect(event.startsAt).toBe('2027-11-07T06:30:00.000Z');
    expect(event.endsAt).toBe('2027-11-07T07:30:00.000Z');
    expect(event.when).toBe('Sunday, November 7, 2027, 1:30 AM EST');
    expect(event.local).toMatchObject({ startDate: '2027-11-07', startTime: '01:30', startOffset: '-05:00' });

    // The reminders are queued for the right instants.
    const { rows } = await sql<{ offset: string; start_after: Date }>`
      select data->>'offset' as offset, start_after from pgboss.job
      where name = 'event.reminder' and data->>'eventId' = ${event.id} order by start_after`.execute(
      t.app.db,
    );
    expect(rows.map((r) => [r.offset, r.start_after.toISOString()])).toEqual([
      ['1d', '2027-11-06T05:30:00.000Z'],
      ['15m', '2027-11-07T06:15:00.000Z'],
    ]);

    // Alex registers in the bot, sees the time with its zone …
    const alex = t.teams.as(t.person('Alex Kim'));
    await alex.say('events');
    const list = await t.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && cardText(e.activity).includes('Night shift'),
    );
    expect(cardText(list.activity)).toContain('Sunday, November 7, 2027, 1:30 AM EST');
    await alex.click(EVENT_VERBS.register, { eventId: event.id }, list.activityId);

    // … and when the queue reaches the day-before reminder's instant, is reminded in the chat.
    await sql`update pgboss.job set start_after = now()
              where name = 'event.reminder' and data->>'eventId' = ${event.id} and data->>'offset' = '1d'`.execute(
      t.app.db,
    );
    const reminder = await t.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && cardText(e.activity).includes('Reminder'),
      { timeoutMs: 15_000 },
    );
    expect(cardText(reminder.activity)).toContain('Sunday, November 7, 2027, 1:30 AM EST');
  });

  it('sends the reminders of the current time only, after the event was moved', async () => {
    const token = await devSignIn(t.app.url, t.person('Sam Patel').id);
    const base = {
      kind: 'outreach',
      audience: 'staff',
      title: 'Moved briefing',
      startTime: '14:00',
      endTime: '15:00',
    };
    const created = await apiCall(t.app.url, '/api/v1/events', token, {
      method: 'POST',
      body: { ...base, startDate: '2027-06-01' },
    });
    const event = created.body.event;
    const jordan = t.teams.as(t.person('Jordan Lee'));
    await jordan.say('events');
    const list = await t.connector.waitFor(
      (e) => e.conversationId === jordan.conversationId && cardText(e.activity).includes('Moved briefing'),
    );
    await jordan.click(EVENT_VERBS.register, { eventId: event.id }, list.activityId);
    const moved = await apiCall(t.app.url, `/api/v1/events/${event.id}`, token, {
      method: 'PUT',
      body: { ...base, startDate: '2027-06-02', version: event.version },
    });
    expect(moved.body.event.when).toBe('Wednesday, June 2, 2027, 2:00 PM EDT');
    await t.connector.waitFor(
      (e) =>
        e.conversationId === jordan.conversationId &&
        cardText(e.activity).includes('An event you registered for changed'),
    );

    // Every reminder job, of the old time and of the new, comes due at once.
    await sql`update pgboss.job set start_after = now()
              where name = 'event.reminder' and data->>'eventId' = ${event.id}`.execute(t.app.db);
    const reminders = () =>
      t.connector.sent.filter(
        (e) => e.conversationId === jordan.conversationId && cardText(e.activity).includes('Reminder'),
      );
    await t.connector.waitFor(() => reminders().length >= 2, { timeoutMs: 15_000 });
    // Four reminder jobs ran (two per time); only the two of the current time sent anything.
    await waitForJobs(t, event.id);
    expect(reminders()).toHaveLength(2);
    for (const r of reminders())
      expect(cardText(r.activity)).toContain('Wednesday, June 2, 2027, 2:00 PM EDT');
  });
});

/** Until every reminder job of the event, and every notice they queued, has run. */
async function waitForJobs(t: TestApp, eventId: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pgboss.job
      where name = 'event.reminder' and data->>'eventId' = ${eventId} and state <> 'completed'`.execute(
      t.app.db,
    );
    if (Number(rows[0]!.n) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the reminder jobs did not all run');
}
