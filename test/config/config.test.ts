import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS, loadConfig } from '../../src/config/schema';
import { ConfigError } from '../../src/domain/errors';

describe('the configuration', () => {
  it('runs on the local default with no settings at all', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('local');
    expect(c.http).toEqual({ host: '127.0.0.1', port: 3978, publicUrl: 'http://127.0.0.1:3978' });
    expect(c.database).toMatchObject({ kind: 'embedded', port: 54329 });
    expect(c.directory.kind).toBe('org-chart');
    expect(c.bot.appId).toBeNull();
  });

  it('uses an external PostgreSQL when DATABASE_URL is given', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/candor' }).database).toEqual({
      kind: 'external',
      url: 'postgres://u:p@db:5432/candor',
      poolSize: 10,
    });
  });

  it('refuses production mode without credentials and names every missing one', () => {
    expect(() => loadConfig({ CANDOR_MODE: 'production', DIRECTORY: 'graph' })).toThrow(ConfigError);
    try {
      loadConfig({ CANDOR_MODE: 'production', DIRECTORY: 'graph' });
    } catch (e) {
      const message = (e as Error).message;
      for (const key of [
        'DATABASE_URL',
        'BOT_APP_ID',
        'BOT_APP_PASSWORD',
        'BOT_TENANT_ID',
        'TEAMS_TENANT_ID',
        'PUBLIC_URL',
        'ENTRA_TENANT_ID',
        'ENTRA_APP_ID',
        'GRAPH_TENANT_ID',
        'GRAPH_CLIENT_ID',
        'GRAPH_CLIENT_SECRET',
      ])
        expect(message).toContain(key);
    }
  });

  it('starts in production mode when every credential is there', () => {
    const c = loadConfig({
      CANDOR_MODE: 'production',
      DATABASE_URL: 'postgres://u:p@db/candor',
      BOT_APP_ID: 'app',
      BOT_APP_PASSWORD: 'secret',
      BOT_TENANT_ID: 'tenant',
      TEAMS_TENANT_ID: 'tenant',
      PUBLIC_URL: 'https://candor.agency.example',
      ENTRA_TENANT_ID: 'tenant',
      ENTRA_APP_ID: 'app',
    });
    expect(c.mode).toBe('production');
    expect(c.http.publicUrl).toBe('https://candor.agency.example');
  });

  it('refuses values of the wrong form, naming the key', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DIRECTORY: 'ldap' })).toThrow(/DIRECTORY/);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
  });

  it('asks for Graph credentials whenever the Graph directory is chosen', () => {
    expect(() => loadConfig({ DIRECTORY: 'graph', GRAPH_TENANT_ID: 't' })).toThrow(
      /GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET/,
    );
  });

  it('is documented key by key in the README', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const key of Object.keys(CONFIG_KEYS))
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${key}\`\\s*\\|`));
  });

  it('is read from the environment only by the entry points', () => {
    const hits = execSync('grep -rln "process\\.env" src bot || true', {
      cwd: path.join(__dirname, '..', '..'),
    })
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean);
    expect(hits.filter((f) => f !== 'src/main.ts' && !f.startsWith('src/cli/'))).toEqual([]);
  });
});
