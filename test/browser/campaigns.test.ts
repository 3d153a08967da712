/**
 * The Campaigns page in a real browser, on the local default with the demo org chart: Marcus Bell (ethics
 * officer) launches a campaign to everyone, watches it complete, finds the person the app could not
 * reach with the reason, and reminds those who have not acknowledged; an employee does not see the page. Checked with axe-core and photographed.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app-harness';
import { describeInBrowser, expectTabServed, launchChromium, PageProblems, record } from './browser-kit';
import orgChart from '../../config/demo-org-chart.json';

jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
const problems = new PageProblems();

describeInBrowser('the Campaigns page', () => {
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
    const page = await problems.page(await problems.context(browser, t.app.url, {}));
    await page.goto(`${t.app.url}/tab/${hash}`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Candor' }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^${name}\\b`) }).click();
    return page;
  }

  it('launches a campaign to everyone, shows its progress and the failure with its reason', async () => {
    const luis = orgChart.people.find((p) => p.displayName === 'Luis Romero')!;
    t.connector.removeApp(luis.id);
    const page = await signIn('Marcus Bell', '#/campaigns');
    await page.getByRole('heading', { level: 1, name: 'Attestation campaigns' }).waitFor();
    await page.getByLabel('Policy').selectOption('chro-state-equipment');
    await page.getByRole('button', { name: 'Launch campaign' }).click();
    const detail = page.getByRole('region', { name: /Use of State Equipment Policy, \d{4}: Everyone/ });
    await detail.waitFor();
    // Live progress: the counts reach 9 sent and 1 failed without reloading the page.
    await detail.getByText('Resend to failed (1)').waitFor({ timeout: 30_000 });
    await page.getByLabel('Show').selectOption('failed');
    await detail.getByRole('cell', { name: 'Luis Romero' }).waitFor();
    await detail.getByRole('cell', { name: /403/ }).waitFor();
    // Remind the nine who have not acknowledged: the round is counted as it goes out.
    await detail.getByRole('button', { name: 'Remind those who have not acknowledged (9)' }).click();
    await detail.getByText('Round 1: 9 reminders queued.').waitFor();
    await detail.getByText(/^9 reminders sent in 1 round/).waitFor({ timeout: 30_000 });
    await record(page, 'campaigns');
  });

  it('is not offered to an employee', async () => {
    const page = await signIn('Alex Kim', '#/campaigns');
    await page.getByRole('heading', { level: 1, name: 'You do not have access to this page' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Campaigns' }).count()).toBe(0);
  });
});
