/**
 * The tab's API in local mode (dev sign-in), end to end with the bot: disclosures made in the chat are
 * listed and shown in the API; a decision made through the API updates the chat cards (same use cases),
 * and one made in the card shows in the API.
 */
import { VERBS } from '../../bot/cards/verbs';
import { loadConfig } from '../../src/config/schema';
import { DevSignIn } from '../../src/http/api/authenticate';
import { registerApi } from '../../src/http/api/register-api';
import { ConfigError } from '../../src/domain/errors';
import { startTestApp, type TestApp } from '../support/app-harness';
import { agencyToday } from '../support/dates';
import { cardText, cardVerbs, type TeamsUser } from '../support/teams-client';
import { reviewableGift as giftForm } from '../support/fixtures';
import { apiCall, type ApiAnswer, type ApiInit } from '../support/api-client';

const today = agencyToday();

const reviewableGift = giftForm();

let t: TestApp;
let alex: TeamsUser;
let daniel: TeamsUser;

beforeEach(async () => {
  t = await startTestApp();
  alex = t.teams.as(t.person('Alex Kim'));
  daniel = t.teams.as(t.person('Daniel Ortiz'));
});

afterEach(async () => {
  await t.stop();
});

function call(path: string, token?: string, init: ApiInit = {}): Promise<ApiAnswer> {
  return apiCall(t.app.url, path, token, init);
}

async function signIn(name: string): Promise<string> {
  const r = await call('/api/v1/dev/sign-in', undefined, {
    method: 'POST',
    body: { userId: t.person(name).id },
  });
  expect(r.status).toBe(200);
  return r.body.token as string;
}

/** Alex submits a gift in the chat; returns the disclosure id and the activity of his (result) card. */
async function alexSubmitsGift(form: Record<string, unknown> = reviewableGift) {
  await alex.say('gift');
  const formMessage = await t.connector.waitFor(
    (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
  );
  await alex.click(VERBS.submitGift, form, formMessage.activityId);
  const row = await t.app.db
    .selectFrom('disclosures')
    .select(['id', 'reference'])
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return { ...row, formActivityId: formMessage.activityId };
}

/** The review card the app sent to Daniel. */
function danielsReviewCard() {
  return t.connector.waitFor(
    (e) =>
      e.kind !== 'update' &&
      cardVerbs(e.activity).includes(VERBS.approve) &&
      e.conversationId !== alex.conversationId,
    { timeoutMs: 10_000 },
  );
}

function expectProblem(r: ApiAnswer, status: number) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
}

describe('dev sign-in', () => {
  it('lists the org chart and signs in as a chosen person for 8 hours, with their org-chart roles', async () => {
    const people = await call('/api/v1/dev/people');
    expect(people.status).toBe(200);
    expect(people.body.people).toContainEqual({
      id: t.person('Marcus Bell').id,
      displayName: 'Marcus Bell',
      jobTitle: 'Ethics Liaison Officer',
      department: 'Legal Division',
      roles: ['employee', 'ethics_officer'],
    });

    const r = await call('/api/v1/dev/sign-in', undefined, {
      method: 'POST',
      body: { userId: t.person('Marcus Bell').id },
    });
    expect(r.status).toBe(200);
    const hours = (Date.parse(r.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);

    const me = await call('/api/v1/me', r.body.token);
    expect(me.body).toEqual({
      id: t.person('Marcus Bell').id,
      displayName: 'Marcus Bell',
      email: 'marcus.bell@candor-demo.example',
      department: 'Legal Division',
      roles: ['employee', 'ethics_officer'],
    });
    expect((await call('/api/v1/register', r.body.token)).status).toBe(200);
  });

  it('refuses someone who is not in the org chart with a field error, and a tampered token with 401', async () => {
    const r = await call('/api/v1/dev/sign-in', undefined, { method: 'POST', body: { userId: 'nobody' } });
    expectProblem(r, 400);
    expect(r.body.errors).toEqual([{ field: 'userId', message: expect.any(String) }]);

    const token = await signIn('Alex Kim');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['employee', 'ethics_officer'] })).toString(
      'base64url',
    );
    const r2 = await call('/api/v1/register', `${header}.${forged}.${signature}`);
    expectProblem(r2, 401);
    expect(r2.headers.get('www-authenticate')).toContain('Bearer');
  });
});

describe('the employee in the tab', () => {
  it('lists a disclosure made through the bot and shows its detail with the timeline', async () => {
    const { id, reference } = await alexSubmitsGift();
    const token = await signIn('Alex Kim');

    const list = await call('/api/v1/disclosures', token);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      {
        id,
        reference,
        type: 'gift',
        category: 'coworker',
        summary: 'A framed print for my birthday',
        outcome: 'review',
        state: 'pending_review',
        employee: {
          id: t.person('Alex Kim').id,
          displayName: 'Alex Kim',
          department: 'Contract Compliance Unit',
        },
        reviewer: { id: t.person('Daniel Ortiz').id, displayName: 'Daniel Ortiz' },
        hrCopied: false,
        valueCents: 7500,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
    expect((await call('/api/v1/disclosures?state=approved', token)).body.items).toEqual([]);
    expect((await call('/api/v1/disclosures?type=gift&state=', token)).body.items).toHaveLength(1);

    const detail = await call(`/api/v1/disclosures/${id}`, token);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id,
      reference,
      gift: { donorName: 'Chris Doe', valueCents: 7500, relationship: 'coworker' },
      conflict: null,
      evaluation: {
        outcome: 'review',
        citations: expect.any(Array),
        actions: expect.any(Array),
        guidance: expect.any(Array),
      },
      decision: null,
      version: 1,
      viewerRole: 'employee',
      allowedActions: ['withdraw'],
      timeline: [
        {
          at: expect.any(String),
          action: 'submitted',
          actor: { id: t.person('Alex Kim').id, displayName: 'Alex Kim' },
          fromState: null,
          toState: 'pending_review',
        },
      ],
    });
    expect(detail.body.evaluation.citations[0]).toMatchObject({
      quote: expect.any(String),
      clause: expect.any(String),
    });
  });

  it('withdraws a pending disclosure; a second withdrawal is a 409', async () => {
    const { id } = await alexSubmitsGift();
    const sent = await danielsReviewCard();
    const token = await signIn('Alex Kim');

    const r = await call(`/api/v1/disclosures/${id}/withdraw`, token, { method: 'POST', body: {} });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'withdrawn', allowedActions: [], version: 2 });
    expect(r.body.timeline.map((e: { action: string }) => e.action)).toEqual(['submitted', 'withdrawn']);

    // Daniel's review card loses its buttons.
    await t.connector.waitFor(
      (e) =>
        e.kind === 'update' &&
        e.activityId === sent.activityId &&
        !cardVerbs(e.activity).includes(VERBS.approve),
      { timeoutMs: 10_000 },
    );

    const again = await call(`/api/v1/disclosures/${id}/withdraw`, token, { method: 'POST' });
    expectProblem(again, 409);
  });

  it('records what was done about a prohibited gift', async () => {
    const { id } = await alexSubmitsGift({
      ...reviewableGift,
      donorName: 'Pat Jones',
      donorOrganization: 'Acme Paving',
      relationship: 'contractor_vendor_bidder',
      occasion: 'none',
      description: 'Two tickets to the game',
      disposition: 'undecided',
    });
    const token = await signIn('Alex Kim');
    const before = await call(`/api/v1/disclosures/${id}`, token);
    expect(before.body).toMatchObject({ state: 'action_required', allowedActions: ['resolution'] });

    const r = await call(`/api/v1/disclosures/${id}/resolution`, token, {
      method: 'POST',
      body: { resolution: 'Declined the tickets by email on the same day.' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      state: 'recorded',
      resolution: 'Declined the tickets by email on the same day.',
    });
    expect(r.body.timeline.at(-1)).toMatchObject({
      action: 'resolved',
      comment: 'Declined the tickets by email on the same day.',
    });
  });
});

describe('the reviewer in the tab', () => {
  it('approves with a comment through the API, and the chat cards show it as approved', async () => {
    const { id, formActivityId } = await alexSubmitsGift();
    const sent = await danielsReviewCard();
    const token = await signIn('Daniel Ortiz');

    const pending = await call('/api/v1/approvals', token);
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const detail = await call(`/api/v1/disclosures/${id}`, token);
    expect(detail.body).toMatchObject({
      viewerRole: 'reviewer',
      allowedActions: ['approve', 'approve_with_conditions', 'deny', 'request_info'],
    });

    const r = await call(`/api/v1/approvals/${id}/decision`, token, {
      method: 'POST',
      body: { decision: 'approve', comment: 'Fine — enjoy it.' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      state: 'approved',
      decision: 'approve',
      decisionComment: 'Fine — enjoy it.',
      allowedActions: [],
    });
    expect(r.body.timeline.at(-1)).toMatchObject({
      action: 'decided',
      actor: { id: t.person('Daniel Ortiz').id, displayName: 'Daniel Ortiz' },
      fromState: 'pending_review',
      toState: 'approved',
      comment: 'Fine — enjoy it.',
    });

    // The same use case as the card: Daniel's review card and Alex's own card update in place.
    const reviewerUpdate = await t.connector.waitFor(
      (e) =>
        e.kind === 'update' &&
        e.conversationId === sent.conversationId &&
        e.activityId === sent.activityId &&
        /approved/i.test(cardText(e.activity)),
      { timeoutMs: 10_000 },
    );
    expect(cardVerbs(reviewerUpdate.activity)).not.toContain(VERBS.approve);
    await t.connector.waitFor(
      (e) =>
        e.kind === 'update' &&
        e.conversationId === alex.conversationId &&
        e.activityId === formActivityId &&
        /approved/i.test(cardText(e.activity)),
      { timeoutMs: 10_000 },
    );
    await t.connector.waitFor(
      (e) =>
        e.kind !== 'update' &&
        e.conversationId === alex.conversationId &&
        /Fine — enjoy it/.test(cardText(e.activity)),
      { timeoutMs: 10_000 },
    );

    expect((await call('/api/v1/approvals', token)).body.items).toEqual([]);
    expect(
      (await call('/api/v1/approvals?state=decided', token)).body.items.map((i: { id: string }) => i.id),
    ).toEqual([id]);
    expect(await t.auditChainOk()).toBe(true);
  });

  it('answers 409 to a second decision and records only one', async () => {
    const { id } = await alexSubmitsGift();
    const token = await signIn('Daniel Ortiz');
    const first = await call(`/api/v1/approvals/${id}/decision`, token, {
      method: 'POST',
      body: { decision: 'approve' },
    });
    expect(first.status).toBe(200);
    const second = await call(`/api/v1/approvals/${id}/decision`, token, {
      method: 'POST',
      body: { decision: 'deny', comment: 'No after all' },
    });
    expectProblem(second, 409);
    expect(second.body.detail).toMatch(/already been decided/);
    const decided = await t.app.db
      .selectFrom('audit_log')
      .select('action')
      .where('disclosure_id', '=', id)
      .where('action', '=', 'decided')
      .execute();
    expect(decided).toHaveLength(1);
  });

  it('shows in the API a decision made in the chat card', async () => {
    const { id } = await alexSubmitsGift();
    const sent = await danielsReviewCard();
    await daniel.click(
      VERBS.deny,
      { disclosureId: id, comment: 'Please return it; it is over the limit.' },
      sent.activityId,
      sent.conversationId,
    );
    const r = await call(`/api/v1/disclosures/${id}`, await signIn('Alex Kim'));
    expect(r.body).toMatchObject({
      state: 'denied',
      decision: 'deny',
      decisionComment: 'Please return it; it is over the limit.',
      allowedActions: [],
    });
    expect(r.body.timeline.at(-1)).toMatchObject({
      action: 'decided',
      actor: { displayName: 'Daniel Ortiz' },
      comment: 'Please return it; it is over the limit.',
    });
  });

  it('asks for more information, and the employee answers in the tab', async () => {
    const { id } = await alexSubmitsGift();
    const danielToken = await signIn('Daniel Ortiz');
    const asked = await call(`/api/v1/approvals/${id}/decision`, danielToken, {
      method: 'POST',
      body: { decision: 'request_info', comment: 'Who is Chris Doe?' },
    });
    expect(asked.body).toMatchObject({
      state: 'info_requested',
      infoRequest: 'Who is Chris Doe?',
      allowedActions: [],
    });
    // Alex is asked in the chat too.
    await t.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && cardText(e.activity).includes('Who is Chris Doe?'),
      { timeoutMs: 10_000 },
    );

    const alexToken = await signIn('Alex Kim');
    const mine = await call(`/api/v1/disclosures/${id}`, alexToken);
    expect(mine.body.allowedActions).toEqual(['answer', 'withdraw']);
    const answered = await call(`/api/v1/disclosures/${id}/answer`, alexToken, {
      method: 'POST',
      body: { answer: 'A colleague in my unit.' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ state: 'pending_review', infoAnswer: 'A colleague in my unit.' });
    expect(answered.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'submitted',
      'info_requested',
      'info_answered',
    ]);
    expect((await call(`/api/v1/disclosures/${id}`, danielToken)).body.allowedActions).toContain('approve');
  });

  it('refuses a decision by the employee on their own disclosure with 403', async () => {
    const { id } = await alexSubmitsGift();
    const r = await call(`/api/v1/approvals/${id}/decision`, await signIn('Alex Kim'), {
      method: 'POST',
      body: { decision: 'approve' },
    });
    expectProblem(r, 403);
  });
});

describe('HR in the tab', () => {
  it('lists the disclosures copied to HR and shows them, but not the others', async () => {
    await alex.say('conflict');
    const form = await t.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).length > 0,
    );
    await alex.click(
      VERBS.submitConflict,
      {
        category: 'public_office',
        description: 'Running for the town board of finance',
        parties: 'Town of Wethersfield',
        startDate: today,
        endDate: '',
        ongoing: 'true',
        publicOfficeStatus: 'seeking',
        officeTerm: '2027–2031',
      },
      form.activityId,
    );
    const copied = await t.app.db
      .selectFrom('disclosures')
      .select('id')
      .where('hr_copied', '=', true)
      .executeTakeFirstOrThrow();
    const plain = await alexSubmitsGift();

    const priya = await signIn('Priya Raman');
    const list = await call('/api/v1/hr', priya);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([copied.id]);
    expect(list.body.items[0]).toMatchObject({ type: 'conflict', category: 'public_office', hrCopied: true });
    expect((await call('/api/v1/hr?type=gift', priya)).body.items).toEqual([]);

    const detail = await call(`/api/v1/disclosures/${copied.id}`, priya);
    expect(detail.body).toMatchObject({
      viewerRole: 'hr',
      allowedActions: [],
      conflict: { parties: 'Town of Wethersfield' },
    });
    expect((await call(`/api/v1/disclosures/${plain.id}`, priya)).status).toBe(404);

    expect((await call('/api/v1/hr', await signIn('Daniel Ortiz'))).status).toBe(403);
  });
});

describe('input validation', () => {
  it('answers 400 problem+json naming each bad field, and changes nothing', async () => {
    const { id } = await alexSubmitsGift();
    const daniel = await signIn('Daniel Ortiz');
    const alex = await signIn('Alex Kim');

    const badDecision = await call(`/api/v1/approvals/${id}/decision`, daniel, {
      method: 'POST',
      body: { decision: 'maybe', comment: 'x'.repeat(2001) },
    });
    expectProblem(badDecision, 400);
    expect(badDecision.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'comment',
      'decision',
    ]);

    const denyWithoutReason = await call(`/api/v1/approvals/${id}/decision`, daniel, {
      method: 'POST',
      body: { decision: 'deny' },
    });
    expectProblem(denyWithoutReason, 400);
    expect(denyWithoutReason.body.errors).toEqual([{ field: 'comment', message: expect.any(String) }]);

    const conditionsMissing = await call(`/api/v1/approvals/${id}/decision`, daniel, {
      method: 'POST',
      body: { decision: 'approve_with_conditions' },
    });
    expect(conditionsMissing.body.errors).toEqual([{ field: 'conditions', message: expect.any(String) }]);

    const notAnId = await call('/api/v1/disclosures/D-2026-0001', alex);
    expectProblem(notAnId, 400);
    expect(notAnId.body.errors).toEqual([{ field: 'id', message: expect.any(String) }]);

    const emptyAnswer = await call(`/api/v1/disclosures/${id}/answer`, alex, {
      method: 'POST',
      body: { answer: '   ' },
    });
    expectProblem(emptyAnswer, 400);
    expect(emptyAnswer.body.errors).toEqual([{ field: 'answer', message: expect.any(String) }]);

    const badFilter = await call('/api/v1/disclosures?state=lost', alex);
    expectProblem(badFilter, 400);
    expect(badFilter.body.errors).toEqual([{ field: 'state', message: expect.any(String) }]);

    const badJson = await fetch(`${t.app.url}/api/v1/approvals/${id}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${daniel}`, 'content-type': 'application/json' },
      body: '{"decision":',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const row = await t.app.db
      .selectFrom('disclosures')
      .select(['state', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'pending_review', version: 1 });
  });

  it('answers unknown API paths with 404 problem+json', async () => {
    const r = await call('/api/v1/nothing-here', await signIn('Alex Kim'));
    expectProblem(r, 404);
  });
});

describe('production mode', () => {
  it('cannot enable the dev sign-in: the config demands Entra, and the API refuses it in code too', () => {
    const production = {
      CANDOR_MODE: 'production',
      DATABASE_URL: 'postgres://candor@127.0.0.1:5432/candor',
      BOT_APP_ID: 'bot',
      BOT_APP_PASSWORD: 'secret',
      BOT_TENANT_ID: 'tenant',
      TEAMS_TENANT_ID: 'tenant',
      PUBLIC_URL: 'https://candor.agency.example',
    };
    expect(() => loadConfig(production)).toThrow(/ENTRA_TENANT_ID, ENTRA_APP_ID/);
    expect(() => loadConfig({ ...production, ENTRA_TENANT_ID: 'tenant' })).toThrow(/ENTRA_APP_ID/);
    expect(loadConfig({ ...production, ENTRA_TENANT_ID: 'tenant', ENTRA_APP_ID: 'app' }).tabAuth.kind).toBe(
      'entra',
    );

    expect(() => new DevSignIn('production')).toThrow(ConfigError);
    const config = loadConfig({ ...production, ENTRA_TENANT_ID: 'tenant', ENTRA_APP_ID: 'app' });
    expect(() =>
      registerApi({} as never, {
        config: { ...config, tabAuth: { kind: 'dev' } },
        db: {} as never,
        disclosures: {} as never,
        directory: {} as never,
        orgChart: {} as never,
        log: t.app.log,
      }),
    ).toThrow(ConfigError);
  });
});
