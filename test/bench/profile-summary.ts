/**
 * Reads a V8 CPU profile (.cpuprofile, as the inspector's Profiler.stop returns it) and says where the
 * time went: self time by component (app code, botbuilder, restify, pg, kysely, pg-boss, node core, GC),
 * the hottest functions, and the CPU spent under a few frames of interest (synchronous parts only: an
 * `await` starts a new stack, so a frame's inclusive time is a lower bound).
 */
import path from 'node:path';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const REPO = path.join(__dirname, '..', '..');

/** The component a frame belongs to. */
export function componentOf(frame: CpuProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return 'V8: garbage collector';
    if (functionName === '(program)') return 'V8/native: (program)';
    if (
      /^(writev|writeBuffer|writeUtf8String|writeLatin1String|writeAsciiString|writeUcs2String)$/.test(
        functionName,
      )
    )
      return 'native: socket writes (write syscalls)';
    return 'V8 built-ins and native bindings';
  }
  if (url.startsWith('node:')) {
    const m = /^node:(?:internal\/)?([^/]+)/.exec(url);
    return `node core: ${m?.[1] ?? url}`;
  }
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    if (
      /^(pg|pg-pool|pg-protocol|pg-types|pg-connection-string|postgres-.*|pgpass|buffer-writer|packet-reader)$/.test(
        pkg,
      )
    )
      return 'pg driver';
    if (
      /^(botbuilder|botbuilder-core|botframework-.*|@azure\/.*|@azure\/ms-rest-js|@azure\/core-.*|adaptivecards|botbuilder-stdlib|uuid|jsonwebtoken|jwks-rsa|axios)$/.test(
        pkg,
      )
    )
      return `botbuilder stack (${pkg})`;
    if (
      /^(restify|restify-errors|find-my-way|send|mime|formidable|qs|spdy|negotiator|csv|once|vasync|verror|assert-plus|lru-cache|escape-regexp-component|bunyan|ewma|http-signature|pidusage|semver|mime-db)$/.test(
        pkg,
      )
    )
      return `restify (${pkg})`;
    if (pkg === 'tsx' || pkg === 'esbuild' || pkg === 'get-tsconfig') return 'tsx loader';
    return pkg;
  }
  const rel = path.relative(REPO, file);
  if (rel.startsWith('test/bench/')) return 'bench instrumentation (spans)';
  if (rel.startsWith('src/') || rel.startsWith('bot/')) return `app: ${rel.split('/').slice(0, 2).join('/')}`;
  return rel || file;
}

function frameName(frame: CpuProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url.startsWith('file://') ? decodeURIComponent(new URL(frame.url).pathname) : frame.url;
  const nm = file.lastIndexOf('node_modules/');
  const short = nm >= 0 ? file.slice(nm + 'node_modules/'.length) : path.relative(REPO, file) || file;
  return `${name} ${short}:${frame.lineNumber + 1}`;
}

/** Frames of interest: label → predicate on a frame. */
const FRAMES: Array<[string, (f: CpuProfileNode['callFrame']) => boolean]> = [
  [
    'restify: request handling (routing, plugins, body parser)',
    (f) =>
      /\/restify\/lib\/(server|chain)\.js/.test(f.url) &&
      /^(_onRequest|_runRoute|_runUse|_runPre|_handle|run)$/.test(f.functionName),
  ],
  ['botbuilder: CloudAdapter.process', (f) => /cloudAdapter\.js/.test(f.url) && f.functionName === 'process'],
  [
    'botframework: ConnectorFactory.create (ConnectorClient per turn)',
    (f) => /connectorFactoryImpl\.js/.test(f.url) && f.functionName === 'create',
  ],
  [
    'botframework: ConnectorClient / ServiceClient constructors',
    (f) => /^(ConnectorClient|ConnectorClientContext|ServiceClient)$/.test(f.functionName),
  ],
  [
    'botbuilder: TurnContext construction',
    (f) => f.functionName === 'TurnContext' && /turnContext\.js/.test(f.url),
  ],
  [
    'app: CardActions.handle (sync part)',
    (f) => /bot\/card-actions\.ts/.test(f.url) && f.functionName === 'handle',
  ],
  [
    'app: decideDisclosure (sync part)',
    (f) => /decide-disclosure\.ts/.test(f.url) && f.functionName === 'decideDisclosure',
  ],
  [
    'app: review card build (reviewCard)',
    (f) => /bot\/cards\/review\.ts/.test(f.url) && f.functionName === 'reviewCard',
  ],
  ['app: cards/* (all card building)', (f) => /\/bot\/cards\//.test(f.url)],
  ['app: withBanner', (f) => /bot\/banner\.ts/.test(f.url)],
  ['app: audit hash (hashEntry)', (f) => /hash-chain\.ts/.test(f.url) && f.functionName === 'hashEntry'],
  [
    'kysely: query compilation',
    (f) =>
      /kysely\/.*(query-compiler|compile)/.test(f.url) ||
      (f.functionName === 'compile' && /kysely/.test(f.url)),
  ],
  ['pg: message parsing (pg-protocol parser)', (f) => /pg-protocol\/dist\/parser\.js/.test(f.url)],
  ['pg: Client.query & result building', (f) => /\/pg\/lib\/(client|query|result)\.js/.test(f.url)],
  ['pg-boss: any frame', (f) => /node_modules\/pg-boss\//.test(f.url)],
  ['pino: any frame', (f) => /node_modules\/pino/.test(f.url)],
  ['JSON.parse', (f) => !f.url && f.functionName === 'parse'],
  ['JSON.stringify', (f) => !f.url && f.functionName === 'stringify'],
];

export function summarizeProfile(profile: CpuProfile, requests: number, top = 20): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  // Samples under the inspector's own calls (stopping the profiler) are not the app's.
  const profilerNodes = new Set<number>();
  for (const n of profile.nodes) {
    for (let cur: number | undefined = n.id; cur !== undefined; cur = parent.get(cur)) {
      if (byId.get(cur)!.callFrame.url === 'node:inspector') {
        profilerNodes.add(n.id);
        break;
      }
    }
  }
  for (const id of profilerNodes) selfUs.delete(id);

  const totalUs = [...selfUs.values()].reduce((s, x) => s + x, 0);
  let idleUs = 0;
  const byComponent = new Map<string, number>();
  const byFunction = new Map<string, { us: number; component: string }>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const comp = componentOf(node.callFrame);
    if (comp === '(idle)') {
      idleUs += us;
      continue;
    }
    byComponent.set(comp, (byComponent.get(comp) ?? 0) + us);
    const fn = frameName(node.callFrame);
    const f = byFunction.get(fn) ?? { us: 0, component: comp };
    f.us += us;
    byFunction.set(fn, f);
    // Inclusive time for the frames of interest: count each label once per stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      for (const [label, match] of FRAMES) {
        if (!seen.has(label) && match(frame)) {
          seen.add(label);
          inclusive.set(label, (inclusive.get(label) ?? 0) + us);
        }
      }
    }
  }
  const busyUs = totalUs - idleUs;
  const perReq = (us: number) => (us / 1000 / Math.max(1, requests)).toFixed(3);
  const pct = (us: number) => `${((100 * us) / Math.max(1, busyUs)).toFixed(1)}%`;
  const lines: string[] = [];
  lines.push(
    `CPU profile of the app process over the load window: ${(totalUs / 1e6).toFixed(2)} s sampled, ` +
      `${(busyUs / 1e6).toFixed(2)} s busy (${((100 * busyUs) / Math.max(1, totalUs)).toFixed(0)}%), ` +
      `${perReq(busyUs)} ms of CPU per approve (jobs included).`,
  );
  lines.push('');
  lines.push('| component (self time) | ms/approve | share of busy |');
  lines.push('|---|---:|---:|');
  for (const [comp, us] of [...byComponent.entries()].sort((a, b) => b[1] - a[1]).slice(0, 18))
    lines.push(`| ${comp} | ${perReq(us)} | ${pct(us)} |`);
  lines.push('');
  lines.push('| frames of interest (inclusive, synchronous part) | ms/approve | share of busy |');
  lines.push('|---|---:|---:|');
  for (const [label] of FRAMES) {
    const us = inclusive.get(label) ?? 0;
    lines.push(`| ${label} | ${perReq(us)} | ${pct(us)} |`);
  }
  lines.push('');
  lines.push(`| hottest functions (self time) | component | ms/approve | share of busy |`);
  lines.push('|---|---|---:|---:|');
  for (const [fn, f] of [...byFunction.entries()].sort((a, b) => b[1].us - a[1].us).slice(0, top))
    lines.push(`| \`${fn}\` | ${f.component} | ${perReq(f.us)} | ${pct(f.us)} |`);
  return lines;
}
