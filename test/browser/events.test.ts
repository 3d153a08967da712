/**
 * Events in a real browser: outreach staff create an event in the tab (answering the daylight-saving
 * question for a 1:30 a.m. start on the night the clocks fall back), and a member of the public
 * registers on the event's public page. Every page is checked with axe-core and photographed.
 */
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app-harness';
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

async function signIn(name: string, hash: string): Promise<Page> {
  const page = await problems.page(await problems.context(browser, t.app.url));
  await page.goto(`${t.app.url}/tab/${hash}`);
  await page.getByRole('heading', { level: 1, name: 'Sign in to Candor' }).waitFor();
  await page.getByRole('button', { name: new RegExp(`^${name}\\b`) }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
  return page;
}

describeInBrowser('events in the tab and on the public page', () => {
  it('lets outreach staff create an event, asking which 1:30 a.m. is meant on the night the clocks fall back', async () => {
    const page = await signIn('Sam Patel', '#/events');
    await page.getByRole('heading', { level: 1, name: 'Outreach events and trainings' }).waitFor();
    await record(page, 'events-list-empty');
    await page.getByRole('button', { name: 'New event' }).click();
    await page.getByRole('heading', { level: 1, name: 'New event' }).waitFor();
    await page.getByText('No Teams meeting: Graph is not configured').waitFor();

    await page.getByLabel('Kind').selectOption('training');
    await page.getByLabel('Title').fill('Ethics for the night shift');
    await page.getByLabel('Event date').fill('2027-11-07');
    await page.getByLabel('Starts at').fill('01:30');
    await page.getByLabel('Ends at').fill('03:00');
    await page.getByLabel('Seats').fill('20');
    await page.getByRole('button', { name: 'Create event' }).click();

    await page.getByText('The start time happens twice that night. Which one?').waitFor();
    await record(page, 'event-form-fall-back-question');
    await page.getByRole('radio', { name: /1:30 AM EST/ }).check();
    await page.getByRole('button', { name: 'Create event' }).click();

    await page.getByRole('heading', { level: 1, name: 'Ethics for the night shift' }).waitFor();
    await page.getByText('Sunday, November 7, 2027, 1:30 AM EST').waitFor();
    await page.getByText('No Teams meeting: Graph is not configured').waitFor();
    await record(page, 'event-page-outreach');

    const stored = await t.app.db
      .selectFrom('events')
      .select(['starts_at', 'ends_at'])
      .executeTakeFirstOrThrow();
    expect(stored.starts_at.toISOString()).toBe('2027-11-07T06:30:00.000Z');
    expect(stored.ends_at.toISOString()).toBe('2027-11-07T08:00:00.000Z');

    await page.getByRole('link', { name: 'All events' }).click();
    await page.getByRole('link', { name: 'Ethics for the night shift' }).waitFor();
    await record(page, 'events-list');
  });

  it('lets a member of the public register on the public page, without a Teams account', async () => {
    const sam = await signIn('Sam Patel', '#/events/new');
    const day = DateTime.now().setZone('America/New_York').plus({ days: 12 }).toFormat('yyyy-MM-dd');
    await sam.getByLabel('Audience').selectOption('public');
    await sam.getByLabel('Title').fill('Your rights at work');
    await sam
      .getByLabel('Description')
      .fill('An evening on discrimination at work and how to file a complaint.');
    await sam.getByLabel('Event date').fill(day);
    await sam.getByLabel('Starts at').fill('18:00');
    await sam.getByLabel('Ends at').fill('19:00');
    await sam.getByRole('button', { name: 'Create event' }).click();
    await sam.getByRole('heading', { level: 1, name: 'Your rights at work' }).waitFor();
    // PUBLIC_URL is not the test server's address (its port is chosen at start): open the same path.
    const publicUrl = await sam.getByRole('link', { name: /\/events\// }).textContent();
    const publicPath = new URL(publicUrl!).pathname;

    const page = await problems.page(await problems.context(browser, t.app.url));
    await page.goto(`${t.app.url}${publicPath}`);
    await page.getByRole('heading', { level: 1, name: 'Your rights at work' }).waitFor();
    await record(page, 'public-event-page');
    await page.getByLabel('Your name (as it should appear on a certificate)').fill('Maria Gonzalez');
    await page.getByLabel('Your email address').fill('maria.example.org');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Enter an email address').first().waitFor();
    await record(page, 'public-event-page-error');
    await page.getByLabel('Your email address').fill('maria@example.org');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('You are registered, Maria Gonzalez.').waitFor();
    await page.getByText('The link to join will follow').waitFor();
    await page.getByRole('link', { name: 'Add to your calendar (.ics)' }).waitFor();
    await record(page, 'public-registration-confirmed');

    // The staff member sees her on the event page.
    await sam.reload();
    await sam.getByRole('cell', { name: /Maria Gonzalez/ }).waitFor();
  });
});
