/**
 * `npm run package [-- --app-id GUID --version X.Y.Z --out FILE]`: builds the Teams app package
 * (default dist/manifest/candor.zip) from manifest/manifest.template.json and manifest/icons/.
 * Validates first; on errors prints each and exits 1; on success prints the zip's path.
 *
 * Flags (all optional):
 *   --app-id   the Teams app id, a GUID. Default: the demo id 00000000-0000-4000-8000-000000000001
 *              (fine for a local build; give each real deployment its own, and keep it across updates).
 *   --version  the package version, MAJOR.MINOR.PATCH; raise it for every update. Default: package.json's.
 *   --out      where to write the zip. Default: dist/manifest/candor.zip.
 * From the environment, through loadConfig: BOT_APP_ID (the bot, and the Entra app for tab SSO; default a
 * demo id) and PUBLIC_URL (where the tab and the privacy/terms pages are served; default http://HOST:PORT).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/schema';
import { buildAppPackage } from './app-package';
import { DEMO_APP_ID, DEMO_BOT_ID, type ManifestValues } from './build-manifest';
import { DEFAULT_ZIP, REPO_ROOT } from './paths';

const USAGE = 'usage: npm run package [-- --app-id GUID --version X.Y.Z --out FILE]';

function packageJsonVersion(): string {
  const parsed: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const version =
    typeof parsed === 'object' && parsed !== null && 'version' in parsed ? parsed.version : undefined;
  return typeof version === 'string' ? version : '1.0.0';
}

/** Things that make a valid package that will not work in Teams yet. */
function warnings(values: ManifestValues): string[] {
  const list: string[] = [];
  if (values.botId === DEMO_BOT_ID)
    list.push(
      `BOT_APP_ID is not set: the package names the demo bot ${DEMO_BOT_ID}, so Teams will find no bot.`,
    );
  if (new URL(values.publicUrl).protocol !== 'https:')
    list.push(
      `PUBLIC_URL is ${values.publicUrl}: Teams loads tabs only over https (use the app's public URL or a tunnel).`,
    );
  return list;
}

async function main(argv: string[]): Promise<number> {
  let flags: { 'app-id'?: string; version?: string; out?: string; help?: boolean };
  try {
    flags = parseArgs({
      args: argv,
      options: {
        'app-id': { type: 'string' },
        version: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  let values: ManifestValues;
  try {
    const config = loadConfig(process.env);
    values = {
      appId: flags['app-id'] ?? DEMO_APP_ID,
      botId: config.bot.appId ?? DEMO_BOT_ID,
      // The tab's SSO app when it is not the bot's (ENTRA_APP_ID, ENTRA_APP_ID_URI).
      ...(config.tabAuth.kind === 'entra'
        ? { sso: { appId: config.tabAuth.audiences[0]!, resource: config.tabAuth.audiences[1] } }
        : {}),
      publicUrl: config.http.publicUrl,
      version: flags.version ?? packageJsonVersion(),
    };
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  const out = path.resolve(flags.out ?? DEFAULT_ZIP);
  const result = await buildAppPackage({ ...values, out });
  if (!result.ok) {
    console.error(`The Teams app manifest is not valid (${result.errors.length} problem(s)):`);
    for (const error of result.errors) console.error(`  ${error}`);
    return 1;
  }
  for (const warning of warnings(values)) console.error(`warning: ${warning}`);
  const relative = path.relative(process.cwd(), result.zipPath);
  console.log(relative.startsWith('..') ? result.zipPath : relative);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
