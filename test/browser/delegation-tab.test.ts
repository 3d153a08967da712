/**
 * The Delegation section of the Approvals tab in a real browser (chromium): a reviewer chooses a
 * colleague and two days, sees a refused range explained beside its field, saves, and ends it.
 */
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app-harness';
import { agencyToday } from '../support/dates';
import { describeInBrowser, expectTabServed, launchChromium, PageProblems, record } from './browser-kit';

jest.setTimeout(120_000);

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

/** yyyy-mm-dd, `days` after `date`. */
const plus = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describeInBrowser('the Delegation section of the Approvals tab', () => {
  it('lets Daniel delegate his reviews to Renee for a week, refusing a backwards range, then end it', async () => {
    const today = agencyToday();
    const page = await problems.page(await problems.context(browser, t.app.url));
    await page.goto(`${t.app.url}/tab/#/approvals`);
    await page.getByRole('button', { name: /^Daniel Ortiz\b/ }).click();
    await page.getByText('Signed in as Daniel Ortiz').waitFor();
    const section = page.getByRole('region', { name: 'Delegation' });
    await section.getByText(/go to the colleague you choose/).waitFor();

    await section
      .getByRole('combobox', { name: /Who decides for you/ })
      .selectOption({ label: 'Renee Walsh, Affirmative Action Supervisor' });
    await section.getByLabel(/Last day/).fill(plus(today, -1));
    await section.getByRole('button', { name: 'Delegate' }).click();
    await section.getByText('The last day cannot be before the first.').waitFor();
    expect(await t.app.db.selectFrom('delegations').selectAll().execute()).toHaveLength(0);

    await section.getByLabel(/Last day/).fill(plus(today, 7));
    await section.getByRole('button', { name: 'Delegate' }).click();
    await section.getByText(/^Saved: Renee Walsh decides your new reviews/).waitFor();
    await section.getByRole('button', { name: 'End delegation' }).waitFor();
    await record(page, 'approvals-delegation');
    const [row] = await t.app.db.selectFrom('delegations').selectAll().execute();
    expect(row).toMatchObject({
      delegate_name: 'Renee Walsh',
      starts_on: today,
      ends_on: plus(today, 7),
      revoked_at: null,
    });

    await section.getByRole('button', { name: 'End delegation' }).click();
    await section.getByText('Delegation ended: new reviews come to you again.').waitFor();
    const [ended] = await t.app.db.selectFrom('delegations').selectAll().execute();
    expect(ended!.revoked_at).not.toBeNull();
  });
});
