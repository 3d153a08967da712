/**
 * Validates a manifest offline: first against Microsoft's JSON schema for the manifest's own
 * `manifestVersion` (shipped in @microsoft/app-manifest), then — once its shape is known to be right —
 * the rules the schema cannot express: the icon files, the bot's commands, the tab URLs' domains.
 * Returns readable errors, `path: message`; none means valid.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TeamsManifestV1D30 } from '@microsoft/app-manifest';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PNG } from 'pngjs';
import { botCommandList } from './build-manifest';
import { ICONS_DIR } from './paths';

type Manifest130 = TeamsManifestV1D30.TeamsManifestV1D30;
/** The parts the extra checks read; the same in every manifest version this project can use. */
type CheckedManifest = Pick<
  Manifest130,
  | 'manifestVersion'
  | '$schema'
  | 'version'
  | 'icons'
  | 'bots'
  | 'staticTabs'
  | 'configurableTabs'
  | 'validDomains'
  | 'webApplicationInfo'
>;

const SCHEMAS_DIR = path.join(
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);
const ICON_SIZES: Record<keyof Manifest130['icons'], number> = { color: 192, outline: 32, color32x32: 32 };
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

// The Teams schemas declare JSON Schema draft-04, hence the draft-04 Ajv class. strict is off because
// Microsoft's schemas trip Ajv's schema-authoring lint (e.g. maxItems without type: array), which would
// only log noise; it changes nothing about what is valid.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction<CheckedManifest>>();

function schemaFolder(manifestVersion: string): string {
  return manifestVersion === 'devPreview' ? 'vDevPreview' : `v${manifestVersion}`;
}

/** The manifest versions with an offline schema, oldest first: '1.0', …, '1.30', 'devPreview'. */
export function offlineSchemaVersions(): string[] {
  return readdirSync(SCHEMAS_DIR)
    .map((folder) => /^v(\d+)\.(\d+)$/.exec(folder))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
    .map((m) => `${m[1]}.${m[2]}`)
    .concat(existsSync(path.join(SCHEMAS_DIR, 'vDevPreview')) ? ['devPreview'] : []);
}

function schemaValidator(manifestVersion: string): ValidateFunction<CheckedManifest> | null {
  if (!/^(\d+\.\d+|devPreview)$/.test(manifestVersion)) return null;
  const file = path.join(SCHEMAS_DIR, schemaFolder(manifestVersion), 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) return null;
  let validate = compiled.get(manifestVersion);
  if (!validate) {
    validate = ajv.compile<CheckedManifest>(JSON.parse(readFileSync(file, 'utf8')));
    compiled.set(manifestVersion, validate);
  }
  return validate;
}

/** `/bots/0/scopes/0` → `bots[0].scopes[0]`. */
function readablePath(pointer: string): string {
  if (pointer === '') return '(manifest)';
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function schemaError(e: ErrorObject): string {
  const got = e.data === undefined ? '' : ` (got ${JSON.stringify(e.data)})`;
  let message = e.message ?? 'is invalid';
  if (e.keyword === 'enum')
    message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}${got}`;
  else if (e.keyword === 'additionalProperties')
    message = `has a property the schema does not allow: "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  else if (e.keyword === 'pattern' || e.keyword === 'maxLength' || e.keyword === 'type') message += got;
  return `${readablePath(e.instancePath)}: ${message}`;
}

export function validateManifest(manifest: unknown, iconsDir: string = ICONS_DIR): string[] {
  const version: unknown =
    typeof manifest === 'object' && manifest !== null && 'manifestVersion' in manifest
      ? manifest.manifestVersion
      : undefined;
  if (typeof version !== 'string') return ['manifestVersion: must be a string such as "1.30"'];
  const validate = schemaValidator(version);
  if (!validate)
    return [
      `manifestVersion: no offline schema for "${version}" (available: ${offlineSchemaVersions().join(', ')})`,
    ];
  if (!validate(manifest)) return [...new Set((validate.errors ?? []).map(schemaError))];
  return [
    ...checkSchemaUrl(manifest),
    ...checkVersion(manifest),
    ...checkIcons(manifest, iconsDir),
    ...checkCommands(manifest),
    ...checkDomains(manifest),
  ];
}

function checkSchemaUrl(m: CheckedManifest): string[] {
  if (m.$schema === undefined) return [];
  const folder = /\/teams\/([^/]+)\/MicrosoftTeams\.schema\.json$/.exec(m.$schema)?.[1];
  return folder === schemaFolder(m.manifestVersion)
    ? []
    : [`$schema: points at ${folder ?? 'an unknown schema'}, but manifestVersion is ${m.manifestVersion}`];
}

function checkVersion(m: CheckedManifest): string[] {
  return SEMVER.test(m.version)
    ? []
    : [`version: must be MAJOR.MINOR.PATCH, such as 1.0.0 (got "${m.version}")`];
}

function checkIcons(m: CheckedManifest, iconsDir: string): string[] {
  const errors: string[] = [];
  for (const [key, size] of Object.entries(ICON_SIZES) as [keyof typeof ICON_SIZES, number][]) {
    const file = m.icons[key];
    if (file === undefined) continue;
    const at = `icons.${key}`;
    if (path.basename(file) !== file) {
      errors.push(`${at}: must be a file name at the package root (got "${file}")`);
      continue;
    }
    const full = path.join(iconsDir, file);
    if (!existsSync(full)) {
      errors.push(`${at}: ${file} does not exist in ${iconsDir}`);
      continue;
    }
    let png: PNG;
    try {
      png = PNG.sync.read(readFileSync(full));
    } catch (err) {
      errors.push(`${at}: ${file} is not a readable PNG (${(err as Error).message})`);
      continue;
    }
    if (png.width !== size || png.height !== size)
      errors.push(`${at}: ${file} must be ${size}×${size} pixels (it is ${png.width}×${png.height})`);
    if (key === 'outline') errors.push(...checkWhiteOnTransparent(png, at, file));
  }
  return errors;
}

/** Teams wants the outline icon white on transparent: any pixel that shows must be pure white. */
function checkWhiteOnTransparent(png: PNG, at: string, file: string): string[] {
  let wrong = 0;
  let first = '';
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
    if (a === 0 || (r === 255 && g === 255 && b === 255)) continue;
    if (wrong++ === 0) {
      const pixel = i / 4;
      first = ` (first at x=${pixel % png.width}, y=${Math.floor(pixel / png.width)}: rgba(${r}, ${g}, ${b}, ${a}))`;
    }
  }
  return wrong === 0
    ? []
    : [`${at}: ${file} must be white on transparent; ${wrong} pixels are another colour${first}`];
}

/** Every command list must hold exactly bot/commands.ts's commands, with its descriptions. */
function checkCommands(m: CheckedManifest): string[] {
  const expected = botCommandList();
  const lists = m.bots?.[0]?.commandLists ?? [];
  if (lists.length === 0)
    return [
      `bots[0].commandLists: missing; bot/commands.ts has ${expected.map((c) => `"${c.title}"`).join(', ')}`,
    ];
  return lists.flatMap((list, i) => {
    const at = `bots[0].commandLists[${i}].commands`;
    const listed = new Map(list.commands.map((c) => [c.title, c.description]));
    const known = new Set(expected.map((c) => c.title));
    return [
      ...expected
        .filter((c) => !listed.has(c.title))
        .map((c) => `${at}: "${c.title}" is missing (bot/commands.ts has it)`),
      ...list.commands
        .filter((c) => !known.has(c.title))
        .map((c) => `${at}: "${c.title}" is not a command in bot/commands.ts`),
      ...expected
        .filter((c) => listed.has(c.title) && listed.get(c.title) !== c.description)
        .map(
          (c) =>
            `${at}: "${c.title}" has description ${JSON.stringify(listed.get(c.title))}; bot/commands.ts says ${JSON.stringify(c.description)}`,
        ),
    ];
  });
}

function underValidDomains(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase();
  return domains.some((d) => {
    const domain = d.toLowerCase();
    return domain.startsWith('*.')
      ? h.endsWith(domain.slice(1)) && h.length > domain.length - 1
      : h === domain;
  });
}

/** Tab pages (and the SSO resource's host) must be under validDomains, or Teams will not load them. */
function checkDomains(m: CheckedManifest): string[] {
  const domains = m.validDomains ?? [];
  const urls: [string, string][] = [
    ...(m.staticTabs ?? []).flatMap((t, i) =>
      (['contentUrl', 'websiteUrl', 'searchUrl'] as const).flatMap((k): [string, string][] => {
        const url = t[k];
        return url === undefined ? [] : [[`staticTabs[${i}].${k}`, url]];
      }),
    ),
    ...(m.configurableTabs ?? []).map((t, i): [string, string] => [
      `configurableTabs[${i}].configurationUrl`,
      t.configurationUrl,
    ]),
  ];
  const errors = urls.flatMap(([at, url]) => {
    const host = URL.canParse(url) ? new URL(url).host : '';
    if (!host) return [`${at}: "${url}" is not a URL with a host`];
    return underValidDomains(host, domains)
      ? []
      : [`${at}: host ${host} is not under validDomains (${domains.join(', ') || 'none'})`];
  });
  const sso = m.webApplicationInfo;
  const resource = sso?.resource ? /^api:\/\/([^/]+)\/(.+)$/.exec(sso.resource) : null;
  if (sso && resource) {
    const [, host = '', rest = ''] = resource;
    if (!underValidDomains(host, domains))
      errors.push(
        `webApplicationInfo.resource: host ${host} is not under validDomains (${domains.join(', ') || 'none'})`,
      );
    if (!rest.endsWith(sso.id))
      errors.push(
        `webApplicationInfo.resource: must end with webApplicationInfo.id ${sso.id} (got "${sso.resource}")`,
      );
  }
  return errors;
}
