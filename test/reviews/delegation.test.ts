/**
 * Delegation of reviews: set from the bot (`delegate`) or the tab's API, new disclosures go to the
 * delegate; with Microsoft Graph, a reviewer whose automatic replies are on is away and new items go to
 * their manager; a failing away check never blocks a submission.
 */
import { VERBS } from '../../bot/cards/verbs';
import { DELEGATION_VERBS } from '../../bot/cards/delegation';
import { FakeEntraId } from '../fakes/entra-id';
import { FakeGraph } from '../fakes/graph';
import { apiCall, devSignIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/app-harness';
import { TestClock } from '../support/clock';
import { reviewableGift } from '../support/fixtures';
import { cardOf, cardText, cardVerbs, type TeamsUser } from '../support/teams-client';
import orgChart from '../../config/demo-org-chart.json';

// Monday 7 December 2026, 10:00 in Hartford.
const NOW = '2026-12-07T15:00:00Z';
const gift = reviewableGift({ dateReceived: '2026-12-01' });

async function submit(t: TestApp, user: TeamsUser) {
  await user.say('gift');
  const form = await t.connector.waitFor(
    (e) => e.conversationId === user.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
  );
  const result = await user.click(VERBS.submitGift, gift, form.activityId);
  expect(result.status).toBe(200);
  return t.app.db
    .selectFrom('disclosures')
    .selectAll()
    .orderBy('reference', 'desc') // the clock stands still: created_at does not tell them apart
    .executeTakeFirstOrThrow();
}

async function audited(t: TestApp, action: string) {
  return t.app.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
}

describe('delegation with the org chart directory', () => {
  let t: TestApp;
  let alex: TeamsUser;
  let daniel: TeamsUser;

  beforeEach(async () => {
    t = await startTestApp({}, { overrides: { clock: new TestClock(NOW) } });
    alex = t.teams.as(t.person('Alex Kim'));
    daniel = t.teams.as(t.person('Daniel Ortiz'));
  });

  afterEach(async () => {
    await t.stop();
  });

  it('is set with the delegate command, sends new disclosures to the delegate, and ends with "delegate off"', async () => {
    await daniel.say('delegate');
    const card = await t.connector.waitFor(
      (e) =>
        e.conversationId === daniel.conversationId && cardVerbs(e.activity).includes(DELEGATION_VERBS.save),
    );
    expect(cardText(card.activity)).toContain('Renee Walsh');
    expect(cardText(card.activity)).not.toMatch(/Daniel Ortiz/);

    const refused = await daniel.click(
      DELEGATION_VERBS.save,
      { delegateId: t.person('Renee Walsh').id, startsOn: '2026-12-08', endsOn: '2026-12-01' },
      card.activityId,
    );
    expect(cardText(cardOf(refused))).toMatch(/last day cannot be before the first/);
    expect(await audited(t, 'delegation_set')).toHaveLength(0);

    const saved = await daniel.click(
      DELEGATION_VERBS.save,
      { delegateId: t.person('Renee Walsh').id, startsOn: '2026-12-07', endsOn: '2026-12-18' },
      card.activityId,
    );
    const savedCard = cardOf(saved);
    expect(cardText(savedCard)).toMatch(/Saved: Renee Walsh decides your new reviews/);
    expect(cardVerbs(savedCard)).toContain(DELEGATION_VERBS.end);
    expect(await audited(t, 'delegation_set')).toHaveLength(1);

    const row = await submit(t, alex);
    expect(row).toMatchObject({
      reviewer_id: t.person('Renee Walsh').id,
      stands_in_for_id: daniel.person.id,
      stands_in_reason: 'delegation',
    });
    const reneesCard = await t.connector.waitFor(
      (e) =>
        e.kind !== 'update' &&
        cardVerbs(e.activity).includes(VERBS.approve) &&
        /Renee Walsh is reviewing for Daniel Ortiz/.test(cardText(e.activity)),
      { timeoutMs: 10_000 },
    );
    const renee = t.teams.as(t.person('Renee Walsh'));
    const approved = await renee.click(
      VERBS.approve,
      { disclosureId: row.id, comment: 'Fine.' },
      reneesCard.activityId,
      reneesCard.conversationId,
    );
    expect(cardText(cardOf(approved))).toMatch(/was recorded/);

    await daniel.say('delegate off');
    await t.connector.waitFor(
      (e) =>
        e.conversationId === daniel.conversationId &&
        /Delegation to Renee Walsh ended/.test(cardText(e.activity)),
    );
    expect(await audited(t, 'delegation_ended')).toHaveLength(1);
    const next = await submit(t, alex);
    expect(next).toMatchObject({ reviewer_id: daniel.person.id, stands_in_for_id: null });
    expect(await t.auditChainOk()).toBe(true);
  });

  it('is set, read and ended through /api/v1/me/delegation, and a delegation not yet started routes as usual', async () => {
    const token = await devSignIn(t.app.url, daniel.person.id);
    const call = (method: string, body?: unknown) =>
      apiCall(t.app.url, '/api/v1/me/delegation', token, { method, ...(body ? { body } : {}) });

    const empty = await call('GET');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ delegation: null, today: '2026-12-07' });
    expect(empty.body.candidates.map((c: { displayName: string }) => c.displayName)).toContain(
      'Grace Okafor',
    );

    const bad = await call('PUT', { delegateId: daniel.person.id, startsOn: '2026-12-01', endsOn: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'delegateId',
      'endsOn',
      'startsOn',
    ]);
    expect((await call('GET')).body.delegation).toBeNull();

    const put = await call('PUT', {
      delegateId: t.person('Grace Okafor').id,
      startsOn: '2026-12-14',
      endsOn: '2026-12-24',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      delegate: { id: t.person('Grace Okafor').id, displayName: 'Grace Okafor' },
      startsOn: '2026-12-14',
      endsOn: '2026-12-24',
    });
    expect((await call('GET')).body.delegation.delegate.displayName).toBe('Grace Okafor');

    // It starts next week: today's disclosure still goes to Daniel.
    expect((await submit(t, alex)).reviewer_id).toBe(daniel.person.id);

    expect((await call('DELETE')).status).toBe(204);
    expect((await call('GET')).body.delegation).toBeNull();
    expect((await call('DELETE')).status).toBe(204);
    expect(await audited(t, 'delegation_ended')).toHaveLength(1);
  });
});

describe('an away reviewer, as Microsoft Graph tells', () => {
  const client = { clientId: 'candor-graph-client', clientSecret: 's3cret-for-tests' };
  let entra: FakeEntraId;
  let graph: FakeGraph;
  let t: TestApp;
  const daniel = orgChart.people.find((p) => p.displayName === 'Daniel Ortiz')!;
  const tanya = orgChart.people.find((p) => p.displayName === 'Tanya Hughes')!;

  beforeAll(async () => {
    entra = await FakeEntraId.start({ tenantId: orgChart.tenantId, clients: [client] });
    graph = await FakeGraph.start({ users: orgChart.people, auth: { issuer: entra } });
    t = await startTestApp(
      {
        DIRECTORY: 'graph',
        GRAPH_BASE_URL: graph.baseUrl,
        GRAPH_AUTHORITY_HOST: entra.url,
        GRAPH_TENANT_ID: orgChart.tenantId,
        GRAPH_CLIENT_ID: client.clientId,
        GRAPH_CLIENT_SECRET: client.clientSecret,
      },
      { overrides: { authorityCa: entra.ca, clock: new TestClock(NOW) } },
    );
  });

  afterAll(async () => {
    await t.stop();
    await graph.close();
    await entra.close();
  });

  it('sends new disclosures to the manager while automatic replies are scheduled for now', async () => {
    graph.setAutomaticReplies(daniel.id, {
      status: 'scheduled',
      // 09:00 to 17:00 Eastern on 7 December (Exchange may answer in a Windows time zone).
      scheduledStartDateTime: { dateTime: '2026-12-07T09:00:00.0000000', timeZone: 'Eastern Standard Time' },
      scheduledEndDateTime: { dateTime: '2026-12-07T22:00:00.0000000', timeZone: 'UTC' },
    });
    const row = await submit(t, t.teams.as(t.person('Alex Kim')));
    expect(row).toMatchObject({
      reviewer_id: tanya.id,
      reviewer_name: 'Tanya Hughes',
      stands_in_for_id: daniel.id,
      stands_in_reason: 'away',
    });
    expect(graph.requestsTo(`/v1.0/users/${daniel.id}/mailboxSettings/automaticRepliesSetting`)).toHaveLength(
      1,
    );
    await t.connector.waitFor(
      (e) => /Tanya Hughes is reviewing for Daniel Ortiz while away/.test(cardText(e.activity)),
      { timeoutMs: 10_000 },
    );
  });

  it('routes to the reviewer when the automatic replies are off or scheduled for another time', async () => {
    graph.setAutomaticReplies(daniel.id, {
      status: 'scheduled',
      scheduledStartDateTime: { dateTime: '2026-12-21T00:00:00.0000000', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2027-01-04T00:00:00.0000000', timeZone: 'UTC' },
    });
    expect((await submit(t, t.teams.as(t.person('Alex Kim')))).reviewer_id).toBe(daniel.id);
    graph.setAutomaticReplies(daniel.id, { status: 'disabled' });
    expect((await submit(t, t.teams.as(t.person('Alex Kim')))).reviewer_id).toBe(daniel.id);
  });

  it('offers the reviewer’s colleagues from Graph as delegates: manager, peers and reports, every page', async () => {
    graph.pageSize = 2;
    try {
      const token = await devSignIn(t.app.url, daniel.id);
      const answer = await apiCall(t.app.url, '/api/v1/me/delegation', token);
      expect(answer.status).toBe(200);
      expect(answer.body.candidates.map((c: { displayName: string }) => c.displayName)).toEqual([
        'Alex Kim',
        'Grace Okafor',
        'Marcus Bell',
        'Priya Raman',
        'Renee Walsh',
        'Tanya Hughes',
      ]);
      expect(graph.requestsTo(`/v1.0/users/${tanya.id}/directReports`).length).toBeGreaterThan(1);
    } finally {
      graph.pageSize = 100;
    }
  });

  it('still routes, to the reviewer, when Graph answers 500 to the away check', async () => {
    graph.setAutomaticReplies(daniel.id, { status: 'alwaysEnabled' });
    graph.failAutomaticReplies(daniel.id, 500);
    try {
      const row = await submit(t, t.teams.as(t.person('Alex Kim')));
      expect(row).toMatchObject({ reviewer_id: daniel.id, state: 'pending_review', stands_in_for_id: null });
    } finally {
      graph.failAutomaticReplies(daniel.id, null);
    }
  });
});
