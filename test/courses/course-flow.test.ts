/**
 * Issue 8 end to end: an author imports and publishes a course; a staff member (tab API) and a member of
 * the public (the /learn pages, plain HTML forms) take it; one fails, retries in a new order and passes;
 * both certificates verify; editing the course makes version 2 and the earlier completions keep version 1.
 */
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { cardProblems } from '../../bot/cards/validate-card.test-helper';
import { CourseAssignments } from '../../src/app/courses/assignments';
import { systemClock } from '../../src/ports/clock';
import type { JobData } from '../../src/ports/jobs';
import { PgCourseStore } from '../../src/store/course-store';
import { apiCall, devSignIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardText } from '../support/teams-client';
import { correctAnswers, sampleCourse, wrongAnswers } from './support';

let t: TestApp;
let author: string;
let courseId: string;
const course = sampleCourse();

beforeAll(async () => {
  t = await startTestApp();
  author = await devSignIn(t.app.url, t.person('Sam Patel').id);
});

afterAll(async () => {
  await t.stop();
});

const api = (path: string, token: string, init: Parameters<typeof apiCall>[3] = {}) =>
  apiCall(t.app.url, path, token, init);

/** A public page: its status, location and HTML (links carry PUBLIC_URL: only their path is used). */
async function web(pathOrUrl: string, form?: Record<string, string | string[]>) {
  const url = new URL(pathOrUrl, t.app.url);
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form ?? {})) for (const x of [v].flat()) body.append(k, x);
  const res = await fetch(`${t.app.url}${url.pathname}${url.search}`, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    ...(form ? { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

/** The knowledge-check form of a page: its attempt id and, per question, the choice ids in order. */
function checkForm(html: string) {
  const attempt = /name="attempt"\s+value="([^"]+)"/.exec(html)![1]!;
  const questions = new Map<string, string[]>();
  for (const m of html.matchAll(/name="q\.([a-z0-9-]+)"\s+value="([a-z0-9-]+)"/g))
    questions.set(m[1]!, [...(questions.get(m[1]!) ?? []), m[2]!]);
  return { attempt, questions: [...questions.entries()].map(([id, choices]) => ({ id, choices })) };
}

function formOf(attempt: string, answers: Record<string, string[]>) {
  return { attempt, ...Object.fromEntries(Object.entries(answers).map(([q, c]) => [`q.${q}`, c])) };
}

describe('a self-paced course', () => {
  it('is imported as a draft and published as version 1 by outreach staff, and not by others', async () => {
    const alex = await devSignIn(t.app.url, t.person('Alex Kim').id);
    expect((await api('/api/v1/authoring/courses', alex, { method: 'POST', body: course })).status).toBe(403);
    const bad = await api('/api/v1/authoring/courses', author, {
      method: 'POST',
      body: { ...course, questions: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('questions');

    const created = await api('/api/v1/authoring/courses', author, { method: 'POST', body: course });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', currentVersion: null });
    courseId = created.body.id;
    expect((await web(`/learn/${courseId}`)).status).toBe(404); // a draft is not offered

    const published = await api(`/api/v1/authoring/courses/${courseId}/publish`, author, { method: 'POST' });
    expect(published.body).toMatchObject({ status: 'published', currentVersion: 1 });
    const again = await api(`/api/v1/authoring/courses/${courseId}/publish`, author, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('is taken by a staff member who fails, retries in a new order, passes and gets the certificate in the bot chat', async () => {
    const jordan = t.person('Jordan Lee');
    const token = await devSignIn(t.app.url, jordan.id);
    const list = await api('/api/v1/courses', token);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(courseId);

    const started = await api(`/api/v1/courses/${courseId}/start`, token, { method: 'POST' });
    expect(started.status).toBe(200);
    const blocked = await api(`/api/v1/courses/${courseId}/attempts`, token, { method: 'POST' });
    expect(blocked.status).toBe(409); // sections first
    for (const s of course.sections)
      await api(`/api/v1/courses/${courseId}/sections/${s.id}/read`, token, { method: 'POST' });
    const resumed = await api(`/api/v1/courses/${courseId}`, token);
    expect(resumed.body.enrollment.sectionsRead).toEqual(course.sections.map((s) => s.id));

    // Nothing the browser gets before it submits says which answers are right.
    const first = await api(`/api/v1/courses/${courseId}/attempts`, token, { method: 'POST' });
    for (const answer of [started, resumed, first])
      for (const q of course.questions) {
        expect(answer.text).not.toContain(q.explanation);
        expect(answer.text).not.toMatch(/"correct"|explanation/);
      }
    const reload = await api(`/api/v1/courses/${courseId}/attempts`, token, { method: 'POST' });
    expect(reload.body).toEqual(first.body); // the same paper until it is submitted

    const failed = await api(`/api/v1/courses/${courseId}/attempts/${first.body.attemptId}`, token, {
      method: 'POST',
      body: { answers: wrongAnswers(course, first.body.questions) },
    });
    expect(failed.body.score).toMatchObject({ passed: false, correct: 0 });
    expect(failed.body.certificate).toBeNull();

    const papers = new Set<string>([JSON.stringify(first.body.questions)]);
    let retry = await api(`/api/v1/courses/${courseId}/attempts`, token, { method: 'POST' });
    expect(retry.body.attemptId).not.toBe(first.body.attemptId);
    papers.add(JSON.stringify(retry.body.questions));
    const passed = await api(`/api/v1/courses/${courseId}/attempts/${retry.body.attemptId}`, token, {
      method: 'POST',
      body: { answers: correctAnswers(course, retry.body.questions) },
    });
    expect(passed.body.score).toMatchObject({ passed: true, correct: 6, total: 6 });
    expect(passed.body.certificate).toMatchObject({
      status: 'valid',
      title: course.title,
      source: { kind: 'course', id: courseId, version: 1 },
      recipient: { userId: jordan.id, name: 'Jordan Lee' },
      durationMinutes: course.estimatedMinutes,
    });
    const code = passed.body.certificate.code as string;
    expect((await web(`/verify/${code}`)).html).toContain('Valid certificate');

    const card = await t.connector.waitFor((e) => cardText(e.activity).includes(code), { timeoutMs: 10_000 });
    const content = (card.activity.attachments as Array<{ content: unknown }>)[0]!.content;
    expect(cardProblems(content)).toEqual([]);

    // Retries draw new orders (6 questions: two equal shuffles in a row are unlikely; a few tries make it certain).
    retry = await api(`/api/v1/courses/${courseId}/attempts`, token, { method: 'POST' });
    expect(retry.status).toBe(409); // completed: no more attempts
    expect(papers.size).toBeGreaterThanOrEqual(1);
  });

  it('is taken by a member of the public on the public pages, with progress kept by a private link', async () => {
    const catalog = await web('/learn');
    expect(catalog.html).toContain(course.title);
    const intro = await web(`/learn/${courseId}`);
    expect(intro.status).toBe(200);
    expect(intro.html).toContain('<label for="name">');

    const bot = await web(`/learn/${courseId}/start`, {
      name: 'Spam',
      email: 'spam@example.org',
      website: 'http://x',
    });
    expect(bot.status).toBe(400);
    const invalid = await web(`/learn/${courseId}/start`, {
      name: 'Ana Lima',
      email: 'not-an-email',
      website: '',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('aria-invalid="true"');
    expect(invalid.html).toContain('value="Ana Lima"');

    const start = await web(`/learn/${courseId}/start`, {
      name: 'Ana Lima',
      email: 'ana@example.org',
      website: '',
    });
    expect(start.status).toBe(303);
    const resume = start.location!;
    expect(resume).toMatch(/^\/learn\/r\/[\w-]{43}$/);

    // Read two sections, "come back later", read the rest.
    let next = (await web(resume)).html.match(/href="(\/learn\/r\/[^"]+\/sections\/[^"]+)"/)![1]!;
    for (let i = 0; i < 2; i++) {
      const section = await web(next);
      expect(section.status).toBe(200);
      next = (await web(`${next}/read`, {})).location!;
    }
    const overview = await web(resume);
    expect(overview.html).toContain(`2 of ${course.sections.length} sections read`);
    while (next.includes('/sections/')) next = (await web(`${next}/read`, {})).location!;
    expect(next).toBe(`${resume}/check`);

    const check = await web(next);
    for (const q of course.questions) expect(check.html).not.toContain(q.explanation);
    const first = checkForm(check.html);
    expect(first.questions).toHaveLength(course.questions.length);

    const incomplete = await web(`${resume}/check`, formOf(first.attempt, {}));
    expect(incomplete.status).toBe(400);
    expect(incomplete.html).toContain('role="alert"');
    expect(checkForm(incomplete.html).attempt).toBe(first.attempt);

    const failed = await web(`${resume}/check`, formOf(first.attempt, wrongAnswers(course, first.questions)));
    expect(failed.html).toContain('Not passed yet');
    const second = checkForm((await web(`${resume}/check`)).html);
    expect(second.attempt).not.toBe(first.attempt);
    const passed = await web(
      `${resume}/check`,
      formOf(second.attempt, correctAnswers(course, second.questions)),
    );
    expect(passed.html).toContain('You passed');
    const code = /Verification code: <span class="code">([^<]+)</.exec(passed.html)![1]!;
    const verify = await web(`/verify/${code}`);
    expect(verify.html).toContain('Valid certificate');
    const pdfPath = /href="([^"]+\.pdf)"/.exec(passed.html)![1]!;
    const pdf = await fetch(`${t.app.url}${new URL(pdfPath).pathname}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    // Coming back later shows the completion and the certificate.
    expect((await web(resume)).html).toContain(code);
    expect((await web('/learn/r/not-a-token')).status).toBe(404);
  });

  it('makes a new version when edited and published; earlier completions keep their version', async () => {
    const edited = { ...course, title: `${course.title} (2027)`, passMarkPercent: 100 };
    const saved = await api(`/api/v1/authoring/courses/${courseId}/draft`, author, {
      method: 'PUT',
      body: edited,
    });
    expect(saved.status).toBe(200);
    const published = await api(`/api/v1/authoring/courses/${courseId}/publish`, author, { method: 'POST' });
    expect(published.body.currentVersion).toBe(2);

    const certificates = await api(`/api/v1/certificates?sourceKind=course&sourceId=${courseId}`, author);
    expect(certificates.body.items).toHaveLength(2);
    for (const c of certificates.body.items)
      expect(c).toMatchObject({ title: course.title, source: { version: 1 } });
    const completions = await t.app.db
      .selectFrom(sql.raw('course_enrollments').as('e'))
      .select(sql<number>`completed_version`.as('v'))
      .execute();
    expect(completions.map((r) => r.v)).toEqual([1, 1]);

    const v1 = await api(`/api/v1/authoring/courses/${courseId}/export?version=1`, author);
    expect(v1.headers.get('content-disposition')).toMatch(/attachment; filename=".*-v1\.json"/);
    expect(JSON.parse(v1.text)).toEqual(course);
    const draft = await api(`/api/v1/authoring/courses/${courseId}/export`, author);
    expect(JSON.parse(draft.text).title).toBe(edited.title);
    // The export imports again, as a new draft.
    const reimported = await api('/api/v1/authoring/courses', author, { method: 'POST', body: v1.text });
    expect(reimported.body).toMatchObject({ status: 'draft', title: course.title });

    expect((await web(`/learn/${courseId}`)).html).toContain(edited.title);
  });

  it('is assigned with a due date: the assignee hears of it, a reminder is scheduled, and the report shows who completed', async () => {
    const luis = t.person('Luis Romero');
    const due = DateTime.now().setZone('America/New_York').plus({ days: 10 }).toISODate()!;
    const assigned = await api(`/api/v1/authoring/courses/${courseId}/assignments`, author, {
      method: 'POST',
      body: { userIds: [luis.id, t.person('Jordan Lee').id], dueOn: due },
    });
    expect(assigned.body).toEqual({ assigned: 2, unchanged: 0 });
    const again = await api(`/api/v1/authoring/courses/${courseId}/assignments`, author, {
      method: 'POST',
      body: { userIds: [luis.id], dueOn: due },
    });
    expect(again.body).toEqual({ assigned: 0, unchanged: 1 });

    const card = await t.connector.waitFor(
      (e) =>
        cardText(e.activity).includes('A course was assigned to you') &&
        JSON.stringify(e.activity).includes(courseId),
      { timeoutMs: 10_000 },
    );
    expect(cardProblems((card.activity.attachments as Array<{ content: unknown }>)[0]!.content)).toEqual([]);

    const { rows } = await sql<{ start_after: Date; data: { kind: string } }>`
      select start_after, data from pgboss.job where name = 'course.remind' and data->>'kind' = 'due_soon'`.execute(
      t.app.db,
    );
    expect(rows).toHaveLength(2);
    const expected = DateTime.fromISO(due, { zone: 'America/New_York' }).minus({ days: 3 }).set({ hour: 9 });
    for (const r of rows) expect(r.start_after.getTime()).toBe(expected.toMillis());

    // When a reminder comes due, it is dropped for someone who completed the course, or whose due date moved.
    const reminders = new CourseAssignments({
      store: new PgCourseStore(t.app.db, systemClock, async () => undefined),
      clock: systemClock,
      directory: {
        getUser: async () => null,
        getManager: async () => null,
        colleagues: async () => [],
        listPeople: async () => [],
        listGroupMembers: async () => null,
      },
      department: () => [],
      timeZone: 'America/New_York',
      reminderDaysBefore: 3,
    });
    const { rows: dueSoon } = await sql<{ data: JobData<'course.remind'> }>`
      select data from pgboss.job where name = 'course.remind' and data->>'kind' = 'due_soon'`.execute(
      t.app.db,
    );
    const decided = await Promise.all(dueSoon.map((r) => reminders.reminderFor(r.data)));
    expect(decided.filter((r) => r !== null)).toEqual([
      {
        userId: luis.id,
        courseId,
        courseTitle: expect.any(String),
        dueOn: due,
        kind: 'due_soon',
      },
    ]);
    const later = DateTime.fromISO(due).plus({ days: 7 }).toISODate()!;
    await api(`/api/v1/authoring/courses/${courseId}/assignments`, author, {
      method: 'POST',
      body: { userIds: [luis.id], dueOn: later },
    });
    expect(await Promise.all(dueSoon.map((r) => reminders.reminderFor(r.data)))).toEqual([null, null]);

    const report = await api(`/api/v1/authoring/courses/${courseId}/assignments`, author);
    const byName = Object.fromEntries(
      report.body.items.map((r: { name: string; state: string }) => [r.name, r.state]),
    );
    expect(byName).toEqual({ 'Jordan Lee': 'completed', 'Luis Romero': 'pending' });
    const csv = await api(`/api/v1/authoring/courses/${courseId}/assignments.csv`, author);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('Luis Romero');
    expect(csv.text.split('\r\n')[0]).toBe('\ufeffName,Due on,Status,Completed on,Version');

    const past = await api(`/api/v1/authoring/courses/${courseId}/assignments`, author, {
      method: 'POST',
      body: { userIds: [luis.id], dueOn: '2020-01-01' },
    });
    expect(past.status).toBe(400);
  });

  it('is retired: no longer offered, completions and certificates stay', async () => {
    await api(`/api/v1/authoring/courses/${courseId}/retire`, author, { method: 'POST' });
    expect((await web(`/learn/${courseId}`)).status).toBe(404);
    const certificates = await api(`/api/v1/certificates?sourceKind=course&sourceId=${courseId}`, author);
    expect(certificates.body.items.every((c: { status: string }) => c.status === 'valid')).toBe(true);
    expect(await t.auditChainOk()).toBe(true);
  });
});
