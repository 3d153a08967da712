/**
 * `npm run bench`: Candor's approve invoke against two references, measured in the same run on the
 * same machine: the anchor (the smallest botbuilder bot on restify, answering the same invoke with a
 * static card) and anchor+tx (the same, plus one durable PostgreSQL transaction per invoke).
 *
 * 1. Start-up: spawn `tsx src/main.ts` (embedded PostgreSQL in a fresh DATA_DIR, then again on the same
 *    one) and `tsx test/bench/anchor-bot.ts`; time from spawn to the first 200 from /healthz.
 * 2. Load: for concurrency 1, 10 and 50, a warm-up and then a fixed number of approve invokes against
 *    each server (each app request decides a different pending disclosure): requests per second,
 *    p50/p99 latency, CPU per request, job backlog, RSS after load, and the CPU that processes outside
 *    the bench took meanwhile (a run that others disturbed says so).
 * 3. Profile: a fresh app process with timing spans (BENCH_SPANS=1) at concurrency 1, then a CPU profile
 *    (inspector, load window only) at concurrency 50.
 * 4. Campaign: a campaign to 10,000 people against the rate-limiting fake connector; wall time beside
 *    the theoretical minimum at the configured limit, duplicates and losses (test/bench/campaign.ts).
 *
 * Everything binds 127.0.0.1; every loop is bounded in count and time. It prints figures and asserts
 * nothing. Options (environment): BENCH_SCALE (request counts ×, default 1), BENCH_STARTUP=0,
 * BENCH_LOAD=0, BENCH_PROFILE=0, BENCH_CAMPAIGN=0 (skip 1, 2, 3 or 4), BENCH_CAMPAIGN_N, BENCH_PROFILE_DIR (keep the .cpuprofile there),
 * BENCH_VERBOSE=1 (children's stderr), BENCH_JOBS_WAKE=0 (diagnostic: the app's job workers are not
 * woken after commits), BENCH_WORKERS=separate (the app with JOB_WORKERS=off and a worker process).
 * See docs/benchmarks.md.
 */
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { VERBS } from '../../bot/cards/verbs';
import { BenchChild, cpuMsOf, freePort, machineCpuMs, spawnGroup, stopGroup, TSX_BIN } from './child';
import { campaignBench } from './campaign';
import { runLoad, type LoadResult } from './load';
import { summarizeProfile, type CpuProfile } from './profile-summary';
import type { SpanReport } from './spans';
import type { Backlog, Meter, Prepared, SubjectReady } from './subject-app';
import orgChart from '../../config/demo-org-chart.json';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const LEVELS = [
  { concurrency: 1, warmup: 30, count: 300 },
  { concurrency: 10, warmup: 50, count: 1000 },
  { concurrency: 50, warmup: 100, count: 2000 },
].map((l) => ({
  ...l,
  warmup: Math.max(5, Math.round(l.warmup * SCALE)),
  count: Math.max(20, Math.round(l.count * SCALE)),
}));
const PROFILE_SPANS = { concurrency: 1, warmup: 20, count: Math.max(20, Math.round(200 * SCALE)) };
const PROFILE_CPU = { concurrency: 50, warmup: 50, count: Math.max(50, Math.round(800 * SCALE)) };
const MAX_SECONDS_PER_LEVEL = 90;

const BENCH_DIR = __dirname;
const out = (line = '') => process.stdout.write(line + '\n');

interface Target {
  disclosureId: string;
  activityId: string;
}

interface Side {
  result: LoadResult;
  /** Cores' worth of CPU used by processes outside the bench during the level, and stolen by the host. */
  others: Others;
  cpuMsPerReq: number;
  pgCpuMsPerReq?: number;
  elu?: number;
  backlog?: Backlog;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  out('# Candor bench: approve invoke vs. a minimal botbuilder bot');
  out();
  out(`machine: ${os.availableParallelism()} CPU (nproc ${sh('nproc')}), ${os.cpus()[0]?.model ?? '?'}`);
  out(`memory (free -h):\n${indent(sh('free -h'))}`);
  out(
    `node ${process.version}, ${os.type()} ${os.release()}, botbuilder ${pkgVersion('botbuilder')}, restify ${pkgVersion('restify')}`,
  );
  out(
    `load average at start: ${loadavg()} (other work on this machine makes every figure worse and noisier)`,
  );
  out(`levels: ${LEVELS.map((l) => `c=${l.concurrency}: ${l.warmup} warm-up + ${l.count}`).join('; ')}`);
  out();

  const connector = BenchChild.start<{ serviceUrl: string }>(path.join(BENCH_DIR, 'connector.ts'));
  const children: BenchChild[] = [connector];
  try {
    const { serviceUrl } = await connector.ready;

    if (process.env.BENCH_STARTUP !== '0') await startupTimes(serviceUrl);
    if (process.env.BENCH_LOAD !== '0') await compare(serviceUrl, connector, children);
    if (process.env.BENCH_PROFILE !== '0') await profile(serviceUrl, connector, children);
    if (process.env.BENCH_CAMPAIGN !== '0') await campaignBench(out);
    out(
      `bench finished in ${((performance.now() - t0) / 1000).toFixed(0)} s; load average at the end: ${loadavg()}`,
    );
  } finally {
    for (const c of children.reverse()) await c.stop().catch(() => undefined);
  }
}

// -------------------------------------------------------------------- anchor vs. app

interface Others {
  cores: number;
  stealCores: number;
}

/**
 * Watches the machine during a level: its busy CPU time (from /proc/stat) minus what the bench's own
 * processes used (this process, the connector, the server and its PostgreSQL) is other work.
 */
function watchMachine(connector: BenchChild): { end(serverCpuMs: number): Others } {
  const t0 = performance.now();
  const m0 = machineCpuMs();
  const own0 = process.cpuUsage();
  const conn0 = cpuMsOf(connector.pid);
  return {
    end(serverCpuMs) {
      const wall = performance.now() - t0;
      const m = machineCpuMs();
      const own = process.cpuUsage(own0);
      const bench = (own.user + own.system) / 1000 + (cpuMsOf(connector.pid) - conn0) + serverCpuMs;
      return {
        cores: Math.max(0, (m.busy - m0.busy - bench) / wall),
        stealCores: (m.steal - m0.steal) / wall,
      };
    },
  };
}

/** The same approve activity the app gets (the app's reviewer chat id differs only in its digits). */
const ANCHOR_REVIEWER: Prepared['reviewer'] = {
  id: '11111111-0000-4000-8000-000000000004',
  teamsId: '11111111-0000-4000-8000-000000000004',
  name: 'Daniel Ortiz',
  conversationId: `a:${randomUUID()}`,
};

async function measureAnchor(
  label: string,
  env: Record<string, string>,
  serviceUrl: string,
  connector: BenchChild,
  children: BenchChild[],
): Promise<{ sides: Side[]; stats: { rss: number } }> {
  const anchor = BenchChild.start<{ url: string }>(path.join(BENCH_DIR, 'anchor-bot.ts'), { env });
  children.push(anchor);
  const { url } = await anchor.ready;
  const targets = (n: number): Target[] =>
    Array.from({ length: n }, () => ({ disclosureId: randomUUID(), activityId: randomUUID() }));
  const sides: Side[] = [];
  for (const level of LEVELS) {
    const warm = targets(level.warmup);
    const measured = targets(level.count);
    await load(url, level.concurrency, warm, ANCHOR_REVIEWER, serviceUrl, orgChart.tenantId, isCard);
    const before = await anchor.call<{ cpuMs: number; pgCpuMs: number }>('stats');
    const machine = watchMachine(connector);
    const result = await load(
      url,
      level.concurrency,
      measured,
      ANCHOR_REVIEWER,
      serviceUrl,
      orgChart.tenantId,
      isCard,
    );
    const after = await anchor.call<{ cpuMs: number; pgCpuMs: number }>('stats');
    const others = machine.end(after.cpuMs - before.cpuMs + after.pgCpuMs - before.pgCpuMs);
    const n = Math.max(1, result.completed);
    sides.push({
      result,
      others,
      cpuMsPerReq: (after.cpuMs - before.cpuMs) / n,
      pgCpuMsPerReq: (after.pgCpuMs - before.pgCpuMs) / n,
    });
    out(`${label.padEnd(9)} c=${level.concurrency}: ${fmtLoad(result)}`);
  }
  const stats = await anchor.call<{ rss: number }>('stats');
  await anchor.stop();
  return { sides, stats };
}

async function compare(serviceUrl: string, connector: BenchChild, children: BenchChild[]): Promise<void> {
  const anchor = await measureAnchor('anchor', {}, serviceUrl, connector, children);
  out();
  const anchorTx = await measureAnchor('anchor+tx', { ANCHOR_DB: '1' }, serviceUrl, connector, children);
  out();
  const anchorSides = anchor.sides;
  const anchorStats = anchor.stats;

  // ---------------------------------------------------------------- subject
  const subject = BenchChild.start<SubjectReady>(path.join(BENCH_DIR, 'subject-app.ts'), {
    env: { BENCH_SERVICE_URL: serviceUrl },
  });
  children.push(subject);
  const ready = await subject.ready;
  const total = LEVELS.reduce((s, l) => s + l.warmup + l.count, 0);
  const prepared = await subject.call<Prepared>('prepare', { count: total });
  out(
    `app: ${prepared.items.length} pending disclosures made in ${prepared.seconds.create.toFixed(1)} s (review cards sent alongside, ` +
      `the last ${prepared.seconds.cards.toFixed(1)} s after)`,
  );
  const queue = [...prepared.items];
  const take = (n: number) => queue.splice(0, n);
  const subjectSides: Side[] = [];
  for (const level of LEVELS) {
    await load(
      ready.url,
      level.concurrency,
      take(level.warmup),
      prepared.reviewer,
      serviceUrl,
      ready.tenantId,
      isDecided,
    );
    await subject.call('meterStart');
    const machine = watchMachine(connector);
    const result = await load(
      ready.url,
      level.concurrency,
      take(level.count),
      prepared.reviewer,
      serviceUrl,
      ready.tenantId,
      isDecided,
    );
    const m = await subject.call<Meter>('meterEnd');
    const others = machine.end(m.cpuMs + m.pgCpuMs);
    const n = Math.max(1, result.completed);
    subjectSides.push({
      result,
      others,
      cpuMsPerReq: m.cpuMs / n,
      pgCpuMsPerReq: m.pgCpuMs / n,
      elu: m.elu,
      backlog: m.backlog,
    });
    out(`app       c=${level.concurrency}: ${fmtLoad(result)}; jobs pending after: ${fmtBacklog(m.backlog)}`);
  }
  const subjectStats = await subject.call<{
    rss: number;
    heapUsed: number;
    pgPss: number;
    pgProcesses: number;
  }>('stats');
  const drained = await waitForDrain(subject, 15);
  const verdict = await subject.call<{ decided: number; approved: number; auditChainOk: boolean }>('verify');
  const counts = await connector.call<Record<string, number>>('counts');
  await subject.stop();
  out();

  // ---------------------------------------------------------------- table
  out('## Approve invoke: app vs. anchor (same run)');
  out();
  out(
    '| concurrency | requests | anchor req/s | app req/s | req/s ratio | anchor p50 ms | app p50 ms | anchor p99 ms | app p99 ms | p99 ratio |',
  );
  out('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  LEVELS.forEach((level, i) => {
    const a = anchorSides[i]!.result;
    const s = subjectSides[i]!.result;
    out(
      `| ${level.concurrency} | ${level.count} | ${a.rps.toFixed(0)} | ${s.rps.toFixed(0)} | ${(s.rps / a.rps).toFixed(2)}× | ` +
        `${a.p50.toFixed(2)} | ${s.p50.toFixed(2)} | ${a.p99.toFixed(2)} | ${s.p99.toFixed(2)} | ${(s.p99 / a.p99).toFixed(1)}× |`,
    );
  });
  out();
  out('Target: req/s ratio ≥ 1.00×, p99 ratio ≤ 1.0×.');
  out();
  out('Second reference, "anchor+tx": the same anchor plus one durable PostgreSQL transaction per invoke');
  out(
    '(BEGIN, upsert, insert, COMMIT on its own embedded PostgreSQL, pool of 10): the floor for recording a decision here.',
  );
  out();
  out(
    '| concurrency | anchor+tx req/s | app req/s | req/s ratio | anchor+tx p50 ms | app p50 ms | anchor+tx p99 ms | app p99 ms | p99 ratio | anchor+tx CPU ms/req |',
  );
  out('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  LEVELS.forEach((level, i) => {
    const a = anchorTx.sides[i]!.result;
    const s = subjectSides[i]!.result;
    out(
      `| ${level.concurrency} | ${a.rps.toFixed(0)} | ${s.rps.toFixed(0)} | ${(s.rps / a.rps).toFixed(2)}× | ` +
        `${a.p50.toFixed(2)} | ${s.p50.toFixed(2)} | ${a.p99.toFixed(2)} | ${s.p99.toFixed(2)} | ${(s.p99 / a.p99).toFixed(1)}× | ` +
        `${anchorTx.sides[i]!.cpuMsPerReq.toFixed(2)} + ${anchorTx.sides[i]!.pgCpuMsPerReq!.toFixed(2)} |`,
    );
  });
  out();
  out(
    '| concurrency | anchor CPU ms/req | app CPU ms/req (node) | PostgreSQL CPU ms/req | app event-loop busy | load generator CPU ms/req | failures (anchor/app) | app jobs pending after level | other processes, cores (anchor / anchor+tx / app) | CPU stolen by the host, cores |',
  );
  out('|---:|---:|---:|---:|---:|---:|---:|---|---|---|');
  LEVELS.forEach((level, i) => {
    const a = anchorSides[i]!;
    const t = anchorTx.sides[i]!;
    const s = subjectSides[i]!;
    out(
      `| ${level.concurrency} | ${a.cpuMsPerReq.toFixed(2)} | ${s.cpuMsPerReq.toFixed(2)} | ${s.pgCpuMsPerReq!.toFixed(2)} | ` +
        `${((s.elu ?? 0) * 100).toFixed(0)}% | ${(s.result.loadGenCpuMs / Math.max(1, s.result.completed)).toFixed(2)} | ` +
        `${a.result.failures}/${s.result.failures} | ${fmtBacklog(s.backlog!)} | ` +
        `${a.others.cores.toFixed(2)} / ${t.others.cores.toFixed(2)} / ${s.others.cores.toFixed(2)} | ` +
        `${Math.max(a.others.stealCores, t.others.stealCores, s.others.stealCores).toFixed(2)} |`,
    );
  });
  out();
  const worst = Math.max(...[...anchorSides, ...anchorTx.sides, ...subjectSides].map((x) => x.others.cores));
  if (worst > 0.25)
    out(
      `WARNING: other processes used up to ${worst.toFixed(2)} cores during a level (of ${os.availableParallelism()}): ` +
        'this run was disturbed; its figures are not comparable with a quiet run.',
    );
  else out(`Other processes used at most ${worst.toFixed(2)} cores during any level: a quiet run.`);
  out(
    `RSS after load: anchor ${mb(anchorStats.rss)}; app ${mb(subjectStats.rss)} (heap used ${mb(subjectStats.heapUsed)}), ` +
      `plus its PostgreSQL ${mb(subjectStats.pgPss)} PSS over ${subjectStats.pgProcesses} processes.`,
  );
  out(
    `Checks: ${verdict.decided} decisions in the audit log, ${verdict.approved} disclosures approved ` +
      `(${total} approve invokes sent); audit chain ${verdict.auditChainOk ? 'intact' : 'BROKEN'}; ` +
      `job queue ${drained.drained ? `drained ${drained.seconds.toFixed(1)} s after the last level` : `had ${drained.before} jobs pending after the last level and still ${fmtBacklog(drained.backlog)} ${drained.seconds.toFixed(0)} s later (${drained.perSecond.toFixed(1)} jobs/s once no new commit wakes the workers)`}; ` +
      `connector got ${counts.sent} sends, ${counts.updates} updates, ${counts.conversationsCreated} new chats.`,
  );
  out();
}

// -------------------------------------------------------------------- start-up

async function startupTimes(serviceUrl: string): Promise<void> {
  out('## Start-up: spawn to first 200 from /healthz');
  out();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'candor-bench-start-'));
  try {
    const env = async () => ({
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
      BOT_SERVICE_URL: serviceUrl,
    });
    const cold = await timeStart(TSX_BIN, ['src/main.ts'], await env());
    out(`app, fresh DATA_DIR (initdb, migrations, pg-boss schema): ${cold} ms`);
    const warm = await timeStart(TSX_BIN, ['src/main.ts'], await env());
    out(`app, same DATA_DIR again:                               ${warm} ms`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  for (let i = 1; i <= 2; i++) {
    const ms = await timeStart(TSX_BIN, ['test/bench/anchor-bot.ts'], { PORT: String(await freePort()) });
    out(`anchor, run ${i}:                                          ${ms} ms`);
  }
  out();
}

/** Spawn, poll /healthz every 20 ms until it answers 200 (at most 60 s), stop it; the ms to that 200. */
async function timeStart(cmd: string, args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const proc = spawnGroup(cmd, args, env);
  try {
    for (;;) {
      if (proc.child.exitCode !== null)
        throw new Error(`${args.join(' ')} exited while starting:\n${proc.output()}`);
      if ((await healthz(`http://127.0.0.1:${env.PORT}/healthz`)) === 200)
        return Math.round(performance.now() - started);
      if (performance.now() - started > 60_000)
        throw new Error(`${args.join(' ')} did not answer in 60 s:\n${proc.output()}`);
      await sleep(20);
    }
  } finally {
    await stopGroup(proc);
  }
}

function healthz(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

// -------------------------------------------------------------------- load

function load(
  url: string,
  concurrency: number,
  targets: Target[],
  reviewer: Prepared['reviewer'],
  serviceUrl: string,
  tenantId: string,
  ok: (status: number, body: string) => boolean,
): Promise<LoadResult> {
  return runLoad({
    url: `${url}/api/messages`,
    concurrency,
    count: targets.length,
    maxSeconds: MAX_SECONDS_PER_LEVEL,
    body: (i) => JSON.stringify(approveInvoke(targets[i]!, reviewer, serviceUrl, tenantId)),
    ok,
  });
}

/** Daniel's click on Approve in the review card, as Teams posts it (see test/support/teams-client.ts). */
function approveInvoke(t: Target, reviewer: Prepared['reviewer'], serviceUrl: string, tenantId: string) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: reviewer.teamsId, aadObjectId: reviewer.id, name: reviewer.name },
    recipient: { id: '28:candor-bench-bot', name: 'Candor' },
    conversation: { id: reviewer.conversationId, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: 'en-US',
    replyToId: t.activityId,
    value: {
      action: {
        type: 'Action.Execute',
        verb: VERBS.approve,
        data: { disclosureId: t.disclosureId, comment: 'Fine.' },
      },
      trigger: 'manual',
    },
  };
}

const isCard = (status: number, body: string) =>
  status === 200 && body.includes('application/vnd.microsoft.card.adaptive');
/** The app's answer when the decision was recorded (not a refusal, not an error). */
const isDecided = (status: number, body: string) =>
  status === 200 && body.includes('Your decision was recorded');

async function waitForDrain(
  subject: BenchChild,
  maxSeconds: number,
): Promise<{ drained: boolean; seconds: number; backlog: Backlog; before: number; perSecond: number }> {
  const t = performance.now();
  const pendingOf = (b: Backlog) => Object.values(b.pending).reduce((s, n) => s + n, 0);
  let before = -1;
  for (;;) {
    const backlog = await subject.call<Backlog>('backlog');
    const pending = pendingOf(backlog);
    if (before < 0) before = pending;
    const seconds = (performance.now() - t) / 1000;
    const perSecond = seconds > 0 ? (before - pending) / seconds : 0;
    if (pending === 0) return { drained: true, seconds, backlog, before, perSecond };
    if (seconds > maxSeconds) return { drained: false, seconds, backlog, before, perSecond };
    await sleep(250);
  }
}

// -------------------------------------------------------------------- profile

async function profile(serviceUrl: string, connector: BenchChild, children: BenchChild[]): Promise<void> {
  out('## Profile (a fresh app process with timing spans; CPU profile of the c=50 load window)');
  out();
  const keepDir = process.env.BENCH_PROFILE_DIR;
  const dir = keepDir ?? (await mkdtemp(path.join(os.tmpdir(), 'candor-bench-prof-')));
  const subject = BenchChild.start<SubjectReady>(path.join(BENCH_DIR, 'subject-app.ts'), {
    env: { BENCH_SERVICE_URL: serviceUrl, BENCH_SPANS: '1' },
  });
  children.push(subject);
  try {
    const ready = await subject.ready;
    const n = PROFILE_SPANS.warmup + PROFILE_SPANS.count + PROFILE_CPU.warmup + PROFILE_CPU.count;
    const prepared = await subject.call<Prepared>('prepare', { count: n });
    const queue = [...prepared.items];
    const take = (k: number) => queue.splice(0, k);
    const run = (c: number, k: number) =>
      load(ready.url, c, take(k), prepared.reviewer, serviceUrl, ready.tenantId, isDecided);

    await run(PROFILE_SPANS.concurrency, PROFILE_SPANS.warmup);
    await waitForDrain(subject, 10);
    await subject.call('spansReset');
    const r1 = await run(PROFILE_SPANS.concurrency, PROFILE_SPANS.count);
    const spans1 = await subject.call<SpanReport>('spans');
    out(
      `### Where one approve's time goes at c=${PROFILE_SPANS.concurrency} (${r1.completed} requests, p50 ${r1.p50.toFixed(2)} ms)`,
    );
    out();
    printSpans(spans1, r1.completed);
    out();

    await waitForDrain(subject, 10);
    await run(PROFILE_CPU.concurrency, PROFILE_CPU.warmup);
    await subject.call('spansReset');
    await subject.call('meterStart');
    await subject.call('profileStart', { intervalUs: 500 });
    const machine = watchMachine(connector);
    const r2 = await run(PROFILE_CPU.concurrency, PROFILE_CPU.count);
    const file = path.join(dir, 'candor-approve-c50.cpuprofile');
    await subject.call('profileStop', { file });
    const m = await subject.call<Meter>('meterEnd');
    const others = machine.end(m.cpuMs + m.pgCpuMs);
    const spans2 = await subject.call<SpanReport>('spans');
    out(
      `### At c=${PROFILE_CPU.concurrency} (${r2.completed} requests, ${r2.rps.toFixed(0)} req/s, p50 ${r2.p50.toFixed(1)} ms, p99 ${r2.p99.toFixed(1)} ms; ` +
        `node CPU ${(m.cpuMs / Math.max(1, r2.completed)).toFixed(2)} ms/req, PostgreSQL CPU ${(m.pgCpuMs / Math.max(1, r2.completed)).toFixed(2)} ms/req; ` +
        `other processes ${others.cores.toFixed(2)} cores)`,
    );
    out();
    printSpans(spans2, r2.completed);
    out();
    const prof = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
    for (const line of summarizeProfile(prof, r2.completed)) out(line);
    out();
    if (keepDir) out(`CPU profile kept in ${file} (open it in Chrome DevTools › Performance).`);
  } finally {
    await subject.stop();
    if (!keepDir) await rm(dir, { recursive: true, force: true });
  }
}

/** Spans of bot turns (`req`), per request; then the per-request SQL and the background jobs' totals. */
function printSpans(report: SpanReport, requests: number): void {
  const n = Math.max(1, requests);
  const rows = Object.entries(report).map(([key, v]) => {
    const [ctx, ...rest] = key.split(' ');
    return { ctx: ctx!, name: rest.join(' '), ...v };
  });
  const req = rows.filter((r) => r.ctx === 'req');
  const sqlRows = req.filter((r) => r.name.startsWith('sql '));
  out('| in the bot turn | calls/req | ms/req (wall) | ms/call |');
  out('|---|---:|---:|---:|');
  for (const r of req.filter((x) => !x.name.startsWith('sql ')).sort((a, b) => b.totalMs - a.totalMs))
    out(
      `| ${r.name} | ${(r.count / n).toFixed(2)} | ${(r.totalMs / n).toFixed(3)} | ${(r.totalMs / r.count).toFixed(3)} |`,
    );
  for (const r of sqlRows.sort((a, b) => b.totalMs - a.totalMs))
    out(
      `| ${r.name} | ${(r.count / n).toFixed(2)} | ${(r.totalMs / n).toFixed(3)} | ${(r.totalMs / r.count).toFixed(3)} |`,
    );
  const q = sqlRows.reduce((s, r) => s + r.count, 0);
  const jobSql = rows
    .filter((r) => r.ctx !== 'req' && r.name.startsWith('sql '))
    .reduce((s, r) => s + r.count, 0);
  out(`| **SQL statements per approve** (in the turn) | **${(q / n).toFixed(2)}** | | |`);
  out(
    `| SQL statements per approve outside the turn (jobs, pg-boss upkeep) | ${(jobSql / n).toFixed(2)} | | |`,
  );
}

// -------------------------------------------------------------------- formatting

function fmtLoad(r: LoadResult): string {
  return (
    `${r.completed}/${r.requested} ok in ${r.seconds.toFixed(2)} s = ${r.rps.toFixed(0)} req/s; ` +
    `p50 ${r.p50.toFixed(2)} ms, p90 ${r.p90.toFixed(2)}, p99 ${r.p99.toFixed(2)}, max ${r.max.toFixed(1)}` +
    (r.failures ? `; ${r.failures} FAILED (${r.firstFailure})` : '')
  );
}

function fmtBacklog(b: Backlog): string {
  const parts = Object.entries(b.pending).map(([k, v]) => `${k} ${v}`);
  if (b.failed) parts.push(`failed ${b.failed}`);
  return parts.length ? parts.join(', ') : 'none';
}

const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

function sh(cmd: string): string {
  try {
    return execSync(cmd, { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

function pkgVersion(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
