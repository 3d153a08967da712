/**
 * The public course pages in a real browser on a phone-sized screen (390×844), used with the keyboard
 * alone: a member of the public finds the sample course, starts it, reads every section, takes the
 * knowledge check (radio groups with the arrow keys, checkboxes with the space bar), passes and opens the
 * verification page of their certificate. axe-core checks every page (no serious or critical
 * violations); the CSP must refuse nothing (the stylesheet is allowed by its hash).
 */
import type { Browser, Page } from 'playwright-core';
import { apiCall, devSignIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/app-harness';
import { sampleCourse } from '../courses/support';
import { describeInBrowser, launchChromium, PageProblems, record } from './browser-kit';

jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
const problems = new PageProblems();
const course = sampleCourse();

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestApp();
  const author = await devSignIn(t.app.url, t.person('Sam Patel').id);
  const created = await apiCall(t.app.url, '/api/v1/authoring/courses', author, {
    method: 'POST',
    body: course,
  });
  await apiCall(t.app.url, `/api/v1/authoring/courses/${created.body.id}/publish`, author, {
    method: 'POST',
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

afterEach(() => {
  expect(problems.take()).toEqual([]);
});

/** What has the keyboard focus: its tag, type, name, value, and its text or label. */
interface Focused {
  tag: string;
  type: string;
  name: string;
  value: string;
  text: string;
  checked: boolean;
}

async function focused(page: Page): Promise<Focused> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    return {
      tag: el ? el.tagName.toLowerCase() : '',
      type: (el && el.getAttribute('type')) || '',
      name: (el && el.getAttribute('name')) || '',
      value: (el && el.value) || '',
      text: ((el && el.textContent) || '').trim(),
      checked: Boolean(el && el.checked),
    };
  })()`)) as Focused;
}

/** Presses Tab until the focused element matches (at most 60 times). */
async function tabTo(page: Page, matches: (f: Focused) => boolean, what: string) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (matches(await focused(page))) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

async function expectNoSideways(page: Page, name: string) {
  const overflow = (await page.evaluate(
    'document.documentElement.scrollWidth - window.innerWidth',
  )) as number;
  expect({ page: name, overflow: overflow > 0 }).toEqual({ page: name, overflow: false });
}

async function check(page: Page, name: string) {
  await record(page, `learn-${name}`);
  await expectNoSideways(page, name);
}

describeInBrowser('the public course pages', () => {
  it('take a person from the catalogue to a verified certificate with the keyboard alone, on a phone', async () => {
    const context = await problems.context(browser, t.app.url);
    const page = await problems.page(context);
    await page.setViewportSize({ width: 390, height: 844 });

    await page.goto(`${t.app.url}/learn`);
    await check(page, 'catalogue');
    await tabTo(page, (f) => f.tag === 'a' && f.text === course.title, 'the course link');
    await Promise.all([page.waitForURL(/\/learn\/[0-9a-f-]{36}$/), page.keyboard.press('Enter')]);

    await check(page, 'start');
    await tabTo(page, (f) => f.name === 'name', 'the name field');
    await page.keyboard.type('Maya Johnson');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('email'); // the honeypot is never reached
    await page.keyboard.type('maya.johnson@example.org');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Start the course' });
    await Promise.all([page.waitForURL(/\/learn\/r\/[\w-]{43}$/), page.keyboard.press('Enter')]);

    await check(page, 'overview');
    await tabTo(page, (f) => f.tag === 'a' && f.text.startsWith('Begin:'), 'the begin link');
    await Promise.all([page.waitForURL(/\/sections\//), page.keyboard.press('Enter')]);
    for (let i = 0; i < course.sections.length; i++) {
      if (i === 0) await check(page, 'section');
      await page.getByRole('heading', { level: 1, name: course.sections[i]!.title }).waitFor();
      await tabTo(page, (f) => f.tag === 'button', 'the continue button');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    }

    await page.getByRole('heading', { level: 1, name: 'Knowledge check' }).waitFor();
    await check(page, 'check');
    // Submitting nothing shows the errors, linked to their questions.
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Submit my answers', 'the submit button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.getByRole('alert').waitFor();
    await check(page, 'check-errors');

    // Answer every question right: radio groups with the arrow keys, checkboxes with the space bar.
    const right = new Map(
      course.questions.map((q) => [q.id, q.choices.filter((c) => c.correct).map((c) => c.id)]),
    );
    await page.evaluate('window.scrollTo(0, 0)');
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    for (;;) {
      const f = await focused(page);
      if (f.tag === 'button') break;
      if (f.name.startsWith('q.')) {
        const wanted = right.get(f.name.slice(2))!;
        if (f.type === 'radio') {
          for (let i = 0; i < 8 && (await focused(page)).value !== wanted[0]; i++)
            await page.keyboard.press('ArrowDown');
          if (!(await focused(page)).checked) await page.keyboard.press('Space');
        } else if (wanted.includes(f.value) !== f.checked) {
          await page.keyboard.press('Space');
        }
      }
      await page.keyboard.press('Tab');
    }
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

    await page.getByRole('heading', { level: 1, name: 'You passed' }).waitFor();
    await check(page, 'result');
    await tabTo(page, (f) => f.tag === 'a' && f.text.includes('/verify/'), 'the verification link');
    const verifyHref = (await page.evaluate("document.activeElement.getAttribute('href')")) as string;
    // PUBLIC_URL of the test app is not its address: follow the link's path on the app.
    await page.goto(`${t.app.url}${new URL(verifyHref).pathname}`);
    await page.getByRole('heading', { level: 1, name: 'Valid certificate' }).waitFor();
    await check(page, 'verify');
    await context.close();
  });
});
