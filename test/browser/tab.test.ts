/**
 * The tab in a real browser (Debian's chromium, driven by playwright-core) against the real app started
 * in-process, serving the built tab (tab/dist, made by `npm run build:tab`) at /tab/ with its CSP.
 * Disclosures are made the way staff make them, in the bot chat (the Teams client fake); people sign in
 * with the local dev sign-in. Every page is checked with axe-core (no serious or critical violations)
 * and photographed to test-results/screens/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { VERBS } from '../../bot/cards/verbs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { agencyToday } from '../support/dates';
import { cardText, cardVerbs, type TeamsUser } from '../support/teams-client';
import { describeInBrowser, expectTabServed, launchChromium, PageProblems, record } from './browser-kit';
import { reviewableGift as giftForm } from '../support/fixtures';

jest.setTimeout(120_000);

const today = agencyToday();

const reviewableGift = giftForm();

let t: TestApp;
let browser: Browser;
const problems = new PageProblems();

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

async function newContext(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserContext> {
  return problems.context(browser, t.app.url, opts);
}

async function newPage(context: BrowserContext): Promise<Page> {
  return problems.page(context);
}

/** Opens the tab in a fresh browser session and signs in as `name` with the dev sign-in. */
async function signIn(
  name: string,
  opts: { colorScheme?: 'light' | 'dark'; hash?: string } = {},
): Promise<Page> {
  const page = await newPage(await newContext(opts));
  await page.goto(`${t.app.url}/tab/${opts.hash ?? '#/mine'}`);
  await page.getByRole('heading', { level: 1, name: 'Sign in to Candor' }).waitFor();
  await page.getByRole('button', { name: new RegExp(`^${name}\\b`) }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
  return page;
}

async function submitGift(user: TeamsUser, fields: Partial<typeof reviewableGift> = {}) {
  const earlier = new Set(t.connector.sent.map((e) => e.activityId));
  await user.say('gift');
  const form = await t.connector.waitFor(
    (e) =>
      e.conversationId === user.conversationId &&
      e.kind !== 'update' &&
      !earlier.has(e.activityId) &&
      cardVerbs(e.activity).includes(VERBS.submitGift),
  );
  const result = await user.click(VERBS.submitGift, { ...reviewableGift, ...fields }, form.activityId);
  expect(result.status).toBe(200);
  return { formActivityId: form.activityId };
}

async function submitPublicOffice(user: TeamsUser, description: string) {
  const earlier = new Set(t.connector.sent.map((e) => e.activityId));
  await user.say('conflict');
  const form = await t.connector.waitFor(
    (e) =>
      e.conversationId === user.conversationId &&
      e.kind !== 'update' &&
      !earlier.has(e.activityId) &&
      cardVerbs(e.activity).includes(VERBS.openConflictForm),
  );
  const result = await user.click(
    VERBS.submitConflict,
    {
      category: 'public_office',
      description,
      parties: 'Town of Wethersfield',
      startDate: today,
      endDate: '',
      ongoing: 'true',
      publicOfficeStatus: 'seeking',
      officeTerm: '2027–2031',
    },
    form.activityId,
  );
  expect(result.status).toBe(200);
}

async function referenceOf(description: string): Promise<string> {
  const rows = await t.app.db.selectFrom('disclosures').select(['reference', 'details']).execute();
  const row = rows.find((r) => JSON.stringify(r).includes(description));
  if (!row) throw new Error(`No disclosure "${description}"`);
  return row.reference;
}

describeInBrowser('the Candor tab in a browser', () => {
  it('signs Alex in, lists the disclosure he made in the chat, and shows its details, policy and timeline', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    await submitGift(alex, { description: 'A framed print for my birthday' });
    const reference = await referenceOf('A framed print for my birthday');

    const page = await newPage(await newContext());
    await page.goto(`${t.app.url}/tab/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Candor' }).waitFor();
    await page.getByRole('button', { name: /^Daniel Ortiz/ }).waitFor();
    await record(page, 'sign-in');
    await page.getByRole('button', { name: /^Alex Kim/ }).click();

    await page.getByRole('heading', { level: 1, name: 'My disclosures' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Candor pages' });
    expect(await nav.getByRole('tab').allInnerTexts()).toEqual([
      'My disclosures',
      'Approvals',
      'Events',
      'Courses',
    ]);
    const row = page.getByRole('row', { name: /A framed print for my birthday/ });
    await row.waitFor();
    await expectText(row, 'Waiting for review');
    await expectText(row, reference);
    await record(page, 'my-disclosures');

    // The state filter narrows the list, and says what to do when nothing matches.
    await page.getByLabel('Status').selectOption({ label: 'Approved' });
    await page.getByText('None of your disclosures match these filters.').waitFor();
    await record(page, 'my-disclosures-filtered-empty');
    await page.getByRole('button', { name: 'Show all my disclosures' }).click();
    await row.waitFor();

    // By keyboard alone: Tab reaches the disclosure's link, Enter opens it.
    const link = row.getByRole('link', { name: 'A framed print for my birthday' });
    for (let i = 0; i < 20 && !(await link.evaluate((el) => el.matches(':focus'))); i++)
      await page.keyboard.press('Tab');
    expect(await link.evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Gift disclosure ${reference}` }).waitFor();
    const main = page.getByRole('main');
    await expectText(main, 'Chris Doe');
    await expectText(main, '$75.00');
    await expectText(main, "Needs your supervisor's review");
    await expectText(page.locator('blockquote').first(), '$50');
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expectText(timeline, 'Disclosed — waiting for review');
    await expectText(timeline, 'Alex Kim');
    await page.getByRole('button', { name: 'Withdraw this disclosure' }).waitFor();
    await record(page, 'disclosure-employee');

    // The focus moved to the new page's heading, for screen readers.
    expect(await page.evaluate('document.activeElement && document.activeElement.tagName')).toBe('H1');
  });

  it('lets Daniel approve a disclosure in Approvals with a comment, and the chat card shows the decision', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    const { formActivityId } = await submitGift(alex, { description: 'Concert tickets from my team' });
    const reference = await referenceOf('Concert tickets from my team');

    const page = await signIn('Daniel Ortiz', { hash: '#/approvals' });
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    const pending = page.getByRole('region', { name: /^Waiting/ });
    const row = pending.getByRole('row', { name: /Concert tickets from my team/ });
    await row.waitFor();
    await expectText(row, 'Alex Kim');
    await record(page, 'approvals');

    await row.getByRole('link', { name: 'Concert tickets from my team' }).click();
    await page.getByRole('heading', { level: 1, name: `Gift disclosure ${reference}` }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Your decision' }).waitFor();

    // A denial needs a reason: the form says so beside the field and sends nothing.
    await page.getByRole('radio', { name: 'Deny' }).check();
    await page.getByRole('button', { name: 'Send decision' }).click();
    await page.getByText('Tell the employee why in the comment.').waitFor();
    await record(page, 'decision-form-error');

    await page.getByRole('radio', { name: 'Approve', exact: true }).check();
    await page.getByLabel('Comment (optional)').fill('Fine — enjoy the concert.');
    await record(page, 'decision-form');
    await page.getByRole('button', { name: 'Send decision' }).click();
    await page.getByText('Decision sent: Approved').waitFor();
    await expectText(page.getByRole('region', { name: 'Decision' }), 'Fine — enjoy the concert.');
    await expectText(page.getByRole('region', { name: 'Timeline' }), 'Decided: approved');
    expect(await page.getByRole('button', { name: 'Send decision' }).count()).toBe(0);
    await record(page, 'decision-sent');

    // The same use case as the card: Alex's card in the chat updates in place.
    await t.connector.waitFor(
      (e) =>
        e.kind === 'update' &&
        e.conversationId === alex.conversationId &&
        e.activityId === formActivityId &&
        /Approved/.test(cardText(e.activity)),
      { timeoutMs: 15_000 },
    );

    await page.getByRole('link', { name: /Back to Approvals/ }).click();
    await page
      .getByRole('region', { name: 'Decided' })
      .getByRole('row', { name: /Concert tickets/ })
      .waitFor();
  });

  it('lets Alex withdraw a disclosure that is not decided yet, after confirming', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    await submitGift(alex, { description: 'A gift card from a colleague', kind: 'cash_or_gift_card' });
    const page = await signIn('Alex Kim');
    await page.getByRole('link', { name: 'A gift card from a colleague' }).click();
    await page.getByRole('button', { name: 'Withdraw this disclosure' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await record(page, 'withdraw-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await page.getByText('This disclosure is withdrawn.').waitFor();
    await expectText(page.getByRole('main'), 'Withdrawn');
    expect(await page.getByRole('button', { name: 'Withdraw this disclosure' }).count()).toBe(0);
  });

  it('gives Marcus Bell, the ethics officer, a register whose filters narrow the table and whose CSV export has the rows', async () => {
    const jordan = t.teams.as(t.person('Jordan Lee'));
    await submitPublicOffice(jordan, 'Running for the town board of finance');
    await submitGift(t.teams.as(t.person('Alex Kim')), {
      description: 'A basket of pears',
      donorName: 'Pat Rivera',
    });

    const page = await signIn('Marcus Bell', { hash: '#/register' });
    const nav = page.getByRole('navigation', { name: 'Candor pages' });
    expect(await nav.getByRole('tab').allInnerTexts()).toEqual([
      'My disclosures',
      'Approvals',
      'Register',
      'Campaigns',
      'Events',
      'Courses',
      'Course authoring',
    ]);
    await page.getByRole('heading', { level: 1, name: 'Disclosure register' }).waitFor();
    const table = page.getByRole('table', { name: 'Register of disclosures' });
    await table.getByRole('row', { name: /Running for the town board of finance/ }).waitFor();
    await table.getByRole('row', { name: /A basket of pears/ }).waitFor();
    await page.getByRole('figure', { name: 'Disclosures by month' }).waitFor();
    await page
      .getByRole('table', { name: /Gifts by donor/ })
      .getByRole('row', { name: /Pat Rivera/ })
      .waitFor();
    await record(page, 'register');

    // Type: conflicts only.
    await page.getByLabel('Type', { exact: true }).selectOption('conflict');
    await waitForRows(
      page,
      (rows) => rows.every((r) => r.includes('Conflict of interest')) && rows.length >= 1,
    );
    expect((await rowTexts(page)).some((r) => r.includes('A basket of pears'))).toBe(false);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();

    // Donor: only that donor's gifts.
    await page.getByLabel('Donor', { exact: true }).fill('Pat Rivera');
    await waitForRows(page, (rows) => rows.length === 1 && rows[0]!.includes('A basket of pears'));
    await record(page, 'register-filtered');

    // Export with the same filters: a CSV file with that disclosure only.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^candor-register-.*\.csv$/);
    const csv = readFileSync((await file.path())!, 'utf8');
    expect(csv).toContain('A basket of pears');
    expect(csv).toContain(await referenceOf('A basket of pears'));
    expect(csv).not.toContain('Running for the town board of finance');

    // Full-text search.
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.getByRole('searchbox').fill('town board');
    await waitForRows(
      page,
      (rows) => rows.length === 1 && rows[0]!.includes('Running for the town board of finance'),
    );

    // The charts have their numbers as a table.
    const byOutcome = page.getByRole('figure', { name: 'Disclosures by policy outcome' });
    await byOutcome.getByText('Show the numbers').click();
    await byOutcome.getByRole('row', { name: /Needs review/ }).waitFor();

    // Paging: with two rows a page (the API's own keyset paging), "Load more" brings the rest.
    const paged = await signIn('Marcus Bell');
    await paged.route('**/api/v1/register?*', (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '2');
      return route.continue({ url: url.href });
    });
    await paged.getByRole('tab', { name: 'Register' }).click();
    await waitForRows(paged, (rows) => rows.length === 2);
    await paged.getByText('2 disclosures shown, more available').waitFor();
    const total = Number(
      await t.app.db
        .selectFrom('disclosures')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => r.n),
    );
    for (let shown = 2; shown < total; shown += 2) {
      await paged.getByRole('button', { name: 'Load more' }).click();
      await waitForRows(paged, (rows) => rows.length === Math.min(shown + 2, total));
    }
    await paged.getByText(`${total} disclosures shown`, { exact: true }).waitFor();
    expect(await paged.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // An employee who is not the ethics officer has no register.
    const alex = await signIn('Alex Kim', { hash: '#/register' });
    await alex.getByRole('heading', { level: 1, name: 'You do not have access to this page' }).waitFor();
    await record(alex, 'register-no-access');
  });

  it('shows HR the disclosures copied to HR', async () => {
    await submitPublicOffice(t.teams.as(t.person('Jordan Lee')), 'Seeking a seat on the school board');
    const page = await signIn('Priya Raman', { hash: '#/hr' });
    await page.getByRole('heading', { level: 1, name: 'Copied to HR' }).waitFor();
    const row = page.getByRole('row', { name: /Seeking a seat on the school board/ });
    await row.waitFor();
    await expectText(row, 'Jordan Lee');
    await record(page, 'hr');
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'What was disclosed' }).waitFor();
    await expectText(page.getByRole('main'), 'Seeking office (candidate)');
    await record(page, 'disclosure-hr');
  });

  it('says what to do next on an empty list, in the dark theme, and on the events, configuration and unknown pages', async () => {
    const page = await signIn('Grace Okafor', { colorScheme: 'dark' });
    await page.getByText('You have no disclosures yet.').waitFor();
    await expectText(page.getByRole('main'), 'Type “gift” or “conflict” in the Candor chat to make one.');
    await record(page, 'my-disclosures-empty-dark');

    await page.goto(`${t.app.url}/tab/#/approvals`);
    await page.getByText('Nothing is waiting for your review.').waitFor();
    await record(page, 'approvals-empty-dark');

    await page.goto(`${t.app.url}/tab/#/events`);
    await page.getByText('No events are scheduled.').waitFor();
    expect(await page.getByRole('tab', { name: 'Events', selected: true }).count()).toBe(1);
    // Grace is not outreach staff: she registers, she does not create.
    expect(await page.getByRole('button', { name: 'New event' }).count()).toBe(0);
    await record(page, 'events-dark');

    await page.goto(`${t.app.url}/tab/#/nowhere`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await record(page, 'not-found-dark');

    const plain = await newPage(await newContext());
    await plain.goto(`${t.app.url}/tab/#/configure`);
    await plain.getByRole('heading', { level: 1, name: 'Add the outreach calendar' }).waitFor();
    await record(plain, 'configure');
  });

  it('asks to open Candor in Teams where there is no dev sign-in, and offers Retry when the API fails', async () => {
    const context = await newContext();
    const page = await newPage(context);
    await page.route('**/api/v1/dev/people', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Not found', status: 404 }),
      }),
    );
    await page.goto(`${t.app.url}/tab/`);
    await page.getByRole('heading', { level: 1, name: 'Open Candor in Microsoft Teams' }).waitFor();
    await record(page, 'open-in-teams');

    const failing = await signIn('Alex Kim');
    let fail = true;
    await failing.route('**/api/v1/disclosures?*', (route) =>
      fail
        ? route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              title: 'Service unavailable',
              status: 503,
              detail: 'The database is not reachable. Try again in a minute.',
            }),
          })
        : route.fallback(),
    );
    await failing.getByLabel('Type').selectOption('gift');
    const alert = failing.getByRole('alert');
    await expectText(alert, 'The database is not reachable. Try again in a minute.');
    await record(failing, 'error-retry');
    fail = false;
    await alert.getByRole('button', { name: 'Retry' }).click();
    await failing.getByRole('row', { name: /A framed print for my birthday/ }).waitFor();

    // An expired sign-in sends Alex back to the sign-in page with a word on why.
    await failing.evaluate(
      `sessionStorage.setItem('candor.devSession', JSON.stringify({ token: 'expired', expiresAt: new Date(Date.now() + 3600000).toISOString(), userId: 'x' }))`,
    );
    await failing.reload();
    await failing.getByText('Your sign-in has expired. Choose who you are again.').waitFor();
  });
});

async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  await locator.getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });
}

async function rowTexts(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Register of disclosures' }).locator('tbody tr').allInnerTexts();
}

async function waitForRows(page: Page, ok: (rows: string[]) => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let rows: string[] = [];
  while (Date.now() < until) {
    rows = await rowTexts(page).catch(() => []);
    if (ok(rows) && !(await page.getByText('updating…').count())) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`The register did not show the expected rows; it shows:\n${rows.join('\n')}`);
}
