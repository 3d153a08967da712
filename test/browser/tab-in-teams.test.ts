/**
 * The tab inside Microsoft Teams: a stand-in Teams host page frames the built tab and answers the Teams
 * SDK's postMessage protocol (initialize, getContext, authentication.getAuthToken, the configuration
 * page's settings calls) the way the Teams web client does. The app runs in Entra ID mode against the
 * loopback FakeEntraId, so the SSO token the host hands out is validated for real (JWKS, issuer,
 * audience, tenant) and there is no dev sign-in.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { FakeEntraId } from '../fakes/entra-id';
import { startTestApp, type TestApp } from '../support/app-harness';
import { describeInBrowser, expectTabServed, launchChromium, PageProblems, record } from './browser-kit';
import orgChart from '../../config/demo-org-chart.json';

jest.setTimeout(120_000);

const TENANT = orgChart.tenantId;
const APP_ID = '6b1d2c3e-0000-4000-8000-0000000000ab';

let entra: FakeEntraId;
let t: TestApp;
let browser: Browser;
// The Teams SDK fetches Microsoft's list of valid host origins from a CDN when it loads; the tab's CSP
// (connect-src 'self') refuses it and the SDK uses the list it ships with. That refusal is expected here.
const problems = new PageProblems([/res\.cdn\.office\.net\/teams-js\/validDomains/]);

beforeAll(async () => {
  browser = await launchChromium();
  entra = await FakeEntraId.start({ tenantId: TENANT });
  t = await startTestApp({
    ENTRA_TENANT_ID: TENANT,
    ENTRA_APP_ID: APP_ID,
    ENTRA_AUTHORITY_HOST: entra.httpUrl,
  });
  await expectTabServed(t.app.url);
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await entra?.close();
});

afterEach(() => {
  expect(problems.take()).toEqual([]);
});

/** A Teams SSO token for a person of the demo org chart, as Entra ID issues it for the tab's app. */
function ssoToken(name: string, roles: string[] = []): Promise<string> {
  const p = t.person(name);
  return entra.issueToken(
    {
      oid: p.id,
      tid: TENANT,
      name: p.displayName,
      preferred_username: `${p.displayName.toLowerCase().replace(' ', '.')}@candor-demo.example`,
      ...(roles.length > 0 ? { roles } : {}),
    },
    { audience: APP_ID, issuer: `${entra.httpUrl}/${TENANT}/v2.0` },
  );
}

interface HostOptions {
  /** Path of the tab in the frame, e.g. `/tab/#/mine`. */
  tabPath: string;
  token: string;
  theme: 'default' | 'dark' | 'contrast';
  frameContext: 'content' | 'settings';
  userObjectId: string;
}

/**
 * The host page (served by the browser itself, at the app's origin, so the SDK's origin check accepts
 * it as it accepts teams.microsoft.com). It records every call in `window.host.calls`.
 */
function hostPage(o: HostOptions): string {
  const runtime = {
    apiVersion: 4,
    isLegacyTeams: false,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    supports: {
      app: {},
      appEntity: {},
      authentication: {},
      pages: { appButton: {}, backStack: {}, config: {}, currentApp: {}, fullTrust: {}, tabs: {} },
      teamsCore: {},
    },
  };
  const context = {
    locale: 'en-us',
    theme: o.theme,
    frameContext: o.frameContext,
    hostClientType: 'web',
    hostName: 'Teams',
    entityId: 'mine',
    tid: TENANT,
    userObjectId: o.userObjectId,
    appSessionId: 'session-1',
  };
  const script = `
    const frame = document.getElementById('tab');
    window.host = { calls: [], settings: null };
    const post = (message) => frame.contentWindow.postMessage(message, location.origin);
    window.addEventListener('message', (e) => {
      if (e.source !== frame.contentWindow || !e.data || typeof e.data.func !== 'string') return;
      const m = e.data;
      window.host.calls.push({ func: m.func, args: m.args });
      const reply = (...args) => post({ id: m.id, uuid: m.uuid, args });
      switch (m.func) {
        case 'initialize': return reply(${JSON.stringify(o.frameContext)}, 'web', ${JSON.stringify(JSON.stringify(runtime))}, '2.0.0');
        case 'getContext': return reply(${JSON.stringify(context)});
        case 'authentication.getAuthToken': return reply(true, ${JSON.stringify(o.token)});
        case 'settings.setSettings': window.host.settings = m.args[0]; return reply(true);
        case 'appInitialization.success': return reply();
      }
    });
    window.setTheme = (theme) => post({ func: 'themeChange', args: [theme] });
    window.clickSave = () => post({ func: 'settings.save', args: [{}] });
  `;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Microsoft Teams (test host)</title>
    <style>body{margin:0;font-family:sans-serif}header{height:40px;background:#464775;color:#fff;padding:8px 16px;box-sizing:border-box}
    iframe{border:0;width:100%;height:calc(100vh - 40px);display:block}</style></head>
    <body><header>Microsoft Teams (test host)</header>
    <iframe id="tab" title="Candor" src="${o.tabPath}"></iframe>
    <script>${script}</script></body></html>`;
}

async function openInTeams(
  o: Omit<HostOptions, 'userObjectId'> & { name: string },
): Promise<{ page: Page; tab: Frame }> {
  const context = await problems.context(browser, t.app.url);
  const hostUrl = `${t.app.url}/teams-test-host`;
  await context.route(hostUrl, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: hostPage({ ...o, userObjectId: t.person(o.name).id }),
    }),
  );
  const page = await problems.page(context);
  await page.goto(hostUrl);
  const tab = page.frameLocator('#tab');
  await tab.locator('body').waitFor();
  const frame = page.frames().find((f) => f.url().includes('/tab/'));
  if (!frame) throw new Error('The tab did not load in the host frame');
  return { page, tab: frame };
}

async function hostCalls(page: Page): Promise<Array<{ func: string; args: unknown[] }>> {
  return (await page.evaluate('window.host.calls')) as Array<{ func: string; args: unknown[] }>;
}

async function background(tab: Frame): Promise<string> {
  return (await tab.evaluate(
    `getComputedStyle(document.querySelector('.fui-FluentProvider')).backgroundColor`,
  )) as string;
}

describeInBrowser('the Candor tab inside Microsoft Teams', () => {
  it('signs the person in with the Teams SSO token, without a dev sign-in, and follows the Teams theme as it changes', async () => {
    const token = await ssoToken('Marcus Bell', ['EthicsOfficer']);
    const { page, tab } = await openInTeams({
      name: 'Marcus Bell',
      token,
      theme: 'default',
      frameContext: 'content',
      tabPath: '/tab/#/mine',
    });

    await tab.getByRole('heading', { level: 1, name: 'My disclosures' }).waitFor();
    await tab.getByText('Signed in as Marcus Bell').waitFor();
    expect(await tab.getByRole('button', { name: 'Switch person' }).count()).toBe(0);
    // The role from the token's app roles shows the register and the campaigns in the navigation.
    const nav = tab.getByRole('navigation', { name: 'Candor pages' });
    expect(await nav.getByRole('tab').allInnerTexts()).toEqual([
      'My disclosures',
      'Approvals',
      'Register',
      'Campaigns',
      'Events',
      'Courses',
      'Course authoring',
    ]);
    const calls = (await hostCalls(page)).map((c) => c.func);
    expect(calls).toEqual(
      expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']),
    );
    expect(await background(tab)).not.toBe('rgb(0, 0, 0)');
    await record(page, 'teams-light', { target: tab });

    await page.evaluate(`window.setTheme('dark')`);
    await waitFor(async () => (await tab.evaluate('document.documentElement.style.colorScheme')) === 'dark');
    await record(page, 'teams-dark', { target: tab });

    await page.evaluate(`window.setTheme('contrast')`);
    await waitFor(async () => (await background(tab)) === 'rgb(0, 0, 0)');
    await record(page, 'teams-high-contrast', { target: tab });

    await tab.getByRole('tab', { name: 'Register' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Disclosure register' }).waitFor();
    await tab.getByRole('heading', { level: 2, name: /^Trends/ }).waitFor();
    await record(page, 'teams-high-contrast-register', { target: tab });
  });

  it('saves the outreach calendar tab from the configuration page', async () => {
    const token = await ssoToken('Sam Patel', ['OutreachStaff']);
    const { page, tab } = await openInTeams({
      name: 'Sam Patel',
      token,
      theme: 'default',
      frameContext: 'settings',
      tabPath: '/tab/#/configure',
    });
    await tab.getByRole('heading', { level: 1, name: 'Add the outreach calendar' }).waitFor();
    await waitFor(async () => (await hostCalls(page)).some((c) => c.func === 'settings.setValidityState'));
    expect((await hostCalls(page)).find((c) => c.func === 'settings.setValidityState')!.args).toEqual([true]);
    await record(page, 'teams-configure', { target: tab });

    await page.evaluate('window.clickSave()');
    await waitFor(async () => (await hostCalls(page)).some((c) => c.func === 'settings.save.success'));
    expect(await page.evaluate('window.host.settings')).toMatchObject({
      entityId: 'outreach-calendar',
      suggestedDisplayName: 'Outreach calendar',
      contentUrl: `${t.app.url}/tab/#/events`,
    });
  });

  it('says what went wrong when Teams hands out a token the app refuses, with a way to try again', async () => {
    const wrongAudience = await entra.issueToken(
      { oid: t.person('Alex Kim').id, tid: TENANT, name: 'Alex Kim' },
      { audience: 'some-other-app', issuer: `${entra.httpUrl}/${TENANT}/v2.0` },
    );
    const { page, tab } = await openInTeams({
      name: 'Alex Kim',
      token: wrongAudience,
      theme: 'dark',
      frameContext: 'content',
      tabPath: '/tab/#/mine',
    });
    await tab.getByRole('heading', { level: 1, name: 'Candor could not sign you in' }).waitFor();
    await tab.getByRole('alert').getByRole('button', { name: 'Retry' }).waitFor();
    await record(page, 'teams-sign-in-refused', { target: tab });
  });
});

async function waitFor(ok: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Timed out');
}
