/**
 * Courses in the tab, in a real browser: outreach staff import the sample course file, preview it,
 * publish it and assign it; a staff member takes it (sections, the knowledge check) and passes. axe-core
 * checks every page (no serious or critical violations).
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app-harness';
import { SAMPLE_COURSE_FILE, sampleCourse } from '../courses/support';
import { describeInBrowser, expectTabServed, launchChromium, PageProblems, record } from './browser-kit';

jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
const problems = new PageProblems();
const course = sampleCourse();

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestApp();
  await expectTabServed(t.app.url);
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

afterEach(() => {
  expect(problems.take()).toEqual([]);
});

async function signIn(name: string, hash: string): Promise<Page> {
  const page = await problems.page(await problems.context(browser, t.app.url));
  await page.goto(`${t.app.url}/tab/${hash}`);
  await page.getByRole('button', { name: new RegExp(`^${name}\\b`) }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
  return page;
}

describeInBrowser('courses in the tab', () => {
  it('are imported, previewed, published and assigned by outreach staff, and taken and passed by staff', async () => {
    const sam = await signIn('Sam Patel', '#/authoring');
    await sam.getByRole('heading', { level: 1, name: 'Course authoring' }).waitFor();
    await record(sam, 'course-authoring');
    await sam.locator('input[type=file]').setInputFiles(SAMPLE_COURSE_FILE);
    await sam.getByRole('heading', { level: 1, name: course.title }).waitFor();
    await record(sam, 'course-editor');
    await sam.getByRole('button', { name: 'Preview' }).click();
    await sam.getByRole('region', { name: 'Preview' }).waitFor();
    await record(sam, 'course-preview');
    await sam.getByRole('button', { name: 'Publish' }).click();
    await sam.getByText('Published as version 1.').waitFor();
    await sam.getByRole('heading', { name: 'Assignments' }).waitFor();
    await sam.getByRole('checkbox', { name: /^Jordan Lee/ }).check();
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await sam.getByLabel('Due on').fill(due);
    await sam.getByRole('button', { name: 'Assign', exact: true }).click();
    await sam.getByText(/Assigned to 1 person/).waitFor();
    await sam.getByRole('table', { name: 'Assigned people' }).waitFor();
    await record(sam, 'course-assignments');

    const jordan = await signIn('Jordan Lee', '#/courses');
    await jordan.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    await jordan.getByText(/^Due /).waitFor();
    await record(jordan, 'courses');
    await jordan.getByRole('link', { name: course.title }).click();
    await jordan.getByRole('button', { name: 'Start the course' }).click();
    await jordan.getByRole('heading', { level: 2, name: course.sections[0]!.title }).waitFor();
    await record(jordan, 'course-section');
    for (let i = 0; i < course.sections.length; i++)
      await jordan.getByRole('button', { name: /^Mark as read/ }).click();
    await jordan.getByRole('heading', { level: 2, name: 'Knowledge check' }).waitFor();
    await record(jordan, 'course-check');
    // Every choice text of the sample course is unique, so each names its radio button or checkbox.
    for (const q of course.questions)
      for (const c of q.choices.filter((x) => x.correct))
        await jordan
          .getByRole(q.kind === 'single' ? 'radio' : 'checkbox', { name: c.text, exact: true })
          .check();
    await jordan.getByRole('button', { name: 'Submit my answers' }).click();
    await jordan.getByRole('heading', { level: 2, name: 'You passed' }).waitFor();
    await jordan.getByText(/Verification code: CHRO-/).waitFor();
    await record(jordan, 'course-passed');
    await jordan.goto(`${t.app.url}/tab/#/courses`);
    await jordan.getByRole('heading', { level: 2, name: 'Your certificates' }).waitFor();
    await record(jordan, 'courses-with-certificate');
  });
});
