/**
 * Bench plumbing: child processes run with tsx and driven over IPC (request → reply), free loopback
 * ports, /proc readings (RSS, PSS, CPU time), and clean stops that reach only what the bench started.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const TSX_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- IPC: parent side

interface Reply {
  replyTo: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** A bench child (a node process with the tsx loader) that answers commands over IPC. */
export class BenchChild<Ready = unknown> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly ready: Promise<Ready>;
  readonly exited: Promise<number | null>;
  private stderrTail = '';

  private constructor(
    readonly child: ChildProcess,
    readyTimeoutMs: number,
  ) {
    let onReady!: (v: Ready) => void;
    let onFail!: (e: Error) => void;
    this.ready = new Promise<Ready>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    const timer = setTimeout(
      () => onFail(new Error(`child did not get ready in ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    );
    child.stderr?.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-4000);
      if (process.env.BENCH_VERBOSE) process.stderr.write(d);
    });
    child.on('message', (m: unknown) => {
      const msg = m as { type?: string; ready?: Ready; error?: string } & Partial<Reply>;
      if (msg.type === 'ready') {
        clearTimeout(timer);
        onReady(msg.ready as Ready);
      } else if (msg.type === 'failed') {
        clearTimeout(timer);
        onFail(new Error(`child failed: ${msg.error}`));
      } else if (typeof msg.replyTo === 'number') {
        const p = this.pending.get(msg.replyTo);
        this.pending.delete(msg.replyTo);
        if (!p) return;
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new Error(msg.error));
      }
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        clearTimeout(timer);
        onFail(new Error(`child exited (${code}) before it was ready.\n${this.stderrTail}`));
        for (const p of this.pending.values())
          p.reject(new Error(`child exited (${code}).\n${this.stderrTail}`));
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  /** Fork `script` (a .ts file) with the tsx loader; extra node flags in `nodeArgs`. */
  static start<R>(
    script: string,
    opts: { env?: Record<string, string>; nodeArgs?: string[]; readyTimeoutMs?: number } = {},
  ): BenchChild<R> {
    const child = fork(script, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx', ...(opts.nodeArgs ?? [])],
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    return new BenchChild<R>(child, opts.readyTimeoutMs ?? 180_000);
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(cmd: string, args: unknown = {}, timeoutMs = 300_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`child command ${cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, cmd, args });
    });
  }

  /** Ask it to stop (command `stop`), then SIGTERM, then SIGKILL: always this child's pid only. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.call('stop', {}, timeoutMs).catch(() => undefined);
    const done = await Promise.race([
      this.exited.then(() => true),
      sleep(timeoutMs, undefined, { ref: false }).then(() => false),
    ]);
    if (done) return;
    this.child.kill('SIGTERM');
    const termed = await Promise.race([
      this.exited.then(() => true),
      sleep(5000, undefined, { ref: false }).then(() => false),
    ]);
    if (!termed) this.child.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------- IPC: child side

export type Handler = (args: Record<string, unknown>) => Promise<unknown> | unknown;

/** In a bench child: answer the parent's commands; `stop` runs `onStop` then exits. Parent gone → stop. */
export function serveParent(handlers: Record<string, Handler>, onStop: () => Promise<void>): void {
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await onStop().catch((e: unknown) => console.error('bench child: error while stopping', e));
    process.exit(code);
  };
  process.on('message', (m: unknown) => {
    const { id, cmd, args } = m as { id: number; cmd: string; args: Record<string, unknown> };
    if (cmd === 'stop') {
      process.send?.({ replyTo: id, ok: true });
      void stop(0);
      return;
    }
    const h = handlers[cmd];
    if (!h) {
      process.send?.({ replyTo: id, ok: false, error: `unknown command ${cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => h(args ?? {}))
      .then(
        (result) => process.send?.({ replyTo: id, ok: true, result }),
        (e: unknown) =>
          process.send?.({ replyTo: id, ok: false, error: e instanceof Error ? e.stack : String(e) }),
      );
  });
  process.on('disconnect', () => void stop(1));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
}

export function announceReady(ready: unknown): void {
  process.send?.({ type: 'ready', ready });
}

export function announceFailure(e: unknown): void {
  process.send?.({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}

// ---------------------------------------------------------------- /proc readings

/** Resident set size of a process, in bytes (VmRSS), or null. */
export function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Proportional set size (shared pages split between sharers), in bytes, or null. */
export function pssOf(pid: number): number | null {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/**
 * User + system CPU time of a process so far, in ms, or 0. With `withReapedChildren`, plus that of its
 * children that have exited and been waited for (a PostgreSQL backend that closed is counted there).
 */
export function cpuMsOf(pid: number, withReapedChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(f[11]) + Number(f[12]);
    const reaped = withReapedChildren ? Number(f[13]) + Number(f[14]) : 0;
    return (own + reaped) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU ms of a PostgreSQL cluster: its live processes, plus the backends that have exited. */
export function postgresCpuMs(pgDir: string): number {
  const [postmaster, ...children] = postgresPids(pgDir);
  if (postmaster === undefined) return 0;
  return cpuMsOf(postmaster, true) + children.reduce((s, pid) => s + cpuMsOf(pid), 0);
}

/** Whole-machine CPU time so far from /proc/stat, in ms summed over CPUs: busy (not idle/iowait) and stolen. */
export function machineCpuMs(): { busy: number; steal: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return { busy: (user + nice + system + irq + softirq) * TICK_MS, steal: steal * TICK_MS };
  } catch {
    return { busy: 0, steal: 0 };
  }
}

/** Pids of the PostgreSQL server processes of the cluster in `pgDir` (postmaster and its children). */
export function postgresPids(pgDir: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  const pids = [postmaster];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

// ---------------------------------------------------------------- spawned commands (start-up timing)

export interface Spawned {
  child: ChildProcess;
  output(): string;
  closed: Promise<void>;
}

/** Spawn a command in its own process group (so a stop reaches what it started, and nothing else). */
export function spawnGroup(cmd: string, args: string[], env: Record<string, string>): Spawned {
  const child = spawn(cmd, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8000)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, output: () => out, closed };
}

/**
 * SIGTERM the process this bench spawned (tsx relays it to the app, which stops its own PostgreSQL);
 * if it lingers, SIGKILL its process group (negative pid: that group only, which the bench created).
 */
export async function stopGroup(s: Spawned, timeoutMs = 20_000): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const pid = s.child.pid!;
  s.child.kill('SIGTERM');
  const done = await Promise.race([
    s.closed.then(() => true),
    sleep(timeoutMs, undefined, { ref: false }).then(() => false),
  ]);
  if (!done) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([s.closed, sleep(2000, undefined, { ref: false })]);
  }
}
