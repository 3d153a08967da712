/**
 * Production authentication options: the bot with a client secret, a certificate or a user-assigned
 * managed identity; Graph app-only with a secret or a certificate. Incomplete combinations are refused
 * with a message naming what is missing; each complete one builds botbuilder's own credentials factory.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CertificateServiceClientCredentialsFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  PasswordServiceClientCredentialFactory,
} from 'botframework-connector';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { botCredentials } from '../../bot/adapter';
import { loadConfig } from '../../src/config/schema';
import { readGraphCredential } from '../../src/directory/graph-auth';

const PRODUCTION = {
  CANDOR_MODE: 'production',
  DATABASE_URL: 'postgres://u:p@db/candor',
  BOT_APP_ID: '5e0c3a52-8f4b-4b5e-9d0c-2f8e6f7a1b2c',
  BOT_TENANT_ID: 'tenant',
  TEAMS_TENANT_ID: 'tenant',
  PUBLIC_URL: 'https://candor.agency.example',
  ENTRA_TENANT_ID: 'tenant',
  ENTRA_APP_ID: 'app',
};
const SHA1 = 'a'.repeat(40);
const SHA256 = 'b'.repeat(64);
const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-keys-'));
const notAKey = path.join(dir, 'certificate-only.pem');
writeFileSync(notAKey, 'a certificate without its key\n');
const keyFile = path.join(dir, 'key.pem');
writeFileSync(
  keyFile,
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bot authentication options', () => {
  it('uses the client secret by default', () => {
    const c = loadConfig({ ...PRODUCTION, BOT_APP_PASSWORD: 'secret' });
    expect(c.bot.auth).toEqual({ kind: 'secret' });
    expect(botCredentials(c.bot)).toBeInstanceOf(ConfigurationServiceClientCredentialFactory);
    expect(botCredentials(c.bot)).toBeInstanceOf(PasswordServiceClientCredentialFactory);
  });

  it('uses a certificate: thumbprint and private key file, no secret', () => {
    const c = loadConfig({
      ...PRODUCTION,
      BOT_AUTH: 'certificate',
      BOT_CERTIFICATE_THUMBPRINT: SHA1,
      BOT_CERTIFICATE_KEY_FILE: keyFile,
    });
    expect(c.bot.auth).toEqual({ kind: 'certificate', thumbprint: SHA1, keyFile });
    expect(botCredentials(c.bot)).toBeInstanceOf(CertificateServiceClientCredentialsFactory);
  });

  it('uses a user-assigned managed identity whose client id is the bot app id', async () => {
    const c = loadConfig({ ...PRODUCTION, BOT_AUTH: 'managed_identity', BOT_APP_TYPE: 'UserAssignedMSI' });
    const factory = botCredentials(c.bot);
    expect(factory).toBeInstanceOf(ManagedIdentityServiceClientCredentialsFactory);
    await expect(factory.isValidAppId(PRODUCTION.BOT_APP_ID)).resolves.toBe(true);
  });

  it('refuses incomplete combinations, naming what is missing', () => {
    expect(() => loadConfig({ ...PRODUCTION, BOT_AUTH: 'certificate', BOT_APP_PASSWORD: 's' })).toThrow(
      /BOT_CERTIFICATE_THUMBPRINT, BOT_CERTIFICATE_KEY_FILE/,
    );
    expect(() =>
      loadConfig({ BOT_APP_ID: 'app', BOT_AUTH: 'certificate', BOT_CERTIFICATE_THUMBPRINT: SHA1 }),
    ).toThrow('BOT_AUTH=certificate needs BOT_CERTIFICATE_KEY_FILE');
    expect(() => loadConfig(PRODUCTION)).toThrow(/missing: BOT_APP_PASSWORD$/);
    expect(() => loadConfig({ ...PRODUCTION, BOT_AUTH: 'managed_identity' })).toThrow(
      /BOT_AUTH=managed_identity and BOT_APP_TYPE=UserAssignedMSI go together/,
    );
    expect(() =>
      loadConfig({ ...PRODUCTION, BOT_APP_PASSWORD: 's', BOT_APP_TYPE: 'UserAssignedMSI' }),
    ).toThrow(/go together/);
    expect(() =>
      loadConfig({ ...PRODUCTION, BOT_AUTH: 'certificate', BOT_CERTIFICATE_THUMBPRINT: 'xyz' }),
    ).toThrow(/BOT_CERTIFICATE_THUMBPRINT: a SHA-1 thumbprint/);
  });

  it('says which file when the private key cannot be read', () => {
    const c = loadConfig({
      ...PRODUCTION,
      BOT_AUTH: 'certificate',
      BOT_CERTIFICATE_THUMBPRINT: SHA1,
      BOT_CERTIFICATE_KEY_FILE: path.join(dir, 'missing.pem'),
    });
    expect(() => botCredentials(c.bot)).toThrow(/BOT_CERTIFICATE_KEY_FILE: cannot read .*missing\.pem/);
  });
});

describe('the Graph authentication options', () => {
  const GRAPH = { DIRECTORY: 'graph', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c' };

  it('uses a client secret by default', () => {
    const c = loadConfig({ ...GRAPH, GRAPH_CLIENT_SECRET: 's' });
    expect(c.directory).toMatchObject({ kind: 'graph', credential: { kind: 'secret', secret: 's' } });
    expect(c.activityFeed).toEqual({ teamsAppId: null, botAppId: null });
  });

  it('uses a certificate: SHA-256 thumbprint and the private key read from its file', () => {
    const c = loadConfig({
      ...GRAPH,
      GRAPH_AUTH: 'certificate',
      GRAPH_CERTIFICATE_THUMBPRINT: SHA256,
      GRAPH_CERTIFICATE_KEY_FILE: keyFile,
    });
    if (c.directory.kind !== 'graph') throw new Error('expected the Graph directory');
    expect(c.directory.credential).toEqual({ kind: 'certificate', thumbprintSha256: SHA256, keyFile });
    expect(readGraphCredential(c.directory.credential)).toEqual({
      kind: 'certificate',
      thumbprintSha256: SHA256,
      privateKey: expect.stringContaining('-----BEGIN PRIVATE KEY-----'),
    });
  });

  it('refuses incomplete combinations, naming what is missing', () => {
    expect(() => loadConfig({ ...GRAPH, GRAPH_AUTH: 'certificate', GRAPH_CLIENT_SECRET: 's' })).toThrow(
      'DIRECTORY=graph with GRAPH_AUTH=certificate needs GRAPH_CERTIFICATE_THUMBPRINT, GRAPH_CERTIFICATE_KEY_FILE',
    );
    expect(() =>
      loadConfig({ ...GRAPH, GRAPH_AUTH: 'certificate', GRAPH_CERTIFICATE_THUMBPRINT: SHA1 }),
    ).toThrow(/GRAPH_CERTIFICATE_THUMBPRINT: a SHA-256 thumbprint/);
    expect(() =>
      readGraphCredential({ kind: 'certificate', thumbprintSha256: SHA256, keyFile: notAKey }),
    ).toThrow(/GRAPH_CERTIFICATE_KEY_FILE: .* holds no PEM private key/);
  });

  it('keeps the activity feed off without Graph', () => {
    expect(loadConfig({}).activityFeed).toBeNull();
  });
});
