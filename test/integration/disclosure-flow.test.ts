import { sql } from 'kysely';
import { VERBS } from '../../bot/cards/verbs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardText, cardVerbs, type TeamsUser } from '../support/teams-client';
import { agencyToday } from '../support/dates';
import { reviewableGift as giftForm } from '../support/fixtures';

const today = agencyToday();

const reviewableGift = giftForm();

let t: TestApp;
let alex: TeamsUser;
let daniel: TeamsUser;
let renee: TeamsUser;

beforeEach(async () => {
  t = await startTestApp();
  alex = t.teams.as(t.person('Alex Kim'));
  daniel = t.teams.as(t.person('Daniel Ortiz'));
  renee = t.teams.as(t.person('Renee Walsh'));
});

afterEach(async () => {
  await t.stop();
});

async function submitGift(user: TeamsUser, form: Record<string, unknown>) {
  await user.say('gift');
  const formMessage = await t.connector.waitFor(
    (e) => e.conversationId === user.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
  );
  const result = await user.click(VERBS.submitGift, form, formMessage.activityId);
  return { result, formActivityId: formMessage.activityId };
}

async function disclosureRows() {
  return t.app.db.selectFrom('disclosures').selectAll().execute();
}

async function reviewerCard(user: TeamsUser) {
  return t.connector
    .waitFor(
      (e) =>
        e.kind !== 'update' &&
        cardVerbs(e.activity).includes(VERBS.approve) &&
        e.conversationId !== alex.conversationId,
      { timeoutMs: 10_000 },
    )
    .then((e) => {
      void user;
      return e;
    });
}

describe('a gift disclosure in the bot chat', () => {
  it('goes to the supervisor found in the directory, who approves it, and every card updates in place', async () => {
    const { result, formActivityId } = await submitGift(alex, reviewableGift);
    const resultCard = cardOf(result);
    expect(cardText(resultCard)).toMatch(/review/i);
    expect(cardText(resultCard)).toContain('under $50');
    // Teams refreshes the open card for Alex, by his Teams user id (from his chat) and his Entra id.
    const alexId = t.person('Alex Kim').id;
    expect(resultCard.refresh).toMatchObject({ userIds: [`29:${alexId}`, alexId] });

    const [row] = await disclosureRows();
    expect(row).toMatchObject({ state: 'pending_review', reviewer_id: t.person('Daniel Ortiz').id });

    // Daniel never wrote to the bot: the app creates a 1:1 chat with him through the connector.
    const sentToDaniel = await reviewerCard(daniel);
    expect(
      t.connector.conversationsCreated.some((c) =>
        JSON.stringify(c.request).includes(t.person('Daniel Ortiz').id),
      ),
    ).toBe(true);
    expect(cardText(sentToDaniel.activity)).toContain('Alex Kim');

    const decided = await daniel.click(
      VERBS.approve,
      { disclosureId: row!.id, comment: 'Fine — enjoy it.' },
      sentToDaniel.activityId,
      sentToDaniel.conversationId,
    );
    const danielsCard = cardOf(decided);
    expect(cardVerbs(danielsCard)).not.toContain(VERBS.approve);
    expect(cardText(danielsCard)).toMatch(/approved/i);

    const employeeUpdate = await t.connector.waitFor(
      (e) =>
        e.kind === 'update' &&
        e.conversationId === alex.conversationId &&
        e.activityId === formActivityId &&
        /approved/i.test(cardText(e.activity)),
      { timeoutMs: 10_000 },
    );
    expect(cardVerbs(employeeUpdate.activity)).not.toContain(VERBS.withdraw);
    await t.connector.waitFor(
      (e) =>
        e.kind === 'update' &&
        e.conversationId === sentToDaniel.conversationId &&
        e.activityId === sentToDaniel.activityId &&
        /approved/i.test(cardText(e.activity)),
      { timeoutMs: 10_000 },
    );
    const notice = await t.connector.waitFor(
      (e) =>
        e.kind !== 'update' &&
        e.conversationId === alex.conversationId &&
        /Fine — enjoy it/.test(cardText(e.activity)),
      { timeoutMs: 10_000 },
    );
    expect(cardText(notice.activity)).toMatch(/approved/i);

    const [after] = await disclosureRows();
    expect(after).toMatchObject({
      state: 'approved',
      decided_by: t.person('Daniel Ortiz').id,
      decision_comment: 'Fine — enjoy it.',
    });
    expect(await t.auditChainOk()).toBe(true);
  });

  it('returns the same form with each error beside its field and the values kept, and stores nothing', async () => {
    const { result } = await submitGift(alex, { ...reviewableGift, value: 'about fifty', donorName: '' });
    const card = cardOf(result);
    const text = cardText(card);
    expect(text).toContain('A framed print for my birthday');
    expect(text).toMatch(/dollars/i);
    expect(cardVerbs(card)).toContain(VERBS.submitGift);
    expect(await disclosureRows()).toHaveLength(0);
  });

  it('refuses a decision by someone who is not the reviewer, tells them why, and changes nothing', async () => {
    await submitGift(alex, reviewableGift);
    const [row] = await disclosureRows();
    const sent = await reviewerCard(daniel);
    const refused = await renee.click(
      VERBS.approve,
      { disclosureId: row!.id, comment: 'ok' },
      sent.activityId,
      sent.conversationId,
    );
    expect(cardText(cardOf(refused))).toMatch(/only daniel ortiz/i);
    const [after] = await disclosureRows();
    expect(after).toMatchObject({ state: 'pending_review', version: row!.version });
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('disclosure_id', '=', row!.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['submitted', 'refused']);
  });

  it('records exactly one decision when the reviewer clicks twice, and shows the final card the second time', async () => {
    await submitGift(alex, reviewableGift);
    const [row] = await disclosureRows();
    const sent = await reviewerCard(daniel);
    const clicks = await Promise.all([
      daniel.click(VERBS.approve, { disclosureId: row!.id }, sent.activityId, sent.conversationId),
      daniel.click(
        VERBS.deny,
        { disclosureId: row!.id, comment: 'No' },
        sent.activityId,
        sent.conversationId,
      ),
    ]);
    const texts = clicks.map((c) => cardText(cardOf(c)));
    expect(texts.filter((x) => /already been decided/i.test(x))).toHaveLength(1);
    const decisions = await t.app.db
      .selectFrom('audit_log')
      .select('action')
      .where('disclosure_id', '=', row!.id)
      .where('action', '=', 'decided')
      .execute();
    expect(decisions).toHaveLength(1);
  });
});

describe('routing', () => {
  it('sends the disclosure of someone with no manager to the ethics officer', async () => {
    const tanya = t.teams.as(t.person('Tanya Hughes'));
    await submitGift(tanya, reviewableGift);
    const [row] = await disclosureRows();
    expect(row).toMatchObject({ reviewer_id: t.person('Marcus Bell').id, state: 'pending_review' });
    await t.connector.waitFor((e) => cardVerbs(e.activity).includes(VERBS.approve), { timeoutMs: 10_000 });
  });

  it('copies HR when the policy says so', async () => {
    await alex.say('conflict');
    const form = await t.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).length > 0,
    );
    const result = await alex.click(
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
    expect(cardText(cardOf(result))).toMatch(/Human Resources/i);
    const [row] = await disclosureRows();
    expect(row).toMatchObject({ hr_copied: true, hr_contact_id: t.person('Priya Raman').id });
    const priyaRef = await t.app.db
      .selectFrom('conversation_refs')
      .selectAll()
      .where('user_id', '=', t.person('Priya Raman').id);
    await t.connector.waitFor(
      (e) =>
        e.kind !== 'update' &&
        cardText(e.activity).includes('Running for the town board of finance') &&
        e.conversationId !== alex.conversationId &&
        !cardVerbs(e.activity).includes(VERBS.approve),
      { timeoutMs: 10_000 },
    );
    void priyaRef;
    void sql;
  });
});

describe('a request for more information', () => {
  it('lets the employee answer in the chat, and returns the item to the reviewer', async () => {
    const { formActivityId } = await submitGift(alex, reviewableGift);
    const [row] = await disclosureRows();
    const sent = await reviewerCard(daniel);
    await daniel.click(
      VERBS.requestInfo,
      { disclosureId: row!.id, comment: 'Who is Chris Doe?' },
      sent.activityId,
      sent.conversationId,
    );
    expect((await disclosureRows())[0]).toMatchObject({
      state: 'info_requested',
      info_request: 'Who is Chris Doe?',
    });
    const question = await t.connector.waitFor(
      (e) =>
        e.conversationId === alex.conversationId &&
        cardText(e.activity).includes('Who is Chris Doe?') &&
        cardVerbs(e.activity).includes(VERBS.answerInfo),
      { timeoutMs: 10_000 },
    );
    const answered = await alex.click(
      VERBS.answerInfo,
      { disclosureId: row!.id, answer: 'A colleague in my unit.' },
      question.activityId,
    );
    expect(cardText(cardOf(answered))).toMatch(/back with your reviewer/i);
    expect((await disclosureRows())[0]).toMatchObject({
      state: 'pending_review',
      info_answer: 'A colleague in my unit.',
    });
    await t.connector.waitFor(
      (e) =>
        e.conversationId === sent.conversationId &&
        /answered your question/.test(String(e.activity.text ?? '')),
      { timeoutMs: 10_000 },
    );
    void formActivityId;
  });
});
