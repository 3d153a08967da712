/**
 * `npm run playground`: the Microsoft 365 Agents Playground, offline and on loopback only, talking to
 * the bot at BOT_ENDPOINT (default http://127.0.0.1:3978/api/messages). Prints the URL to open.
 * PLAYGROUND_PORT picks the port (default 56150). PLAYGROUND_USER (an org chart id or display name)
 * makes someone other than Alex Kim the current user, e.g. his supervisor in a second Playground.
 * Ctrl-C stops it.
 *
 * The Playground prints only `Listening on N` when its stdout is not a terminal; everything else goes to
 * its log file (devTools/m365agentsplayground.log unless M365_AGENTS_PLAYGROUND_LOGFILE says otherwise).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLAYGROUND_CONFIG_FILE, REPO_ROOT, readOrgChart, renderPlaygroundConfig } from './playground-config';

export const PLAYGROUND_CLI = path.join(
  REPO_ROOT,
  'node_modules',
  '@microsoft',
  'm365agentsplayground',
  'cli.js',
);
export const LOOPBACK_PRELOAD = path.join(REPO_ROOT, 'scripts', 'loopback-preload.js');
export const DEFAULT_BOT_ENDPOINT = 'http://127.0.0.1:3978/api/messages';
export const DEFAULT_PLAYGROUND_PORT = 56150;

export interface PlaygroundLaunch {
  botEndpoint: string;
  port: number;
  /** Directory holding `.m365agentsplayground.yml` (the Playground reads it from its cwd). */
  cwd: string;
  logFile: string;
}

export function serviceUrl(port: number): string {
  return `http://127.0.0.1:${port}/_connector`;
}

/** Starts the Playground process; stdout is piped so `Listening on N` can be read. */
export function spawnPlayground(launch: PlaygroundLaunch): ChildProcess {
  const args = [
    '--require',
    LOOPBACK_PRELOAD,
    PLAYGROUND_CLI,
    '--app-endpoint',
    launch.botEndpoint,
    '--port',
    String(launch.port),
    '--service-url',
    serviceUrl(launch.port),
    '--channel-id',
    'msteams',
    '--disable-telemetry',
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: launch.logFile,
    // Application Insights still starts with telemetry disabled; keep its side channels off too.
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    APPLICATION_INSIGHTS_NO_DIAGNOSTIC_CHANNEL: 'true',
  };
  delete env.M365_AGENTS_PLAYGROUND_CONFIG_PATH;
  delete env.TEAMS_APP_TEST_TOOL_CONFIG_PATH;
  return spawn(process.execPath, args, { cwd: launch.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the port from `Listening on N`; rejects if the process exits first or takes too long. */
export function waitForListening(child: ChildProcess, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (fn: () => void): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      fn();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = /Listening on (\d+)/.exec(seen);
      if (match) done(() => resolve(Number(match[1])));
    };
    const onExit = (code: number | null): void =>
      done(() => reject(new Error(`The Playground exited (code ${code}) before listening. Output: ${seen}`)));
    const timer = setTimeout(
      () => done(() => reject(new Error(`The Playground did not listen within ${timeoutMs} ms`))),
      timeoutMs,
    );
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

export function logTail(logFile: string, lines = 20): string {
  if (!existsSync(logFile)) return '(no log file)';
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function main(): Promise<void> {
  const botEndpoint = process.env.BOT_ENDPOINT || DEFAULT_BOT_ENDPOINT;
  const port = Number(process.env.PLAYGROUND_PORT || DEFAULT_PLAYGROUND_PORT);
  const logFile =
    process.env.M365_AGENTS_PLAYGROUND_LOGFILE ||
    path.join(REPO_ROOT, 'devTools', 'm365agentsplayground.log');
  const chart = readOrgChart();
  if (
    !existsSync(PLAYGROUND_CONFIG_FILE) ||
    readFileSync(PLAYGROUND_CONFIG_FILE, 'utf8') !== renderPlaygroundConfig(chart)
  )
    console.warn(
      'Warning: .m365agentsplayground.yml is out of date; run `npx tsx scripts/playground-config.ts`.',
    );

  // Someone else as the current user: a config generated for them, in a directory of its own.
  let cwd = REPO_ROOT;
  const wanted = process.env.PLAYGROUND_USER?.trim();
  const user = wanted
    ? chart.people.find((p) => p.id === wanted || p.displayName.toLowerCase() === wanted.toLowerCase())
    : undefined;
  if (wanted && !user) {
    console.error(`PLAYGROUND_USER: nobody called "${wanted}" in the org chart.`);
    process.exit(1);
  }
  if (user) {
    cwd = mkdtempSync(path.join(os.tmpdir(), 'candor-playground-'));
    writeFileSync(
      path.join(cwd, path.basename(PLAYGROUND_CONFIG_FILE)),
      renderPlaygroundConfig(chart, user.id),
    );
  }

  const child = spawnPlayground({ botEndpoint, port, cwd, logFile });
  child.stderr?.pipe(process.stderr);
  let stopping = false;
  let exitCode = 0;
  const stop = (code = 0): void => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    if (child.exitCode === null) child.kill('SIGINT');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  };
  process.on('SIGINT', () => stop());
  process.on('SIGTERM', () => stop());
  child.on('exit', (code) => {
    if (!stopping) console.error(`The Playground stopped (code ${code}). Its log:\n${logTail(logFile)}`);
    process.exit(stopping ? exitCode : 1);
  });

  let listening: number;
  try {
    listening = await waitForListening(child);
  } catch (e) {
    console.error(`${(e as Error).message}\n${logTail(logFile)}`);
    stop(1);
    return;
  }
  if (listening !== port) {
    // The Playground moves to a random port when its port is taken, which breaks the service URL.
    console.error(`Port ${port} is in use (the Playground fell back to ${listening}). Set PLAYGROUND_PORT.`);
    stop(1);
    return;
  }
  console.log(
    [
      `Agents Playground:  http://127.0.0.1:${port}   <- open this in a browser`,
      `Current user:       ${user?.displayName ?? 'Alex Kim'}`,
      `Bot endpoint:       ${botEndpoint}`,
      `Service URL:        ${serviceUrl(port)}   (BOT_SERVICE_URL for 1:1 chats the bot starts)`,
      `Tenant:             ${chart.tenantId}   (TEAMS_TENANT_ID)`,
      `Playground log:     ${path.relative(process.cwd(), logFile)}`,
      'Ctrl-C stops it.',
    ].join('\n'),
  );
}

if (require.main === module) void main();
