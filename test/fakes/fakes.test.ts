import https from 'node:https';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import type { JWK } from 'jose';
import { createMsalNetworkClient } from '../../src/directory/msal-network-client';
import { FakeBotConnector } from './bot-connector';
import { FakeEntraId } from './entra-id';
import { FakeGraph } from './graph';

const GRAPH = 'https://graph.microsoft.com';
const alex = {
  id: 'u-alex',
  displayName: 'Alex Kim',
  email: 'alex.kim@candor-demo.example',
  jobTitle: 'Representative',
  department: 'Contract Compliance Unit',
  managerId: 'u-daniel',
};
const daniel = {
  id: 'u-daniel',
  displayName: 'Daniel Ortiz',
  email: 'daniel.ortiz@candor-demo.example',
  jobTitle: 'Supervisor',
  department: 'Contract Compliance Unit',
  managerId: null,
};

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

describe('FakeEntraId', () => {
  let entra: FakeEntraId;
  beforeEach(async () => {
    entra = await FakeEntraId.start({
      clients: [{ clientId: 'app', clientSecret: 's3cret', roles: ['User.Read.All'] }],
    });
  });
  afterEach(() => entra.close());

  const tokenUrl = (): string => `${entra.httpUrl}/${entra.tenantId}/oauth2/v2.0/token`;
  const clientCredentials = (secret = 's3cret', scope = `${GRAPH}/.default`): RequestInit =>
    form({ grant_type: 'client_credentials', client_id: 'app', client_secret: secret, scope });

  it('serves OpenID metadata whose issuer is the tenant v2.0 issuer and whose endpoints follow the scheme used', async () => {
    const res = await fetch(`${entra.httpUrl}/${entra.tenantId}/v2.0/.well-known/openid-configuration`);
    const meta = await json(res);
    expect(meta.issuer).toBe(`${entra.url}/${entra.tenantId}/v2.0`);
    expect(meta.token_endpoint).toBe(`${entra.httpUrl}/${entra.tenantId}/oauth2/v2.0/token`);
    expect(meta.jwks_uri).toBe(`${entra.httpUrl}/${entra.tenantId}/discovery/v2.0/keys`);
    expect(meta.authorization_endpoint).toBe(`${entra.httpUrl}/${entra.tenantId}/oauth2/v2.0/authorize`);
  });

  it('serves https with a self-signed certificate that clients trust through `ca`', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(entra.openIdConfigurationUrl(), { ca: entra.ca }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(JSON.parse(body)).toMatchObject({ token_endpoint: `${entra.authority()}/oauth2/v2.0/token` });
    expect(entra.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('issues a client-credentials token signed by its JWKS whose audience is the requested resource', async () => {
    const res = await fetch(tokenUrl(), clientCredentials());
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const keys = (await json(await fetch(`${entra.httpUrl}/${entra.tenantId}/discovery/v2.0/keys`))) as {
      keys: JWK[];
    };
    const { payload } = await jwtVerify(String(body.access_token), createLocalJWKSet(keys), {
      audience: GRAPH,
      issuer: entra.issuer(),
    });
    expect(payload).toMatchObject({
      tid: entra.tenantId,
      appid: 'app',
      azp: 'app',
      roles: ['User.Read.All'],
    });
  });

  it('refuses a wrong client secret with 401 invalid_client and counts every token request', async () => {
    const res = await fetch(tokenUrl(), clientCredentials('wrong'));
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ error: 'invalid_client' });
    await fetch(tokenUrl(), clientCredentials());
    expect(entra.tokenRequests.map((r) => r.outcome)).toEqual(['invalid_client', 'issued']);
    expect(entra.issuedTokenCount).toBe(1);
  });

  it('refuses an unknown client and a scope without /.default', async () => {
    const unknown = await fetch(
      tokenUrl(),
      form({
        grant_type: 'client_credentials',
        client_id: 'nobody',
        client_secret: 'x',
        scope: `${GRAPH}/.default`,
      }),
    );
    expect(unknown.status).toBe(400);
    expect(await json(unknown)).toMatchObject({ error: 'unauthorized_client' });
    const badScope = await fetch(tokenUrl(), clientCredentials('s3cret', 'User.Read'));
    expect(await json(badScope)).toMatchObject({ error: 'invalid_scope' });
  });

  it('gives tokens the lifetime set in tokenLifetimeSeconds', async () => {
    entra.tokenLifetimeSeconds = 5;
    const body = await json(await fetch(tokenUrl(), clientCredentials()));
    expect(body.expires_in).toBe(5);
    const claims = decodeJwt(String(body.access_token));
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(5);
  });

  it('mints user tokens that verify, and expired, wrong-audience, other-tenant or foreign-signed ones that do not', async () => {
    const good = await entra.issueToken({ oid: 'u-alex', name: 'Alex Kim' }, { audience: 'api://candor' });
    await expect(entra.verify(good, { audience: 'api://candor' })).resolves.toMatchObject({ oid: 'u-alex' });

    const expired = await entra.issueToken({ oid: 'u-alex' }, { expiresInSeconds: -10 });
    await expect(entra.verify(expired)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    const wrongAudience = await entra.issueToken({ oid: 'u-alex' }, { audience: 'api://other' });
    await expect(entra.verify(wrongAudience, { audience: 'api://candor' })).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
    const foreign = await entra.issueToken({ oid: 'u-alex' }, { signWith: 'foreign' });
    await expect(entra.verify(foreign)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });

    const otherTenant = decodeJwt(await entra.issueToken({ oid: 'u-alex' }, { tenantId: 'other-tenant' }));
    expect(otherTenant).toMatchObject({ tid: 'other-tenant', iss: entra.issuer('other-tenant') });
  });

  it('is a working MSAL authority: MSAL reads the openid-configuration once, then posts to the token endpoint', async () => {
    const msal = new ConfidentialClientApplication({
      auth: {
        clientId: 'app',
        clientSecret: 's3cret',
        authority: entra.authority(),
        knownAuthorities: [entra.host],
      },
      system: { networkClient: createMsalNetworkClient({ extraCa: entra.ca }) },
    });
    const result = await msal.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    expect(decodeJwt(result?.accessToken ?? '')).toMatchObject({ aud: GRAPH, appid: 'app' });
    expect(entra.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /${entra.tenantId}/v2.0/.well-known/openid-configuration`,
      `POST /${entra.tenantId}/oauth2/v2.0/token`,
    ]);
  });
});

describe('FakeGraph', () => {
  let graph: FakeGraph;
  afterEach(() => graph.close());

  it('answers a user as Graph does, with department only when $select asks for it', async () => {
    graph = await FakeGraph.start({ users: [alex, daniel] });
    const full = await json(await fetch(`${graph.baseUrl}/users/u-alex`));
    expect(full).toMatchObject({
      id: 'u-alex',
      displayName: 'Alex Kim',
      mail: alex.email,
      userPrincipalName: alex.email,
    });
    expect(full).not.toHaveProperty('department');
    const selected = await json(
      await fetch(`${graph.baseUrl}/users/u-alex?$select=id,displayName,department`),
    );
    expect(selected).toMatchObject({
      id: 'u-alex',
      displayName: 'Alex Kim',
      department: 'Contract Compliance Unit',
    });
    expect(selected).not.toHaveProperty('mail');
  });

  it('answers the manager, and 404 Request_ResourceNotFound for a user without one or an unknown user', async () => {
    graph = await FakeGraph.start({ users: [alex, daniel] });
    const manager = await json(await fetch(`${graph.baseUrl}/users/u-alex/manager`));
    expect(manager).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: 'u-daniel' });
    const none = await fetch(`${graph.baseUrl}/users/u-daniel/manager`);
    expect(none.status).toBe(404);
    expect(await json(none)).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
    const unknown = await fetch(`${graph.baseUrl}/users/nobody`);
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
  });

  it('with auth, refuses a missing, expired or wrong-audience token with 401 InvalidAuthenticationToken', async () => {
    const entra = await FakeEntraId.start();
    try {
      graph = await FakeGraph.start({ users: [alex], auth: { issuer: entra } });
      const get = (token?: string): Promise<Response> =>
        fetch(
          `${graph.baseUrl}/users/u-alex`,
          token ? { headers: { Authorization: `Bearer ${token}` } } : {},
        );
      const missing = await get();
      expect(missing.status).toBe(401);
      expect(await json(missing)).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
      const expired = await get(await entra.issueToken({}, { audience: GRAPH, expiresInSeconds: -1 }));
      expect(await json(expired)).toMatchObject({
        error: {
          code: 'InvalidAuthenticationToken',
          message: 'Lifetime validation failed, the token is expired.',
        },
      });
      expect((await get(await entra.issueToken({}, { audience: 'api://other' }))).status).toBe(401);
      expect((await get(await entra.issueToken({}, { audience: GRAPH, signWith: 'foreign' }))).status).toBe(
        401,
      );
      expect((await get(await entra.issueToken({}, { audience: GRAPH }))).status).toBe(200);
    } finally {
      await entra.close();
    }
  });

  it('with requiredRoles, refuses a token lacking them with 403 Authorization_RequestDenied', async () => {
    const entra = await FakeEntraId.start();
    try {
      graph = await FakeGraph.start({
        users: [alex],
        auth: { issuer: entra, requiredRoles: ['User.Read.All'] },
      });
      const token = await entra.issueToken({ roles: ['Mail.Send'] }, { audience: GRAPH });
      const res = await fetch(`${graph.baseUrl}/users/u-alex`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(403);
      expect(await json(res)).toMatchObject({ error: { code: 'Authorization_RequestDenied' } });
    } finally {
      await entra.close();
    }
  });

  it('fails the next requests as told, with Retry-After, and logs every request with its time and status', async () => {
    graph = await FakeGraph.start({ users: [alex] });
    graph.failNext(1, 429, { retryAfterSeconds: 7 });
    graph.failNext(1, 503);
    const throttled = await fetch(`${graph.baseUrl}/users/u-alex`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(await json(throttled)).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect((await fetch(`${graph.baseUrl}/users/u-alex`)).status).toBe(503);
    expect((await fetch(`${graph.baseUrl}/users/u-alex`)).status).toBe(200);
    expect(graph.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/v1.0/users/u-alex', 429],
      ['GET', '/v1.0/users/u-alex', 503],
      ['GET', '/v1.0/users/u-alex', 200],
    ]);
    expect(graph.requests[2]!.time).toBeGreaterThanOrEqual(graph.requests[0]!.time);
  });

  it('lets tests add routes, and pages collections with @odata.nextLink', async () => {
    graph = await FakeGraph.start({ pageSize: 2 });
    const records = [1, 2, 3, 4, 5].map((n) => ({ id: `r${n}` }));
    // (Attendance reports are built in: test/fakes/fake-meetings.test.ts.)
    graph.route('GET', '/v1.0/groups/:id/members', (ctx) => graph.page(records, ctx));
    const ids: string[] = [];
    let next: string | undefined = `${graph.baseUrl}/groups/g1/members`;
    while (next) {
      const page = (await json(await fetch(next))) as {
        value: Array<{ id: string }>;
        '@odata.nextLink'?: string;
      };
      ids.push(...page.value.map((r) => r.id));
      next = page['@odata.nextLink'];
    }
    expect(ids).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(graph.requests).toHaveLength(3);
  });
});

describe('FakeBotConnector', () => {
  let connector: FakeBotConnector;
  afterEach(() => connector.close());

  const post = (
    path: string,
    body: unknown,
    method = 'POST',
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${connector.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const createConversation = (memberId: string): Promise<Response> =>
    post('/v3/conversations', {
      bot: { id: '28:bot' },
      members: [{ id: memberId }],
      channelData: { tenant: { id: 'tenant-1' } },
      isGroup: false,
    });
  const card = (title: string): Record<string, unknown> => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title }] },
      },
    ],
  });

  it('creates a 1:1 conversation, gives the same id for the same member again, and records each call', async () => {
    connector = await FakeBotConnector.start();
    const first = await json(await createConversation('29:alex'));
    const again = await json(await createConversation('29:alex'));
    const other = await json(await createConversation('29:sam'));
    expect(first.id).toEqual(expect.any(String));
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(connector.conversationsCreated).toHaveLength(3);
    expect(connector.conversationsCreated[0]!.request).toMatchObject({
      channelData: { tenant: { id: 'tenant-1' } },
    });
  });

  it('records sends and replies with their Authorization header and answers new activity ids', async () => {
    connector = await FakeBotConnector.start();
    const sent = await post(
      '/v3/conversations/a%3A1xyz/activities',
      { type: 'message', text: 'hello' },
      'POST',
      {
        Authorization: 'Bearer abc',
      },
    );
    expect(sent.status).toBe(201);
    const { id } = await json(sent);
    const reply = await json(
      await post(`/v3/conversations/a%3A1xyz/activities/${encodeURIComponent(String(id))}`, {
        type: 'message',
        text: 'again',
      }),
    );
    expect(reply.id).not.toBe(id);
    expect(connector.sent).toMatchObject([
      {
        kind: 'send',
        conversationId: 'a:1xyz',
        activityId: id,
        activity: { text: 'hello' },
        authorization: 'Bearer abc',
      },
      { kind: 'reply', conversationId: 'a:1xyz', activityId: reply.id, replyToId: id },
    ]);
  });

  it('updates an activity, keeps its latest version, and answers 404 for an unknown activity', async () => {
    connector = await FakeBotConnector.start();
    const { id } = await json(await post('/v3/conversations/c1/activities', card('Pending review')));
    const activityPath = `/v3/conversations/c1/activities/${encodeURIComponent(String(id))}`;
    const updated = await post(activityPath, card('Approved'), 'PUT');
    expect(updated.status).toBe(200);
    expect(connector.updates).toHaveLength(1);
    expect(connector.latest('c1', String(id))).toEqual(card('Approved'));
    expect((await post('/v3/conversations/c1/activities/1%3Anope', card('x'), 'PUT')).status).toBe(404);
  });

  it('lists the Adaptive Cards sent to a conversation', async () => {
    connector = await FakeBotConnector.start();
    await post('/v3/conversations/c1/activities', card('One'));
    await post('/v3/conversations/c1/activities', { type: 'message', text: 'plain' });
    await post('/v3/conversations/c2/activities', card('Elsewhere'));
    const cards = connector.cardsSentTo('c1');
    expect(cards).toHaveLength(1);
    expect(cards[0]!.card).toMatchObject({ type: 'AdaptiveCard', body: [{ text: 'One' }] });
  });

  it('waitFor resolves with an activity that arrives later', async () => {
    connector = await FakeBotConnector.start();
    const waiting = connector.waitFor((e) => e.conversationId === 'c9' && e.activity.text === 'later', {
      timeoutMs: 2000,
    });
    setTimeout(() => void post('/v3/conversations/c9/activities', { type: 'message', text: 'later' }), 50);
    await expect(waiting).resolves.toMatchObject({ kind: 'send', conversationId: 'c9' });
  });

  it('waitFor rejects with a list of what was recorded when nothing matches', async () => {
    connector = await FakeBotConnector.start();
    await post('/v3/conversations/c1/activities', { type: 'message', text: 'hello there' });
    await expect(connector.waitFor((e) => e.conversationId === 'c2', { timeoutMs: 100 })).rejects.toThrow(
      /nothing matched within 100 ms\. Recorded:\n {2}send conversation=c1 .* text="hello there"/,
    );
  });

  it('answers the members of a created conversation from its roster', async () => {
    connector = await FakeBotConnector.start({
      roster: [
        { id: '29:alex', aadObjectId: 'u-alex', name: 'Alex Kim', email: 'alex.kim@candor-demo.example' },
      ],
    });
    const { id } = await json(await createConversation('u-alex'));
    const cid = encodeURIComponent(String(id));
    const members = (await json(await fetch(`${connector.url}/v3/conversations/${cid}/members`))) as unknown;
    expect(members).toEqual([expect.objectContaining({ id: '29:alex', name: 'Alex Kim' })]);
    expect((await fetch(`${connector.url}/v3/conversations/${cid}/members/29%3Aalex`)).status).toBe(200);
    expect((await fetch(`${connector.url}/v3/conversations/${cid}/members/29%3Anobody`)).status).toBe(404);
  });

  it('fails the next requests as told, with Retry-After', async () => {
    connector = await FakeBotConnector.start();
    connector.failNext(1, 429, { retryAfterSeconds: 2 });
    const throttled = await post('/v3/conversations/c1/activities', { type: 'message' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect((await post('/v3/conversations/c1/activities', { type: 'message' })).status).toBe(201);
    expect(connector.sent).toHaveLength(1);
  });

  it('with requireAuth, refuses requests without a valid Bot Framework token', async () => {
    const entra = await FakeEntraId.start();
    try {
      connector = await FakeBotConnector.start({ requireAuth: { issuer: entra } });
      expect((await post('/v3/conversations/c1/activities', { type: 'message' })).status).toBe(401);
      const wrong = await entra.issueToken({}, { audience: 'https://graph.microsoft.com' });
      expect(
        (await post('/v3/conversations/c1/activities', {}, 'POST', { Authorization: `Bearer ${wrong}` }))
          .status,
      ).toBe(401);
      const token = await entra.issueToken({}, { audience: 'https://api.botframework.com' });
      expect(
        (await post('/v3/conversations/c1/activities', {}, 'POST', { Authorization: `Bearer ${token}` }))
          .status,
      ).toBe(201);
    } finally {
      await entra.close();
    }
  });
});
