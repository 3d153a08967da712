/**
 * Sign-in and authorization of the tab's API in Entra ID mode: the real app, in-process, validating
 * Teams SSO tokens minted by the loopback FakeEntraId (keys fetched over plain http from `httpUrl`).
 */
import { createServer } from 'node:net';
import type { Request } from 'restify';
import { VERBS } from '../../bot/cards/verbs';
import { entraAuthenticator } from '../../src/http/api/authenticate';
import { problemFor, SignInUnavailableError, UnauthorizedError } from '../../src/http/api/problem';
import { FakeEntraId } from '../fakes/entra-id';
import { startTestApp, type TestApp } from '../support/app-harness';
import { agencyToday } from '../support/dates';
import { cardVerbs, type TeamsUser } from '../support/teams-client';
import orgChart from '../../config/demo-org-chart.json';
import { apiCall, type ApiAnswer, type ApiInit } from '../support/api-client';

const TENANT = orgChart.tenantId;
const APP_ID = '6b1d2c3e-0000-4000-8000-0000000000ab';
const APP_ID_URI = `api://candor.agency.example/${APP_ID}`;
const OTHER_TENANT = '99999999-0000-4000-8000-000000000999';

const secretDescription = 'Season tickets from Acme Paving for the home games';

let entra: FakeEntraId;
let t: TestApp;
let issuer: string;

beforeAll(async () => {
  entra = await FakeEntraId.start({ tenantId: TENANT });
  issuer = `${entra.httpUrl}/${TENANT}/v2.0`;
  t = await startTestApp({
    ENTRA_TENANT_ID: TENANT,
    ENTRA_APP_ID: APP_ID,
    ENTRA_APP_ID_URI: APP_ID_URI,
    ENTRA_AUTHORITY_HOST: entra.httpUrl,
  });
});

afterAll(async () => {
  await t?.stop();
  await entra?.close();
});

function person(name: string) {
  return t.person(name);
}

/** A Teams SSO token for a person of the demo org chart, valid unless the options say otherwise. */
function tokenFor(
  name: string,
  opts: Parameters<FakeEntraId['issueToken']>[1] & {
    roles?: string[];
    claims?: Record<string, unknown>;
  } = {},
) {
  const p = person(name);
  const { roles, claims, ...issue } = opts;
  return entra.issueToken(
    {
      oid: p.id,
      sub: `pairwise-${p.id}`,
      name: p.displayName,
      preferred_username: `${p.displayName.toLowerCase().replace(' ', '.')}@candor-demo.example`,
      ...(roles ? { roles } : {}),
      ...claims,
    },
    { audience: APP_ID, issuer, ...issue },
  );
}

function call(path: string, token?: string, init: ApiInit = {}): Promise<ApiAnswer> {
  return apiCall(t.app.url, path, token, init);
}

function expectUnauthorized(r: ApiAnswer, tokenPresent: boolean) {
  expect(r.status).toBe(401);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status: 401, title: expect.any(String), type: expect.any(String) });
  const challenge = r.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer\b/);
  if (tokenPresent) expect(challenge).toContain('error="invalid_token"');
  else expect(challenge).not.toContain('error=');
}

/** Alex discloses, through the bot, a vendor's gift (prohibited) and returns the disclosure row. */
async function alexDisclosesThroughTheBot() {
  const alex: TeamsUser = t.teams.as(person('Alex Kim'));
  await alex.say('gift');
  const form = await t.connector.waitFor(
    (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
  );
  await alex.click(
    VERBS.submitGift,
    {
      donorName: 'Pat Jones',
      donorOrganization: 'Acme Paving',
      relationship: 'contractor_vendor_bidder',
      occasion: 'none',
      kind: 'ticket_or_entertainment',
      description: secretDescription,
      value: '400',
      dateReceived: agencyToday(),
      asGroupMember: 'false',
      disposition: 'undecided',
    },
    form.activityId,
  );
  const rows = await t.app.db
    .selectFrom('disclosures')
    .selectAll()
    .where('employee_id', '=', person('Alex Kim').id)
    .orderBy('created_at', 'desc')
    .execute();
  return rows[0]!;
}

describe('sign-in with a Teams SSO token', () => {
  it('answers /me for a valid token, with the person, the directory details and the employee role', async () => {
    const r = await call('/api/v1/me', await tokenFor('Alex Kim'));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: person('Alex Kim').id,
      displayName: 'Alex Kim',
      email: 'alex.kim@candor-demo.example',
      department: 'Contract Compliance Unit',
      roles: ['employee'],
    });
  });

  it('accepts the Application ID URI as audience too', async () => {
    const r = await call('/api/v1/me', await tokenFor('Alex Kim', { audience: APP_ID_URI }));
    expect(r.status).toBe(200);
  });

  it('maps the app roles of the token and ignores roles it does not know', async () => {
    const token = await tokenFor('Marcus Bell', {
      roles: ['EthicsOfficer', 'HR', 'OutreachStaff', 'Admin', 'Owner'],
    });
    const r = await call('/api/v1/me', token);
    expect(r.status).toBe(200);
    expect([...r.body.roles].sort()).toEqual(['admin', 'employee', 'ethics_officer', 'hr', 'outreach']);
  });

  it('refuses a request without a token with 401 and a plain Bearer challenge', async () => {
    expectUnauthorized(await call('/api/v1/me'), false);
  });

  it('refuses a malformed Authorization header with 401', async () => {
    expectUnauthorized(
      await call('/api/v1/me', undefined, { headers: { authorization: 'Basic YTpi' } }),
      false,
    );
    expectUnauthorized(await call('/api/v1/me', 'not-a-jwt'), true);
  });

  it('refuses an expired token with 401', async () => {
    expectUnauthorized(
      await call('/api/v1/me', await tokenFor('Alex Kim', { expiresInSeconds: -600 })),
      true,
    );
  });

  it('accepts a token that expired a few seconds ago, within the clock tolerance', async () => {
    const r = await call('/api/v1/me', await tokenFor('Alex Kim', { expiresInSeconds: -5 }));
    expect(r.status).toBe(200);
  });

  it('refuses a token for another audience with 401', async () => {
    const token = await tokenFor('Alex Kim', { audience: 'api://some-other-app' });
    expectUnauthorized(await call('/api/v1/me', token), true);
  });

  it('refuses a token from another issuer with 401', async () => {
    // The fake's default issuer is its https URL: not the authority host the app is configured with.
    const token = await tokenFor('Alex Kim', { issuer: entra.issuer(TENANT) });
    expectUnauthorized(await call('/api/v1/me', token), true);
  });

  it('refuses a token of another tenant with 401, whether the issuer names it or only tid does', async () => {
    const otherTenant = await tokenFor('Alex Kim', {
      tenantId: OTHER_TENANT,
      issuer: `${entra.httpUrl}/${OTHER_TENANT}/v2.0`,
    });
    expectUnauthorized(await call('/api/v1/me', otherTenant), true);
    const onlyTid = await tokenFor('Alex Kim', { claims: { tid: OTHER_TENANT } });
    expectUnauthorized(await call('/api/v1/me', onlyTid), true);
  });

  it('refuses a token signed with a key that is not in the JWKS with 401', async () => {
    const token = await tokenFor('Alex Kim', { signWith: 'foreign' });
    expectUnauthorized(await call('/api/v1/me', token), true);
  });

  it('refuses a token without oid with 401', async () => {
    const token = await tokenFor('Alex Kim', { claims: { oid: undefined } });
    expectUnauthorized(await call('/api/v1/me', token), true);
  });

  it('has no dev sign-in: its routes answer 404 problem+json', async () => {
    const people = await call('/api/v1/dev/people');
    expect(people.status).toBe(404);
    expect(people.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const signIn = await call('/api/v1/dev/sign-in', undefined, {
      method: 'POST',
      body: JSON.stringify({ userId: person('Marcus Bell').id }),
    });
    expect(signIn.status).toBe(404);
    expect(signIn.text).not.toMatch(/token/);
  });
});

describe('roles', () => {
  it('refuses the register to an employee (403) and opens it to the ethics officer', async () => {
    const employee = await call('/api/v1/register', await tokenFor('Alex Kim'));
    expect(employee.status).toBe(403);
    expect(employee.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const officer = await call(
      '/api/v1/register',
      await tokenFor('Marcus Bell', { roles: ['EthicsOfficer'] }),
    );
    expect(officer.status).toBe(200);
    expect(officer.body).toMatchObject({ items: expect.any(Array) });
  });

  it('takes roles from the token, not the org chart: the ethics officer without the app role gets 403', async () => {
    const r = await call('/api/v1/register', await tokenFor('Marcus Bell'));
    expect(r.status).toBe(403);
  });

  it('refuses the HR list to an employee (403) and opens it to HR', async () => {
    expect((await call('/api/v1/hr', await tokenFor('Alex Kim'))).status).toBe(403);
    const hr = await call('/api/v1/hr', await tokenFor('Priya Raman', { roles: ['HR'] }));
    expect(hr.status).toBe(200);
    expect(hr.body).toEqual({ items: expect.any(Array) });
  });
});

describe("another person's disclosure", () => {
  let disclosure: { id: string; reference: string };

  beforeAll(async () => {
    disclosure = await alexDisclosesThroughTheBot();
  });

  it('answers 404 to someone unrelated, exactly like a disclosure that does not exist, and leaks nothing', async () => {
    const renee = await tokenFor('Renee Walsh');
    const theirs = await call(`/api/v1/disclosures/${disclosure.id}`, renee);
    const missing = await call('/api/v1/disclosures/00000000-0000-4000-8000-000000000000', renee);
    expect(theirs.status).toBe(404);
    expect(theirs.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(theirs.body).toEqual(missing.body);
    for (const r of [theirs]) {
      expect(r.text).not.toContain(disclosure.reference);
      expect(r.text).not.toContain(disclosure.id);
      expect(r.text).not.toContain(secretDescription);
      expect(r.text).not.toContain('Acme');
    }
  });

  it('answers 404 to every action on it by someone unrelated, and changes nothing', async () => {
    const renee = await tokenFor('Renee Walsh');
    const attempts = [
      call(`/api/v1/disclosures/${disclosure.id}/withdraw`, renee, { method: 'POST', body: '{}' }),
      call(`/api/v1/disclosures/${disclosure.id}/answer`, renee, {
        method: 'POST',
        body: JSON.stringify({ answer: 'x' }),
      }),
      call(`/api/v1/disclosures/${disclosure.id}/resolution`, renee, {
        method: 'POST',
        body: JSON.stringify({ resolution: 'Returned them' }),
      }),
      call(`/api/v1/approvals/${disclosure.id}/decision`, renee, {
        method: 'POST',
        body: JSON.stringify({ decision: 'approve' }),
      }),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(r.status).toBe(404);
      expect(r.text).not.toContain(disclosure.reference);
      expect(r.text).not.toContain(secretDescription);
    }
    const row = await t.app.db
      .selectFrom('disclosures')
      .select(['state', 'version'])
      .where('id', '=', disclosure.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'action_required', version: 1 });
  });

  it("is not in anyone else's lists", async () => {
    const renee = await tokenFor('Renee Walsh');
    for (const path of ['/api/v1/disclosures', '/api/v1/approvals', '/api/v1/approvals?state=decided']) {
      const r = await call(path, renee);
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(disclosure.id);
    }
  });

  it('is hidden from HR when not copied to HR, and shown to the ethics officer and the reviewer', async () => {
    const hr = await call(
      `/api/v1/disclosures/${disclosure.id}`,
      await tokenFor('Priya Raman', { roles: ['HR'] }),
    );
    expect(hr.status).toBe(404);
    expect(hr.text).not.toContain(secretDescription);

    const officer = await call(
      `/api/v1/disclosures/${disclosure.id}`,
      await tokenFor('Marcus Bell', { roles: ['EthicsOfficer'] }),
    );
    expect(officer.status).toBe(200);
    expect(officer.body).toMatchObject({
      reference: disclosure.reference,
      viewerRole: 'ethics_officer',
      allowedActions: [],
    });

    const reviewer = await call(`/api/v1/disclosures/${disclosure.id}`, await tokenFor('Daniel Ortiz'));
    expect(reviewer.status).toBe(200);
    expect(reviewer.body.viewerRole).toBe('reviewer');

    const own = await call(`/api/v1/disclosures/${disclosure.id}`, await tokenFor('Alex Kim'));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ viewerRole: 'employee', allowedActions: ['resolution'] });
  });
});

describe('security headers', () => {
  it('sends the Teams frame-ancestors policy and no-store on API answers, errors included', async () => {
    for (const r of [await call('/api/v1/me', await tokenFor('Alex Kim')), await call('/api/v1/me')]) {
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toMatch(
        /frame-ancestors 'self' https:\/\/teams\.microsoft\.com https:\/\/\*\.teams\.microsoft\.com/,
      );
      for (const host of [
        'https://*.cloud.microsoft',
        'https://*.office.com',
        'https://outlook.office.com',
        'https://*.teams.microsoft.us',
      ])
        expect(csp).toContain(host);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-frame-options')).toBeNull();
    }
  });

  it('sends the same policy under /tab/', async () => {
    const r = await fetch(`${t.app.url}/tab/`);
    expect(r.headers.get('content-security-policy')).toContain('frame-ancestors');
    await r.arrayBuffer();
  });
});

describe('keys over https', () => {
  it('validates tokens against an https authority whose CA the app was given', async () => {
    const https = await startTestApp(
      { ENTRA_TENANT_ID: TENANT, ENTRA_APP_ID: APP_ID, ENTRA_AUTHORITY_HOST: entra.url },
      { overrides: { authorityCa: entra.ca } },
    );
    try {
      const token = await tokenFor('Alex Kim', { issuer: entra.issuer(TENANT) });
      const ok = await fetch(`${https.app.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      const httpIssued = await tokenFor('Alex Kim');
      const refused = await fetch(`${https.app.url}/api/v1/me`, {
        headers: { authorization: `Bearer ${httpIssued}` },
      });
      expect(refused.status).toBe(401);
    } finally {
      await https.stop();
    }
  });
});

describe('when the signing keys cannot be fetched', () => {
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  const request = (token: string) =>
    ({ headers: { authorization: `Bearer ${token}` } }) as unknown as Request;

  it('answers 503 (try again), not 401, when the authority does not answer or answers no key set', async () => {
    const token = await tokenFor('Alex Kim');
    for (const authorityHost of [
      `http://127.0.0.1:${await closedPort()}`,
      `${entra.httpUrl}/no-such-prefix`,
    ]) {
      const authenticate = entraAuthenticator({ tenantId: TENANT, audiences: [APP_ID], authorityHost });
      const err = await authenticate(request(token)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SignInUnavailableError);
      expect(problemFor(err).problem.status).toBe(503);
    }
  });

  it('still answers 401 to a request without a token, without fetching anything', async () => {
    const authenticate = entraAuthenticator({
      tenantId: TENANT,
      audiences: [APP_ID],
      authorityHost: `http://127.0.0.1:${await closedPort()}`,
    });
    await expect(authenticate({ headers: {} } as unknown as Request)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });
});
