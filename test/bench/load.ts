/**
 * A small, bounded load loop: `concurrency` workers on keep-alive connections (node's http.Agent) post
 * one request each at a time until `count` requests are done or `maxSeconds` have passed, whichever
 * comes first. Each request has its own timeout. Latency is measured from the write to the end of the
 * response body. No wall-clock assertion: the caller prints what it got.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  url: string;
  concurrency: number;
  count: number;
  maxSeconds: number;
  /** The body of request number `i` (0-based, unique within the run). */
  body: (i: number) => string;
  /** Whether a response counts as a success. */
  ok: (status: number, body: string) => boolean;
  requestTimeoutMs?: number;
}

export interface LoadResult {
  requested: number;
  completed: number;
  failures: number;
  firstFailure?: string;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** CPU ms of the load generator itself (this process) during the run. */
  loadGenCpuMs: number;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const deadline = started + opts.maxSeconds * 1000;

  const one = (i: number): Promise<void> => {
    const body = Buffer.from(opts.body(i));
    return new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': body.length },
          timeout: opts.requestTimeoutMs ?? 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - t0;
            const text = Buffer.concat(chunks).toString();
            if (opts.ok(res.statusCode ?? 0, text)) latencies.push(ms);
            else fail(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
            resolve();
          });
          res.on('error', (e) => {
            fail(String(e));
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', (e) => {
        fail(String(e));
        resolve();
      });
      req.end(body);
    });
  };
  const fail = (why: string) => {
    failures++;
    firstFailure ??= why;
  };

  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < opts.count && performance.now() < deadline) await one(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requested: next,
    completed: latencies.length,
    failures,
    firstFailure,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    mean: latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length),
    loadGenCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
