/**
 * Offline structural checks of infra/ and m365agents.yml. The Bicep compiler cannot be downloaded here
 * (`az bicep build` and the bicep CLI fetch a binary), so these checks stand in for what it would catch
 * first: every param used, every module file present and given the params it needs, every module output
 * read exists, balanced brackets; and the wiring with the Agents Toolkit: every ${{VAR}} read is defined
 * by the env file, an action or a Bicep output, every file referenced exists, the app settings are real
 * configuration keys, the Entra manifest's roles and identifier match the API and the Teams manifest.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS } from '../../src/config/schema';

const ROOT = path.resolve(__dirname, '..', '..');
const INFRA = path.join(ROOT, 'infra');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

/** Bicep source without comments and string contents that could confuse the checks below. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'])\/\/.*$/gm, '$1');
}

interface Param {
  name: string;
  hasDefault: boolean;
}

function params(text: string): Param[] {
  return [...text.matchAll(/^param\s+(\w+)\s+[^\n=]+?(=.*)?$/gm)].map((m) => ({
    name: m[1]!,
    hasDefault: m[2] !== undefined,
  }));
}

const outputs = (text: string) => [...text.matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1]!);

/** The block after `start` (an index of its opening brace), up to the matching brace. */
function block(text: string, start: number): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start + 1, i);
  }
  throw new Error('unbalanced braces');
}

interface ModuleUse {
  symbol: string;
  file: string;
  passed: string[];
}

function modules(text: string, dir: string): ModuleUse[] {
  return [...text.matchAll(/^module\s+(\w+)\s+'([^']+)'\s*=\s*\{/gm)].map((m) => {
    const body = block(text, m.index! + m[0].length - 1);
    const p = /\bparams:\s*\{/.exec(body);
    const paramsBody = p ? block(body, p.index + p[0].length - 1) : '';
    // Keys at the first level of the params block only.
    const passed: string[] = [];
    let depth = 0;
    for (const line of paramsBody.split('\n')) {
      const key = /^\s*(\w+):/.exec(line);
      if (depth === 0 && key) passed.push(key[1]!);
      depth += (line.match(/[{[(]/g) ?? []).length - (line.match(/[}\])]/g) ?? []).length;
    }
    return { symbol: m[1]!, file: path.join(dir, m[2]!), passed };
  });
}

const bicepFiles = [
  path.join(INFRA, 'main.bicep'),
  ...readdirSync(path.join(INFRA, 'modules'))
    .filter((f) => f.endsWith('.bicep'))
    .map((f) => path.join(INFRA, 'modules', f)),
];
const source = (file: string) => stripComments(readFileSync(file, 'utf8'));
const main = source(path.join(INFRA, 'main.bicep'));
const mainOutputs = outputs(main);

describe('the Bicep templates', () => {
  it.each(bicepFiles.map((f) => [path.relative(ROOT, f), f]))(
    '%s uses every param it declares',
    (_, file) => {
      const text = source(file);
      const declared = params(text);
      expect(declared.length).toBeGreaterThan(0);
      const unused = declared.filter(
        (p) => (text.match(new RegExp(`\\b${p.name}\\b`, 'g')) ?? []).length < 2,
      );
      expect(unused.map((p) => p.name)).toEqual([]);
    },
  );

  it.each(bicepFiles.map((f) => [path.relative(ROOT, f), f]))('%s has balanced brackets', (_, file) => {
    const text = source(file).replace(/'(?:[^'\\]|\\.)*'/g, (s) => s.replace(/[^${}]/g, ' '));
    for (const [open, close] of [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ] as const) {
      const count = (c: string) => text.split(c).length - 1;
      expect([open, count(open)]).toEqual([open, count(close)]);
    }
  });

  it('references module files that exist, passing every required param and no unknown one', () => {
    const uses = modules(main, INFRA);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      expect([use.file, existsSync(use.file)]).toEqual([use.file, true]);
      const declared = params(source(use.file));
      const required = declared.filter((p) => !p.hasDefault).map((p) => p.name);
      expect([use.symbol, required.filter((r) => !use.passed.includes(r))]).toEqual([use.symbol, []]);
      const names = declared.map((p) => p.name);
      expect([use.symbol, use.passed.filter((k) => !names.includes(k))]).toEqual([use.symbol, []]);
    }
  });

  it('reads only outputs the modules declare', () => {
    const bySymbol = new Map(modules(main, INFRA).map((m) => [m.symbol, outputs(source(m.file))]));
    for (const m of main.matchAll(/\b(\w+)\.outputs\.(\w+)/g)) {
      expect([m[0], bySymbol.get(m[1]!)?.includes(m[2]!)]).toEqual([m[0], true]);
    }
  });

  it('has a parameters file naming only declared params and every required one', () => {
    const file = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, unknown> };
    const declared = params(main);
    const given = Object.keys(file.parameters);
    expect(given.filter((g) => !declared.some((p) => p.name === g))).toEqual([]);
    expect(declared.filter((p) => !p.hasDefault && !given.includes(p.name)).map((p) => p.name)).toEqual([]);
  });

  it('declares the resources the deployment needs', () => {
    const all = bicepFiles.map(source).join('\n');
    for (const type of [
      'Microsoft.BotService/botServices@',
      'Microsoft.BotService/botServices/channels@',
      'Microsoft.Web/sites@',
      'Microsoft.Web/serverfarms@',
      'Microsoft.ManagedIdentity/userAssignedIdentities@',
      'Microsoft.DBforPostgreSQL/flexibleServers@',
      'Microsoft.DBforPostgreSQL/flexibleServers/databases@',
      'Microsoft.KeyVault/vaults@',
      'Microsoft.OperationalInsights/workspaces@',
    ])
      expect([type, all.includes(`'${type}`)]).toEqual([type, true]);
    expect(all).toMatch(/channelName:\s*'MsTeamsChannel'/);
    expect(all).toMatch(/healthCheckPath:\s*'\/healthz'/);
  });

  it('sets only app settings that are configuration keys (or App Service platform settings)', () => {
    const web = modules(main, INFRA).find((m) => m.file.endsWith('appservice.bicep'))!;
    const body = /appSettings:\s*\{/.exec(main)!;
    const settings = block(main, body.index + body[0].length - 1);
    const keys = [...settings.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
    const platform = ['WEBSITES_PORT'];
    expect(keys.filter((k) => !(k in CONFIG_KEYS) && !platform.includes(k))).toEqual([]);
    for (const k of [
      'CANDOR_MODE',
      'DATABASE_URL',
      'BOT_APP_ID',
      'BOT_APP_PASSWORD',
      'PUBLIC_URL',
      'ENTRA_APP_ID',
    ])
      expect(keys).toContain(k);
    expect(web.passed).toContain('appSettings');
  });
});

describe('the Agents Toolkit project', () => {
  const yml = read('m365agents.yml');
  const envKeys = (file: string) => [...read(file).matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
  const written = [...yml.matchAll(/^\s+\w+:\s+([A-Z][A-Z0-9_]+)\s*$/gm)]
    .filter(
      (m) =>
        yml.slice(0, m.index).lastIndexOf('writeToEnvironmentFile:') >
        yml.slice(0, m.index).lastIndexOf('- uses:'),
    )
    .map((m) => m[1]!);
  const defined = new Set([
    ...envKeys('env/.env.dev'),
    ...envKeys('env/.env.dev.user.example'),
    ...written,
    ...mainOutputs,
    'AAD_APP_ACCESS_AS_USER_PERMISSION_ID', // aadApp/update generates it
  ]);
  const refs = (text: string) => [...text.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]!);

  it('uses the documented lifecycle stages and actions', () => {
    for (const stage of ['provision', 'deploy', 'publish'])
      expect(yml).toMatch(new RegExp(`^${stage}:`, 'm'));
    for (const action of [
      'aadApp/create',
      'aadApp/update',
      'arm/deploy',
      'teamsApp/create',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ])
      expect(yml).toContain(`uses: ${action}`);
    expect(yml).toMatch(/^version: v\d+\.\d+/m);
  });

  it('reads only variables that the env file, an action or a Bicep output defines', () => {
    for (const file of ['m365agents.yml', 'infra/azure.parameters.json', 'infra/aad.manifest.json']) {
      const missing = refs(read(file)).filter((v) => !defined.has(v));
      expect([file, [...new Set(missing)]]).toEqual([file, []]);
    }
  });

  it('consumes Bicep outputs that exist, and the env file lists them', () => {
    const consumed = [...refs(yml), ...refs(read('infra/aad.manifest.json'))];
    for (const o of ['BOT_DOMAIN', 'PUBLIC_URL', 'AZURE_WEBAPP_NAME', 'AZURE_CONTAINER_REGISTRY_NAME']) {
      expect(consumed).toContain(o);
      expect(mainOutputs).toContain(o);
    }
    expect(mainOutputs.filter((o) => !envKeys('env/.env.dev').includes(o))).toEqual([]);
  });

  it('points at files that exist', () => {
    for (const m of yml.matchAll(/^\s+(?:- )?(?:path|parameters|manifestPath):\s+(\S+)$/gm)) {
      expect([m[1], existsSync(path.join(ROOT, m[1]!))]).toEqual([m[1], true]);
    }
    expect(yml).toContain('./infra/main.bicep');
    expect(yml).toContain('./infra/aad.manifest.json');
  });

  it('keeps no secret in the committed env file', () => {
    for (const [k, v] of read('env/.env.dev')
      .split('\n')
      .filter((l) => /^[A-Z]/.test(l))
      .map((l) => l.split('=')))
      if (/SECRET|PASSWORD/.test(k!)) expect([k, v]).toEqual([k, '']);
    expect(read('env/.gitignore')).toMatch(/^\.env\.\*\.user$/m);
  });
});

describe('the Entra app manifest', () => {
  const aad = JSON.parse(read('infra/aad.manifest.json')) as {
    appRoles: { id: string; value: string; allowedMemberTypes: string[] }[];
    identifierUris: string[];
    requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
  };

  it('has the app roles the tab API maps (docs/api.md), with distinct ids', () => {
    expect(aad.appRoles.map((r) => r.value).sort()).toEqual([
      'Admin',
      'EthicsOfficer',
      'HR',
      'OutreachStaff',
    ]);
    const api = read('docs/api.md');
    for (const r of aad.appRoles) expect(api).toContain(`\`${r.value}\` →`);
    expect(new Set(aad.appRoles.map((r) => r.id)).size).toBe(aad.appRoles.length);
  });

  it('has the identifier the Teams manifest uses for SSO: api://<public host>/<app id>', () => {
    const teams = JSON.parse(read('manifest/manifest.template.json')) as {
      webApplicationInfo: { id: string; resource: string };
    };
    // The package fills these from ENTRA_APP_ID and ENTRA_APP_ID_URI (manifest/package.ts), which the
    // deployment sets to this app registration and its identifier.
    expect(teams.webApplicationInfo).toEqual({ id: '{{SSO_APP_ID}}', resource: '{{SSO_RESOURCE}}' });
    const main = read('infra/main.bicep');
    expect(main).toContain('ENTRA_APP_ID: botAadAppClientId');
    expect(main).toContain("ENTRA_APP_ID_URI: 'api://${publicHost}/${botAadAppClientId}'");
    expect(aad.identifierUris).toEqual(['api://${{BOT_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
  });

  it('requests exactly the Graph permissions docs/deploy.md explains', () => {
    const deploy = read('docs/deploy.md');
    const graph = aad.requiredResourceAccess.find((r) => r.resourceAppId === 'Microsoft Graph')!;
    for (const p of graph.resourceAccess)
      expect([p.id, deploy.includes(`| \`${p.id}\``)]).toEqual([p.id, true]);
  });
});
