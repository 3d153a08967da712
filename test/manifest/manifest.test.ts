import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { COMMANDS, COMMAND_DESCRIPTIONS } from '../../bot/commands';
import { buildAppPackage, readTemplate } from '../../manifest/app-package';
import {
  buildManifest,
  DEMO_APP_ID,
  DEMO_BOT_ID,
  type Json,
  type JsonObject,
  type ManifestValues,
} from '../../manifest/build-manifest';
import { drawColorIcon, drawOutlineIcon } from '../../manifest/draw-icons';
import { ICONS_DIR, REPO_ROOT } from '../../manifest/paths';
import { offlineSchemaVersions, validateManifest } from '../../manifest/validate-manifest';

const VALUES: ManifestValues = {
  appId: DEMO_APP_ID,
  botId: '5e0c3a52-8f4b-4b5e-9d0c-2f8e6f7a1b2c',
  publicUrl: 'https://candor.example.gov/',
  version: '1.2.3',
};

function built(values: ManifestValues = VALUES): JsonObject {
  return buildManifest(readTemplate(), values);
}

/** A deep copy of the built manifest, changed by `edit`. */
function edited(edit: (m: JsonObjectTree) => void): JsonObject {
  const copy = JSON.parse(JSON.stringify(built())) as JsonObjectTree;
  edit(copy);
  return copy as JsonObject;
}
// Loose view of the manifest for tests that break it on purpose.
type JsonObjectTree = { [key: string]: Json } & {
  bots: [{ scopes: string[]; commandLists: [{ commands: { title: string; description?: string }[] }] }];
  staticTabs: { contentUrl?: string }[];
};

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'candor-manifest-'));
}

describe('the Teams app manifest', () => {
  it('is built at the newest offline schema version, v1.30', () => {
    expect(offlineSchemaVersions()).toContain('1.30');
    expect(built().manifestVersion).toBe('1.30');
    expect(built().$schema).toBe(
      'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
    );
  });

  it('names the tab SSO app in webApplicationInfo when it is not the bot, and asks consent to send activity feed notifications', () => {
    const ssoAppId = '0b7c9d1e-3f2a-4b5c-8d6e-7f8091a2b3c4';
    expect(
      built({ ...VALUES, sso: { appId: ssoAppId, resource: `api://candor.example.gov/${ssoAppId}` } })
        .webApplicationInfo,
    ).toEqual({ id: ssoAppId, resource: `api://candor.example.gov/${ssoAppId}` });
    expect(built({ ...VALUES, sso: { appId: ssoAppId } }).webApplicationInfo).toEqual({
      id: ssoAppId,
      resource: `api://candor.example.gov/${ssoAppId}`,
    });
    expect(built().authorization).toEqual({
      permissions: { resourceSpecific: [{ name: 'TeamsActivity.Send.User', type: 'Application' }] },
    });
    const declared = (built().activities as { activityTypes: Array<{ type: string }> }).activityTypes;
    expect(declared.map((a) => a.type).sort()).toEqual([
      'disclosureAssigned',
      'disclosureDecided',
      'infoRequested',
    ]);
  });

  it('passes the official schema and every check beyond it', () => {
    expect(validateManifest(built())).toEqual([]);
  });

  it('fills the placeholders from the values: ids, version, public URL and host', () => {
    const m = built();
    expect(m).toMatchObject({
      id: DEMO_APP_ID,
      version: '1.2.3',
      bots: [{ botId: VALUES.botId, scopes: ['personal'], supportsFiles: false }],
      validDomains: ['candor.example.gov'],
      webApplicationInfo: { id: VALUES.botId, resource: `api://candor.example.gov/${VALUES.botId}` },
      developer: {
        name: 'Candor',
        websiteUrl: 'https://candor.example.gov',
        privacyUrl: 'https://candor.example.gov/privacy',
        termsOfUseUrl: 'https://candor.example.gov/terms',
      },
      configurableTabs: [
        { configurationUrl: 'https://candor.example.gov/tab/#/configure', scopes: ['team', 'groupChat'] },
      ],
    });
    expect(m.staticTabs).toEqual([
      { entityId: 'conversations', scopes: ['personal'] },
      expect.objectContaining({
        name: 'My disclosures',
        contentUrl: 'https://candor.example.gov/tab/#/mine',
      }),
      expect.objectContaining({
        name: 'Approvals',
        contentUrl: 'https://candor.example.gov/tab/#/approvals',
      }),
      expect.objectContaining({ name: 'Events', contentUrl: 'https://candor.example.gov/tab/#/events' }),
    ]);
    expect(JSON.stringify(m)).not.toMatch(/\{\{/);
  });

  it('keeps the port of a local public URL in the host', () => {
    const m = built({ ...VALUES, publicUrl: 'http://127.0.0.1:3978' });
    expect(m.validDomains).toEqual(['127.0.0.1:3978']);
    expect(validateManifest(m)).toEqual([]);
  });

  it('refuses a template with a placeholder it does not know', () => {
    expect(() => buildManifest({ name: { short: '{{APP_NAME}}' } }, VALUES)).toThrow(
      'unknown placeholder {{APP_NAME}} at name.short',
    );
  });

  it('reports a bot scope spelled persnal with its path and the allowed values', () => {
    const errors = validateManifest(edited((m) => (m.bots[0].scopes = ['persnal'])));
    expect(errors).toContain(
      'bots[0].scopes[0]: must be one of team, personal, groupChat, copilot (got "persnal")',
    );
  });

  it('reports a missing required field', () => {
    const errors = validateManifest(edited((m) => delete m.developer));
    expect(errors).toContain("(manifest): must have required property 'developer'");
  });

  it('reports an app id that is not a GUID and a version that is not MAJOR.MINOR.PATCH', () => {
    expect(validateManifest(built({ ...VALUES, appId: 'candor' }))).toEqual([
      expect.stringMatching(/^id: must match pattern .* \(got "candor"\)$/),
    ]);
    expect(validateManifest(built({ ...VALUES, version: '1.2' }))).toEqual([
      'version: must be MAJOR.MINOR.PATCH, such as 1.0.0 (got "1.2")',
    ]);
  });

  it('validates against the schema of its own manifestVersion', () => {
    const older = edited((m) => {
      m.manifestVersion = '1.22';
      m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json';
      m.supportsChannelFeatures = 'tier1'; // new in v1.25
    });
    expect(validateManifest(older)).toEqual([
      '(manifest): has a property the schema does not allow: "supportsChannelFeatures"',
    ]);
    expect(validateManifest(edited((m) => (m.manifestVersion = '1.18')))).toEqual([
      expect.stringMatching(
        /^manifestVersion: no offline schema for "1\.18" \(available: 1\.0, .*1\.30, devPreview\)$/,
      ),
    ]);
    expect(validateManifest(edited((m) => (m.manifestVersion = '1.29')))).toEqual([
      '$schema: points at v1.30, but manifestVersion is 1.29',
    ]);
  });

  it('lists exactly the commands of bot/commands.ts, with their descriptions', () => {
    const bots = built().bots as JsonObjectTree['bots'];
    expect(bots[0].commandLists[0].commands).toEqual(
      Object.values(COMMANDS).map((title) => ({ title, description: COMMAND_DESCRIPTIONS[title] })),
    );
  });

  it('reports a command list that has drifted from bot/commands.ts', () => {
    const removed = edited((m) => {
      const list = m.bots[0].commandLists[0];
      list.commands = list.commands.filter((c) => c.title !== COMMANDS.pending);
    });
    expect(validateManifest(removed)).toEqual([
      'bots[0].commandLists[0].commands: "pending" is missing (bot/commands.ts has it)',
    ]);

    const changed = edited((m) => {
      const list = m.bots[0].commandLists[0];
      list.commands = [...list.commands.slice(1), { title: 'report', description: 'Report a gift' }];
      list.commands[0]!.description = 'Something else';
    });
    expect(validateManifest(changed)).toEqual([
      'bots[0].commandLists[0].commands: "gift" is missing (bot/commands.ts has it)',
      'bots[0].commandLists[0].commands: "report" is not a command in bot/commands.ts',
      'bots[0].commandLists[0].commands: "conflict" has description "Something else"; bot/commands.ts says "Disclose a possible conflict of interest"',
    ]);
  });

  it('reports a tab page whose host is not under validDomains', () => {
    const outside = edited((m) => (m.staticTabs[1]!.contentUrl = 'https://elsewhere.example.com/tab/#/mine'));
    expect(validateManifest(outside)).toEqual([
      'staticTabs[1].contentUrl: host elsewhere.example.com is not under validDomains (candor.example.gov)',
    ]);
    const wildcard = edited((m) => {
      m.staticTabs[1]!.contentUrl = 'https://tabs.example.com/tab/#/mine';
      m.validDomains = ['candor.example.gov', '*.example.com'];
    });
    expect(validateManifest(wildcard)).toEqual([]);
  });

  it('has icons of 192×192 and 32×32, the outline white on transparent', () => {
    const color = PNG.sync.read(readFileSync(path.join(ICONS_DIR, 'color.png')));
    const outline = PNG.sync.read(readFileSync(path.join(ICONS_DIR, 'outline.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const shown: number[][] = [];
    for (let i = 0; i < outline.data.length; i += 4)
      if (outline.data[i + 3]! > 0) shown.push([...outline.data.subarray(i, i + 3)]);
    expect(shown.length).toBeGreaterThan(100);
    expect(shown.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
  });

  it('has the icons exactly as manifest/draw-icons.ts draws them', () => {
    for (const [file, draw] of [
      ['color.png', drawColorIcon],
      ['outline.png', drawOutlineIcon],
    ] as const) {
      const committed = PNG.sync.read(readFileSync(path.join(ICONS_DIR, file)));
      expect(Buffer.compare(committed.data, draw().data)).toBe(0);
    }
  });

  it('reports icons that are missing, of the wrong size or not white on transparent', () => {
    const dir = tempDir();
    try {
      const blueOutline = new PNG({ width: 32, height: 32 });
      blueOutline.data.fill(255);
      blueOutline.data.set([0x1f, 0x4e, 0x79, 255], (2 * 32 + 3) * 4);
      writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(blueOutline));
      expect(validateManifest(built(), dir)).toEqual([
        `icons.color: color.png does not exist in ${dir}`,
        'icons.outline: outline.png must be white on transparent; 1 pixels are another colour (first at x=3, y=2: rgba(31, 78, 121, 255))',
      ]);
      copyFileSync(path.join(ICONS_DIR, 'outline.png'), path.join(dir, 'color.png'));
      expect(validateManifest(built(), dir)).toContain(
        'icons.color: color.png must be 192×192 pixels (it is 32×32)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the app package', () => {
  it('contains exactly manifest.json, color.png and outline.png, and its manifest.json is the validated one', async () => {
    const dir = tempDir();
    try {
      const out = path.join(dir, 'candor.zip');
      const result = await buildAppPackage({ ...VALUES, out });
      if (!result.ok) throw new Error(result.errors.join('\n'));
      const zip = await JSZip.loadAsync(readFileSync(out));
      expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      const manifest: unknown = JSON.parse(await zip.file('manifest.json')!.async('string'));
      expect(manifest).toEqual(built());
      expect(validateManifest(manifest)).toEqual([]);
      for (const icon of ['color.png', 'outline.png'])
        expect(await zip.file(icon)!.async('nodebuffer')).toEqual(readFileSync(path.join(ICONS_DIR, icon)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not written when the manifest is invalid, and the errors say why', async () => {
    const dir = tempDir();
    try {
      const out = path.join(dir, 'candor.zip');
      const result = await buildAppPackage({ ...VALUES, botId: 'not-a-guid', out });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors).toEqual([
        expect.stringMatching(/^bots\[0\]\.botId: must match pattern .*\(got "not-a-guid"\)$/),
        expect.stringMatching(/^webApplicationInfo\.id: must match pattern .*\(got "not-a-guid"\)$/),
      ]);
      expect(() => readFileSync(out)).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('npm run package', () => {
    const run = promisify(execFile);
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const env = {
      PATH: process.env.PATH ?? '',
      PUBLIC_URL: 'https://candor.example.gov',
      BOT_APP_ID: VALUES.botId,
    };

    it('prints the path of the zip it wrote', async () => {
      const dir = tempDir();
      try {
        const out = path.join(dir, 'app.zip');
        const { stdout, stderr } = await run(
          tsx,
          ['manifest/package.ts', '--app-id', DEMO_APP_ID, '--version', '2.0.0', '--out', out],
          {
            cwd: REPO_ROOT,
            env,
          },
        );
        expect(stdout.trim()).toBe(out);
        expect(stderr).toBe('');
        const zip = await JSZip.loadAsync(readFileSync(out));
        expect(JSON.parse(await zip.file('manifest.json')!.async('string'))).toMatchObject({
          version: '2.0.0',
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('prints each error and exits 1 on an invalid manifest', async () => {
      const failed = await run(
        tsx,
        ['manifest/package.ts', '--version', 'v2', '--out', path.join(os.tmpdir(), 'never.zip')],
        {
          cwd: REPO_ROOT,
          env,
        },
      ).then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('version: must be MAJOR.MINOR.PATCH, such as 1.0.0 (got "v2")');
    });

    it('warns when it packages the demo bot id or a plain-http public URL', async () => {
      const dir = tempDir();
      try {
        const { stderr } = await run(tsx, ['manifest/package.ts', '--out', path.join(dir, 'app.zip')], {
          cwd: REPO_ROOT,
          env: { PATH: env.PATH },
        });
        expect(stderr).toContain(`BOT_APP_ID is not set: the package names the demo bot ${DEMO_BOT_ID}`);
        expect(stderr).toContain('PUBLIC_URL is http://127.0.0.1:3978: Teams loads tabs only over https');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
