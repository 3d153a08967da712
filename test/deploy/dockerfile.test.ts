/**
 * The Dockerfile and docs/deploy.md describe the same build: the FROM/RUN/COPY/USER/CMD steps listed in
 * the doc (between the dockerfile-steps markers) must be the Dockerfile's, in order. Also checks what
 * the image must be: non-root, production mode, port 3978, a health check on /healthz, and that what
 * it copies exists and is what the compiled app reads at run time. (Docker cannot run here; the steps
 * themselves were verified by hand, see docs/deploy.md.)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PACKS_DIR } from '../../src/policy/load-packs';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions: comments dropped, continuation lines joined, whitespace normalised. */
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  if (current.trim()) logical.push(current);
  return logical.map((l) => {
    const m = /^(\S+)\s*(.*)$/.exec(l.replace(/\s+/g, ' ').trim())!;
    return { keyword: m[1]!.toUpperCase(), args: m[2]! };
  });
}

const STEP_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'USER', 'CMD']);
const show = (i: Instruction) => `${i.keyword} ${i.args}`;

function documentedSteps(doc: string): string[] {
  const m = /<!-- dockerfile-steps:start -->\s*```[a-z]*\n([\s\S]*?)```\s*<!-- dockerfile-steps:end -->/.exec(
    doc,
  );
  if (!m) throw new Error('docs/deploy.md has no dockerfile-steps block');
  return parseDockerfile(m[1]!).map(show);
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const stages = dockerfile.reduce<Instruction[][]>((acc, i) => {
  if (i.keyword === 'FROM') acc.push([]);
  acc[acc.length - 1]?.push(i);
  return acc;
}, []);
const runtime = stages[stages.length - 1]!;

describe('the Dockerfile', () => {
  it('has the steps docs/deploy.md documents, in the same order', () => {
    const actual = dockerfile.filter((i) => STEP_KEYWORDS.has(i.keyword)).map(show);
    expect(actual).toEqual(documentedSteps(read('docs/deploy.md')));
  });

  it('is multi-stage: builds with all dependencies, runs with production ones only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages[0]!.map(show);
    expect(build).toContain('RUN npm ci');
    expect(build.some((s) => /^RUN .*npm run build\b/.test(s))).toBe(true);
    expect(build.some((s) => /^RUN .*npm run build:tab\b/.test(s))).toBe(true);
    expect(runtime.map(show).some((s) => /^RUN npm ci --omit=dev\b/.test(s))).toBe(true);
    expect(runtime[0]!.args).toMatch(/^node:20(\.\d+)*-(bookworm-)?slim\b/);
  });

  it('runs as a non-root user, set before CMD', () => {
    const users = runtime.filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1]!.args.split(':')[0]!;
    expect(['root', '0']).not.toContain(user);
    const cmdAt = runtime.findIndex((i) => i.keyword === 'CMD');
    expect(runtime.indexOf(users[users.length - 1]!)).toBeLessThan(cmdAt);
  });

  it('runs the compiled app in production mode on 0.0.0.0:3978 with a health check on /healthz', () => {
    const env = runtime
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/\bCANDOR_MODE=production\b/);
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    expect(runtime.find((i) => i.keyword === 'EXPOSE')?.args).toBe('3978');
    expect(runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args).toMatch(/\/healthz/);
    const cmd = runtime.find((i) => i.keyword === 'CMD')!;
    expect(JSON.parse(cmd.args)).toEqual(['node', 'dist/src/main.js']);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start:prod']).toBe('node dist/src/main.js');
  });

  it('copies the policy packs to where the compiled loader reads them', () => {
    // load-packs.ts reads path.join(__dirname, 'packs'); compiled, __dirname is dist/src/policy.
    const relative = path.relative(ROOT, DEFAULT_PACKS_DIR).split(path.sep).join('/');
    expect(relative).toBe('src/policy/packs');
    const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toContain(`--from=build /app/${relative} ./dist/${relative}`);
    expect(copies).toContain('--from=build /app/tab/dist ./tab/dist');
    expect(copies).toContain('--from=build /app/dist ./dist');
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const i of dockerfile.filter((x) => x.keyword === 'COPY' && !x.args.startsWith('--from'))) {
      const sources = i.args.split(' ').slice(0, -1);
      for (const src of sources) {
        expect([src, existsSync(path.join(ROOT, src))]).toEqual([src, true]);
        expect([src, ignored.includes(src) || ignored.includes(src.split('/')[0]!)]).toEqual([src, false]);
      }
    }
  });
});
