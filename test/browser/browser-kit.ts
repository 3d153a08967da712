/**
 * What the tab's browser tests share: Debian's chromium driven by playwright-core (loopback only),
 * axe-core checks, screenshots in test-results/screens/, and a watch for CSP refusals and script errors.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.join(__dirname, '..', '..');
export const TAB_INDEX = path.join(ROOT, 'tab', 'dist', 'index.html');
export const SCREENS = path.join(ROOT, 'test-results', 'screens');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/**
 * `describe`, or `describe.skip` with a warning when chromium is missing on a developer's machine. On CI
 * nothing is skipped: a missing chromium fails the run (see `launchChromium`).
 */
export function describeInBrowser(name: string, fn: () => void): void {
  if (!haveChromium && !inCi) {
    console.warn(`${name}: skipped, ${CHROMIUM} is missing. Install it with: apt-get install -y chromium`);
    describe.skip(name, fn);
  } else {
    describe(name, fn);
  }
}

/** Chromium, headless, with nothing that phones home; fails with the fix when it or the tab is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!haveChromium)
    throw new Error(
      `The tab's browser tests need chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`,
    );
  if (!existsSync(TAB_INDEX))
    throw new Error(`The tab is not built (${TAB_INDEX} is missing). Run: npm run build:tab`);
  mkdirSync(SCREENS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Fails with the fix when the app does not serve the built tab at /tab/. */
export async function expectTabServed(appUrl: string): Promise<void> {
  const res = await fetch(`${appUrl}/tab/`);
  if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('text/html'))
    throw new Error(
      `The app does not serve the tab at /tab/ (HTTP ${res.status}). Mount it in src/composition/app.ts: ` +
        'registerTab(server) from src/http/static-tab.ts',
    );
  const csp = res.headers.get('content-security-policy') ?? '';
  if (!/script-src 'self'(;|$)/.test(csp))
    throw new Error(`The tab is served without its CSP (script-src 'self'); got: ${csp || 'none'}`);
}

/** Problems pages reported (CSP refusals, script errors, requests leaving the app), for afterEach. */
export class PageProblems {
  private readonly problems: string[] = [];

  constructor(
    /** Console messages that are expected (each with the reason in a comment where it is passed). */
    private readonly allowed: RegExp[] = [],
  ) {}

  /** A context whose requests may only go to `appUrl` (anything else is recorded and aborted). */
  async context(
    browser: Browser,
    appUrl: string,
    opts: { colorScheme?: 'light' | 'dark' } = {},
  ): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      timezoneId: 'America/New_York',
      colorScheme: opts.colorScheme ?? 'light',
      acceptDownloads: true,
    });
    await context.route(
      (url) => !url.href.startsWith(appUrl) && url.protocol !== 'blob:' && url.protocol !== 'data:',
      (route) => {
        this.problems.push(`request outside the app: ${route.request().url()}`);
        return route.abort();
      },
    );
    return context;
  }

  async page(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (err) => this.problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      const text = msg.text();
      if (this.allowed.some((re) => re.test(text))) return;
      if (/Content Security Policy|Refused to/i.test(text)) this.problems.push(`CSP: ${text}`);
    });
    return page;
  }

  take(): string[] {
    return this.problems.splice(0);
  }
}

/**
 * axe-core on the page (or frame) as it is now; fails on serious or critical violations and prints the
 * others. The CSP (script-src 'self') refuses an injected <script> (page.addScriptTag), so axe is
 * evaluated through the DevTools protocol, which the CSP does not govern.
 */
export async function checkAccessibility(target: Page | Frame, name: string): Promise<void> {
  // Let opening dialogs and other transitions end: half-faded colours make contrast checks meaningless.
  await target.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => undefined)))`);
  await target.evaluate(AXE_SOURCE);
  // Fluent's focus manager (tabster) puts focusable, aria-hidden sentinels (`<i data-tabster-dummy>`) around
  // arrow-key groups such as the TabList; they hand focus on at once and are silent on purpose. axe's
  // aria-hidden-focus flags them: a known false positive that Microsoft's Accessibility Insights
  // suppresses the same way (microsoft/tabster#288, microsoft/accessibility-insights-web#7605).
  const violations = (await target.evaluate(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((r) => r.violations
        .map((v) => ({
          ...v,
          nodes: v.id !== 'aria-hidden-focus' ? v.nodes : v.nodes.filter((n) => {
            const el = document.querySelector(n.target[0]);
            return !(el && el.matches('[data-tabster-dummy]'));
          }),
        }))
        .filter((v) => v.nodes.length > 0)
        .map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
        })))
  `)) as Array<{ id: string; impact: string; help: string; nodes: string[] }>;
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = violations.filter((v) => !serious.includes(v));
  if (minor.length > 0)
    console.info(
      `axe on ${name}, minor findings:\n${minor.map((v) => `  ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n')}`,
    );
  expect({ page: name, serious }).toEqual({ page: name, serious: [] });
}

/** Accessibility check of `target` (default: the page) and a screenshot of the page (the viewport only for dialogs). */
export async function record(
  page: Page,
  name: string,
  opts: { fullPage?: boolean; target?: Frame } = {},
): Promise<void> {
  await checkAccessibility(opts.target ?? page, name);
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: opts.fullPage ?? true });
}
