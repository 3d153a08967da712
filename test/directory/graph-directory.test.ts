import { createHash, generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { DirectoryUnavailableError } from '../../src/domain/errors';
import { GraphDirectory } from '../../src/directory/graph-directory';
import type { GraphDirectoryOptions, GraphRetryEvent } from '../../src/directory/graph-directory';
import { loadOrgChart } from '../../src/directory/org-chart';
import { FakeEntraId } from '../fakes/entra-id';
import { FakeGraph } from '../fakes/graph';

const chart = loadOrgChart(path.join(__dirname, '..', '..', 'config', 'demo-org-chart.json'));
const TANYA = '11111111-0000-4000-8000-000000000001';
const DANIEL = '11111111-0000-4000-8000-000000000004';
const ALEX = '11111111-0000-4000-8000-000000000005';
const CLIENT = { clientId: 'candor-graph-app', clientSecret: 'graph-secret' };

let entra: FakeEntraId;
let graph: FakeGraph;
let retries: GraphRetryEvent[];

beforeEach(async () => {
  entra = await FakeEntraId.start({ clients: [{ ...CLIENT, roles: ['User.Read.All'] }] });
  graph = await FakeGraph.start({
    users: [...chart.people],
    auth: { issuer: entra, requiredRoles: ['User.Read.All'] },
  });
  retries = [];
});
afterEach(async () => {
  await graph.close();
  await entra.close();
});

function directory(overrides: Partial<GraphDirectoryOptions> = {}): GraphDirectory {
  return new GraphDirectory({
    baseUrl: graph.baseUrl,
    authorityHost: entra.url,
    tenantId: entra.tenantId,
    clientId: CLIENT.clientId,
    credential: { kind: 'secret', secret: CLIENT.clientSecret },
    authorityCa: entra.ca,
    onRetry: (e) => retries.push(e),
    ...overrides,
  });
}

/** Milliseconds between consecutive logged Graph requests. */
function gaps(): number[] {
  return graph.requests.slice(1).map((r, i) => r.time - graph.requests[i]!.time);
}

describe('GraphDirectory', () => {
  it('finds a user and their manager through Graph', async () => {
    const dir = directory();
    await expect(dir.getUser(ALEX)).resolves.toEqual({
      id: ALEX,
      displayName: 'Alex Kim',
      email: 'alex.kim@candor-demo.example',
      jobTitle: 'Human Rights and Opportunities Representative',
      department: 'Contract Compliance Unit',
    });
    await expect(dir.getManager(ALEX)).resolves.toMatchObject({ id: DANIEL, displayName: 'Daniel Ortiz' });
  });

  it('asks Graph only for the fields it needs', async () => {
    await directory().getManager(ALEX);
    expect(graph.requests[0]).toMatchObject({
      path: `/v1.0/users/${ALEX}/manager`,
      query: '$select=id,displayName,mail,userPrincipalName,jobTitle,department',
    });
  });

  it('answers null for the manager of someone who has none', async () => {
    await expect(directory().getManager(TANYA)).resolves.toBeNull();
  });

  it('answers null for a user Graph does not know, and for their manager', async () => {
    const dir = directory();
    await expect(dir.getUser('00000000-dead-4000-8000-000000000000')).resolves.toBeNull();
    await expect(dir.getManager('00000000-dead-4000-8000-000000000000')).resolves.toBeNull();
  });

  it('uses the userPrincipalName as email when the user has no mailbox', async () => {
    graph.setUser({
      id: 'no-mailbox',
      displayName: 'Kiosk',
      email: 'x',
      mail: null,
      userPrincipalName: 'kiosk@candor-demo.example',
    });
    await expect(directory().getUser('no-mailbox')).resolves.toMatchObject({
      email: 'kiosk@candor-demo.example',
    });
  });

  it('fetches the token once and reuses it, even for lookups made at the same time', async () => {
    const dir = directory();
    await Promise.all([dir.getUser(ALEX), dir.getManager(ALEX), dir.getUser(DANIEL)]);
    await dir.getUser(TANYA);
    expect(entra.issuedTokenCount).toBe(1);
    expect(new Set(graph.requests.map((r) => r.authorization)).size).toBe(1);
    expect(decodeJwt(graph.requests[0]!.authorization!.slice('Bearer '.length))).toMatchObject({
      aud: 'https://graph.microsoft.com',
      appid: CLIENT.clientId,
      roles: ['User.Read.All'],
    });
  });

  it('retries a 429 after the Retry-After second and then succeeds', async () => {
    graph.failNext(1, 429, { retryAfterSeconds: 1 });
    await expect(directory().getUser(ALEX)).resolves.toMatchObject({ id: ALEX });
    expect(graph.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(gaps()[0]).toBeGreaterThanOrEqual(990);
    expect(retries).toEqual([expect.objectContaining({ status: 429, attempt: 1, retryAfterSeconds: 1 })]);
  });

  it('retries a 503 without Retry-After after the base delay and then succeeds', async () => {
    graph.failNext(1, 503);
    await expect(directory({ retry: { delaySeconds: 1 } }).getManager(ALEX)).resolves.toMatchObject({
      id: DANIEL,
    });
    expect(graph.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(gaps()[0]).toBeGreaterThanOrEqual(990);
    expect(retries).toEqual([expect.objectContaining({ status: 503, retryAfterSeconds: null })]);
  });

  it('gives up when Graph is still throttling after the last retry, with DirectoryUnavailableError', async () => {
    graph.failNext(3, 429, { retryAfterSeconds: 0 });
    const failure = directory({ retry: { maxRetries: 2 } }).getUser(ALEX);
    await expect(failure).rejects.toThrow(DirectoryUnavailableError);
    await expect(failure).rejects.toThrow(/429 TooManyRequests \(retries used up/);
    expect(graph.requests).toHaveLength(3);
  });

  it('gives up at once when Graph asks to wait longer than allowed', async () => {
    graph.failNext(1, 429, { retryAfterSeconds: 120 });
    const failure = directory({ retry: { maxRetryAfterSeconds: 10 } }).getUser(ALEX);
    await expect(failure).rejects.toThrow(/429 TooManyRequests/);
    expect(graph.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('renews a token that has expired instead of sending it again', async () => {
    entra.tokenLifetimeSeconds = 1;
    const dir = directory();
    await dir.getUser(ALEX);
    const firstToken = graph.requests[0]!.authorization!.slice('Bearer '.length);
    // The renewed token lives long: a loaded machine may take over a second from issuing it to checking it.
    entra.tokenLifetimeSeconds = 3600;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await expect(entra.verify(firstToken)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });

    await expect(dir.getUser(ALEX)).resolves.toMatchObject({ id: ALEX });
    expect(entra.issuedTokenCount).toBe(2);
    expect(graph.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(graph.requests[1]!.authorization).not.toBe(graph.requests[0]!.authorization);
  });

  it('gets its app-only token with a certificate (a client assertion signed with the private key)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const thumbprintSha256 = createHash('sha256').update(publicKeyPem).digest('hex');
    entra.registerClient({
      clientId: 'candor-graph-cert',
      certificate: { thumbprintSha256, publicKeyPem },
      roles: ['User.Read.All'],
    });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const dir = directory({
      clientId: 'candor-graph-cert',
      credential: { kind: 'certificate', thumbprintSha256, privateKey: pem },
    });
    await expect(dir.getUser(ALEX)).resolves.toMatchObject({ displayName: 'Alex Kim' });
    expect(entra.tokenRequests.at(-1)).toMatchObject({ clientId: 'candor-graph-cert', outcome: 'issued' });

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrongKey = directory({
      clientId: 'candor-graph-cert',
      credential: {
        kind: 'certificate',
        thumbprintSha256,
        privateKey: other.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    await expect(wrongKey.getUser(ALEX)).rejects.toThrow(/invalid_client: AADSTS700027/);
  });

  it('reports a wrong client secret as DirectoryUnavailableError naming invalid_client', async () => {
    const failure = directory({ credential: { kind: 'secret', secret: 'wrong' } }).getUser(ALEX);
    await expect(failure).rejects.toThrow(DirectoryUnavailableError);
    await expect(failure).rejects.toThrow(
      /could not get an app token for client candor-graph-app .*invalid_client: AADSTS7000215/,
    );
    expect(graph.requests).toHaveLength(0);
  });

  it('reports a Graph error that is not retried as DirectoryUnavailableError', async () => {
    graph.failNext(1, 500);
    await expect(directory().getUser(ALEX)).rejects.toThrow(
      new DirectoryUnavailableError(
        `Microsoft Graph answered GET /users/${ALEX} with 500 InternalServerError: Fake fault 500.`,
      ),
    );
    expect(graph.requests).toHaveLength(1);
  });

  it('reports a missing application permission as DirectoryUnavailableError', async () => {
    entra.registerClient({ clientId: 'unprivileged', clientSecret: 's' });
    await expect(
      directory({ clientId: 'unprivileged', credential: { kind: 'secret', secret: 's' } }).getUser(ALEX),
    ).rejects.toThrow(/403 Authorization_RequestDenied: Insufficient privileges/);
  });

  it('reports a Graph that cannot be reached as DirectoryUnavailableError', async () => {
    const dir = directory();
    const baseUrl = graph.baseUrl;
    await graph.close();
    await expect(dir.getUser(ALEX)).rejects.toThrow(
      new RegExp(`Microsoft Graph at ${baseUrl} could not be reached`),
    );
    graph = await FakeGraph.start(); // for afterEach
  });
});
