/**
 * Drives the Microsoft 365 Agents Playground from end-to-end tests through its own HTTP API and its two
 * WebSockets, with no browser. Each call starts a private Playground (child process, loopback only, a
 * free port), so test files can run in parallel.
 *
 * What the Playground shows on its conversation WebSocket is what its UI shows: the current user's
 * chats only. Messages the bot sends into a 1:1 chat it started with someone else (POST /v3/conversations)
 * never appear there; the driver reads them from the Playground's log WebSocket instead (`seenOn: 'log'`).
 */
import { type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { z } from 'zod';
import { readOrgChart, renderPlaygroundConfig, REPO_ROOT } from '../../scripts/playground-config';
import { logTail, serviceUrl, spawnPlayground, waitForListening } from '../../scripts/playground';

export interface PlaygroundOptions {
  botEndpoint: string;
  /** Default: a free port. */
  port?: number;
  /** Someone else than Alex Kim as the current user (a config generated from the org chart). */
  currentUserId?: string;
}

export interface PlaygroundUser {
  /** `from.id` in activities; in this tenant it is the org chart (Entra object) id. */
  id: string;
  aadObjectId: string;
  name: string;
  email: string;
}

export interface PlaygroundIds {
  tenantId: string;
  botId: string;
  botName: string;
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChatId: string;
  groupChatId: string;
  teamId: string;
}

export interface CardAttachment {
  contentType: string;
  content: unknown;
}

export interface PlaygroundMessage {
  action: 'create' | 'update';
  conversationId: string;
  messageId: string;
  fromId: string;
  text?: string;
  attachments: CardAttachment[];
  /** `chat`: the conversation WebSocket (the UI's view); `log`: another user's 1:1 chat, via the log WebSocket. */
  seenOn: 'chat' | 'log';
}

export interface InvokeRequest {
  from: string;
  conversationId: string;
  /** The message id of the card whose Action.Execute is pressed. */
  replyToId: string;
  verb: string;
  data?: Record<string, unknown>;
}

/** What the Playground returns from an invoke: the bot's invoke response body without its statusCode. */
export interface InvokeResult {
  type?: string;
  value?: unknown;
}

export interface Playground {
  url: string;
  port: number;
  serviceUrl: string;
  stop(): Promise<void>;
  config(): Promise<PlaygroundIds>;
  /**
   * Sends a message as `fromUserId`, by default into their 1:1 chat with the bot. In a 1:1 chat it
   * resolves once the bot has answered the Playground's HTTP request, with the bot's status code.
   * Users other than the current one can only write in the 1:1 chat the bot opened with them.
   */
  sendMessage(
    fromUserId: string,
    text: string,
    conversationId?: string,
  ): Promise<{ messageId: string; botStatus?: number }>;
  /** installationUpdate + conversationUpdate(membersAdded); resolves once the bot has handled both. */
  install(conversationId?: string): Promise<void>;
  invoke(request: InvokeRequest): Promise<InvokeResult>;
  messages(): PlaygroundMessage[];
  waitForMessage(
    predicate: (m: PlaygroundMessage) => boolean,
    timeoutMs?: number,
  ): Promise<PlaygroundMessage>;
  /** The 1:1 chat of this user with the bot, if it exists (another user's exists once the bot created it). */
  chatWith(userId: string): string | undefined;
}

export class PlaygroundHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body}`);
  }
}

const BOT_LABEL = 'User Application'; // the Playground's name for the bot in its log entries

const attachmentSchema = z.object({ contentType: z.string(), content: z.unknown() });
const chatFrameSchema = z.object({
  action: z.string(),
  actionConversationId: z.string().optional(),
  message: z
    .object({
      messageId: z.string(),
      from: z.object({ id: z.string() }),
      text: z.string().optional(),
      attachments: z.array(attachmentSchema).optional(),
    })
    .optional(),
});
const activitySchema = z.object({
  type: z.string().optional(),
  text: z.string().optional(),
  from: z.object({ id: z.string() }).optional(),
  conversation: z.object({ id: z.string() }).optional(),
  attachments: z.array(attachmentSchema).optional(),
});
const logFrameSchema = z.object({
  log: z.object({
    activityName: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    request: z.object({ body: z.unknown() }).optional(),
    response: z.object({ statusCode: z.number(), body: z.unknown() }).optional(),
  }),
});
const createConversationSchema = z.object({ members: z.array(z.object({ id: z.string() })).min(1) });
const idBodySchema = z.object({ id: z.string() });
const userSchema = z.object({ id: z.string(), aadObjectId: z.string(), name: z.string(), email: z.string() });
const configSchema = z.object({
  config: z.object({
    tenantId: z.string(),
    bot: z.object({ id: z.string(), name: z.string() }),
    currentUser: userSchema,
    users: z.array(userSchema),
    personalChat: z.object({ id: z.string() }),
    groupChats: z.array(z.object({ id: z.string() })),
    teams: z.array(z.object({ id: z.string() })),
  }),
});

/** A request the Playground made to the bot, once the bot answered it. */
interface BotTurn {
  activity: z.infer<typeof activitySchema>;
  status: number;
}

// Children still running when the test process exits are killed (one listener per process).
const LIVE = Symbol.for('candor.playground.children');
const registry = globalThis as { [LIVE]?: Set<ChildProcess> };
const live = registry[LIVE] ?? new Set<ChildProcess>();
if (!registry[LIVE]) {
  registry[LIVE] = live;
  process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function killAndWait(child: ChildProcess): Promise<void> {
  live.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function openSocket(url: string, onMessage: (data: string) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('message', (data) => onMessage(String(data)));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Launches the Playground; retries on a new port when another process took the chosen one meanwhile. */
async function launch(
  options: PlaygroundOptions,
  cwd: string,
  logFile: string,
): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawnPlayground({ botEndpoint: options.botEndpoint, port, cwd, logFile });
    live.add(child);
    child.stderr?.resume();
    let listening: number;
    try {
      listening = await waitForListening(child);
    } catch (e) {
      await killAndWait(child);
      throw new Error(`${(e as Error).message}\n${logTail(logFile)}`);
    }
    child.stdout?.resume();
    if (listening === port) return { child, port };
    await killAndWait(child); // the Playground fell back to a random port: its service URL would be wrong
    if (options.port !== undefined || attempt >= 3)
      throw new Error(`Port ${port} was taken; the Playground moved to ${listening}`);
  }
}

async function waitForBackend(child: ChildProcess, base: string, logFile: string): Promise<void> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(100)) {
    if (child.exitCode !== null)
      throw new Error(`The Playground exited (code ${child.exitCode}).\n${logTail(logFile)}`);
    const res = await fetch(`${base}/_debug/ping`).catch(() => null);
    if (res?.ok) return;
  }
  throw new Error(`The Playground's API did not come up.\n${logTail(logFile)}`);
}

async function readIds(base: string): Promise<PlaygroundIds> {
  const res = await fetch(`${base}/_internal/v1/testConfig`);
  const { config } = configSchema.parse(await res.json());
  return {
    tenantId: config.tenantId,
    botId: config.bot.id,
    botName: config.bot.name,
    currentUser: config.currentUser,
    users: config.users,
    personalChatId: config.personalChat.id,
    groupChatId: config.groupChats[0]?.id ?? '',
    teamId: config.teams[0]?.id ?? '',
  };
}

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'candor-playground-'));
  const logFile = path.join(dir, 'm365agentsplayground.log');
  let cwd = REPO_ROOT;
  if (options.currentUserId) {
    await writeFile(
      path.join(dir, '.m365agentsplayground.yml'),
      renderPlaygroundConfig(readOrgChart(), options.currentUserId),
    );
    cwd = dir;
  }
  const { child, port } = await launch(options, cwd, logFile);
  const base = `http://127.0.0.1:${port}`;

  const seen: PlaygroundMessage[] = [];
  const turns: BotTurn[] = [];
  const otherChats = new Map<string, string>(); // user id → conversation id of their 1:1 chat with the bot
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((l) => l());

  const onChatFrame = (data: string): void => {
    const frame = chatFrameSchema.safeParse(JSON.parse(data));
    if (!frame.success || !frame.data.message) return;
    const { action, actionConversationId, message } = frame.data;
    if (action !== 'createMessage' && action !== 'updateMessage') return;
    seen.push({
      action: action === 'createMessage' ? 'create' : 'update',
      conversationId: actionConversationId ?? '',
      messageId: message.messageId,
      fromId: message.from.id,
      text: message.text,
      attachments: message.attachments ?? [],
      seenOn: 'chat',
    });
    notify();
  };

  const onLogFrame = (ids: PlaygroundIds, data: string): void => {
    const frame = logFrameSchema.safeParse(JSON.parse(data));
    if (!frame.success) return;
    const { activityName, from, to, request, response } = frame.data.log;
    if (!request || !response) return;
    if (to === BOT_LABEL) {
      const activity = activitySchema.safeParse(request.body);
      if (activity.success) turns.push({ activity: activity.data, status: response.statusCode });
    } else if (from === BOT_LABEL && activityName === 'createConversation') {
      const params = createConversationSchema.safeParse(request.body);
      const created = idBodySchema.safeParse(response.body);
      const member = params.success ? params.data.members[0]?.id : undefined;
      if (member && created.success && member !== ids.currentUser.id) otherChats.set(member, created.data.id);
    } else if (from === BOT_LABEL) {
      // The bot posting (201) or updating (200) a message in someone else's 1:1 chat.
      const activity = activitySchema.safeParse(request.body);
      const result = idBodySchema.safeParse(response.body);
      const conversationId = activity.success ? activity.data.conversation?.id : undefined;
      const isOtherChat = conversationId !== undefined && [...otherChats.values()].includes(conversationId);
      if (activity.success && result.success && isOtherChat && activity.data.type === 'message') {
        seen.push({
          action: response.statusCode === 201 ? 'create' : 'update',
          conversationId,
          messageId: result.data.id,
          fromId: activity.data.from?.id ?? ids.botId,
          text: activity.data.text,
          attachments: activity.data.attachments ?? [],
          seenOn: 'log',
        });
      }
    }
    notify();
  };

  const connect = async (): Promise<{ ids: PlaygroundIds; sockets: WebSocket[] }> => {
    await waitForBackend(child, base, logFile);
    const loaded = await readIds(base);
    const opened = await Promise.all([
      openSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`, onChatFrame),
      openSocket(`ws://127.0.0.1:${port}/_ws/log/stream`, (data) => onLogFrame(loaded, data)),
    ]);
    return { ids: loaded, sockets: opened };
  };
  const { ids, sockets } = await connect().catch(async (e: unknown) => {
    await killAndWait(child);
    await rm(dir, { recursive: true, force: true });
    throw e;
  });

  function waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = find();
        if (found === undefined) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  }

  async function post(pathname: string, body: unknown, what: string): Promise<string> {
    const res = await fetch(`${base}${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new PlaygroundHttpError(res.status, text, what);
    return text;
  }

  /** The message API, as the UI uses it. */
  async function postAsCurrentUser(text: string, conversation: string): Promise<string> {
    const body = await post(
      `/_conversation/v1/conversations/${encodeURIComponent(conversation)}/messages`,
      { from: { id: ids.currentUser.id }, text, textFormat: 'plain' },
      'sendMessage',
    );
    return z.object({ messageId: z.string() }).parse(JSON.parse(body)).messageId;
  }

  /**
   * The message API delivers every message as from the current user, whatever its `from` says, so
   * another user's message goes as a custom activity shaped like the Playground's own messages.
   */
  async function postAsOtherUser(userId: string, text: string, conversation: string): Promise<string> {
    const user = ids.users.find((u) => u.id === userId);
    if (!user || otherChats.get(userId) !== conversation)
      throw new Error(`${userId} can only write in the 1:1 chat the bot opened with them`);
    const id = randomUUID();
    const activity = {
      type: 'message',
      id,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: serviceUrl(port),
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: ids.botId, name: ids.botName },
      conversation: { id: conversation, conversationType: 'personal', tenantId: ids.tenantId },
      channelData: { tenant: { id: ids.tenantId } },
      text,
      textFormat: 'plain',
      locale: 'en-US',
    };
    await post('/_internal/v1/customActivities', activity, 'sendMessage');
    return id;
  }

  const chatWith = (userId: string): string | undefined =>
    userId === ids.currentUser.id ? ids.personalChatId : otherChats.get(userId);

  return {
    url: base,
    port,
    serviceUrl: serviceUrl(port),
    config: async () => ids,
    chatWith,
    messages: () => [...seen],
    waitForMessage: (predicate, timeoutMs = 10_000) =>
      waitFor(() => seen.find(predicate), timeoutMs, 'a matching message'),

    async sendMessage(fromUserId, text, conversationId) {
      const conversation = conversationId ?? chatWith(fromUserId);
      if (!conversation) throw new Error(`${fromUserId} has no 1:1 chat with the bot yet`);
      const mark = turns.length;
      const isCurrentUser = fromUserId === ids.currentUser.id;
      const messageId = isCurrentUser
        ? await postAsCurrentUser(text, conversation)
        : await postAsOtherUser(fromUserId, text, conversation);
      const isOneToOne =
        conversation === ids.personalChatId || [...otherChats.values()].includes(conversation);
      if (!isOneToOne) return { messageId }; // in group chats and channels only @mentions reach the bot
      const turn = await waitFor(
        () =>
          turns
            .slice(mark)
            .find(
              (t) =>
                t.activity.type === 'message' &&
                t.activity.text === text &&
                t.activity.from?.id === fromUserId &&
                t.activity.conversation?.id === conversation,
            ),
        15_000,
        `the bot to answer "${text}"`,
      );
      return { messageId, botStatus: turn.status };
    },

    async install(conversationId = ids.personalChatId) {
      const mark = turns.length;
      await post(`/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {}, 'install');
      const handled = (type: string) => (): BotTurn | undefined =>
        turns
          .slice(mark)
          .find((t) => t.activity.type === type && t.activity.conversation?.id === conversationId);
      await Promise.all([
        waitFor(handled('installationUpdate'), 15_000, 'installationUpdate'),
        waitFor(handled('conversationUpdate'), 15_000, 'conversationUpdate'),
      ]);
    },

    async invoke({ from, conversationId, replyToId, verb, data = {} }) {
      const body = await post(
        '/_conversation/v1/invoke',
        {
          name: 'adaptiveCard/action',
          from: { id: from },
          conversation: { id: conversationId },
          replyToId,
          value: { action: { type: 'Action.Execute', verb, data } },
        },
        'invoke',
      );
      return z.object({ type: z.string().optional(), value: z.unknown() }).parse(JSON.parse(body));
    },

    async stop() {
      sockets.forEach((ws) => ws.terminate());
      await killAndWait(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
