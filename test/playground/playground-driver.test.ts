/**
 * The Agents Playground as the tests use it: its config against the demo org chart, and the driver in
 * test/support/playground.ts against a minimal botbuilder bot (CloudAdapter without app id, restify).
 */
import { readFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import os from 'node:os';
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';
import { z } from 'zod';
import {
  PLAYGROUND_CONFIG_FILE,
  readOrgChart,
  renderPlaygroundConfig,
  usersAround,
} from '../../scripts/playground-config';
import { startPlayground, type Playground, type PlaygroundIds } from '../support/playground';

const chart = readOrgChart();
function idOf(name: string): string {
  const person = chart.people.find((p) => p.displayName === name);
  if (!person) throw new Error(`${name} is not in the org chart`);
  return person.id;
}
const ALEX = idOf('Alex Kim');
const DANIEL = idOf('Daniel Ortiz');
const TANYA = idOf('Tanya Hughes');
const LUIS = idOf('Luis Romero');
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function card(title: string, verb?: string): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    version: '1.4',
    body: [{ type: 'TextBlock', text: title }],
    actions: verb ? [{ type: 'Action.Execute', title: 'Approve', verb, data: { title } }] : [],
  };
}

const cardSchema = z.object({ body: z.array(z.object({ text: z.string().optional() })) });
function cardText(content: unknown): string {
  const parsed = cardSchema.safeParse(content);
  return parsed.success ? parsed.data.body.map((b) => b.text ?? '').join(' ') : '';
}

interface TestBot {
  endpoint: string;
  received: Activity[];
  errors: string[];
  stop(): Promise<void>;
}

/**
 * `card …` answers with a card (Action.Execute `approve`); `update …` updates the last card of the chat;
 * `notify <user id>` opens a 1:1 chat with that user and sends them a card; invokes get a new card.
 */
async function startTestBot(): Promise<TestBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const received: Activity[] = [];
  const errors: string[] = [];
  const lastCard = new Map<string, string>();
  adapter.onTurnError = async (_ctx, error) => {
    errors.push(error instanceof Error ? error.message : String(error));
  };

  const notify = (ctx: TurnContext, userId: string): Promise<void> => {
    const { channelId, serviceUrl, recipient, conversation } = ctx.activity;
    const tenantId = conversation.tenantId;
    const parameters = {
      isGroup: false,
      bot: recipient,
      members: [{ id: userId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    };
    return adapter.createConversationAsync('', channelId, serviceUrl, '', parameters, async (proactive) => {
      await proactive.sendActivity({
        attachments: [CardFactory.adaptiveCard(card(`request for ${userId}`, 'approve'))],
      });
    });
  };

  const logic = async (ctx: TurnContext): Promise<void> => {
    const activity = ctx.activity;
    received.push(activity);
    if (activity.type === ActivityTypes.Message) {
      const text = (activity.text ?? '').trim();
      const [command = '', argument = ''] = text.split(' ');
      if (command === 'card') {
        const sent = await ctx.sendActivity({
          attachments: [CardFactory.adaptiveCard(card(text, 'approve'))],
        });
        if (sent) lastCard.set(activity.conversation.id, sent.id);
      } else if (command === 'update') {
        const id = lastCard.get(activity.conversation.id);
        await ctx.updateActivity({
          id,
          type: ActivityTypes.Message,
          attachments: [CardFactory.adaptiveCard(card(text))],
        });
      } else if (command === 'notify') {
        await notify(ctx, argument);
        await ctx.sendActivity(`notified ${argument}`);
      } else {
        await ctx.sendActivity(`echo: ${text}`);
      }
    } else if (activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action') {
      const { action } = z.object({ action: z.object({ verb: z.string() }) }).parse(activity.value);
      const body = {
        statusCode: 200,
        type: ADAPTIVE_CARD,
        value: card(`${action.verb} by ${activity.from.aadObjectId}`),
      };
      await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    }
  };

  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, logic);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    received,
    errors,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Whether a TCP connection to host:port succeeds. */
function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the Playground config', () => {
  it('is what scripts/playground-config.ts generates from the demo org chart (regenerate it if this fails)', () => {
    expect(readFileSync(PLAYGROUND_CONFIG_FILE, 'utf8')).toBe(renderPlaygroundConfig(chart));
  });

  it('puts Alex Kim with his managers and one holder of each role in the tenant', () => {
    const names = usersAround(chart, ALEX).map((p) => p.displayName);
    expect(names).toEqual(['Tanya Hughes', 'Marcus Bell', 'Priya Raman', 'Daniel Ortiz', 'Sam Patel']);
  });

  it('can make anyone of the org chart the current user, with their manager among five other people', () => {
    for (const person of chart.people) {
      const others = usersAround(chart, person.id).map((p) => p.id);
      expect(others).toHaveLength(5);
      expect(others).not.toContain(person.id);
      if (person.managerId) expect(others).toContain(person.managerId);
    }
  });
});

describe('the Playground driver', () => {
  let bot: TestBot;
  let playground: Playground;
  let ids: PlaygroundIds;

  beforeAll(async () => {
    bot = await startTestBot();
    playground = await startPlayground({ botEndpoint: bot.endpoint });
    ids = await playground.config();
  });

  afterAll(async () => {
    await playground?.stop();
    await bot?.stop();
  });

  const newCard = async (from: string, title: string, conversationId?: string) => {
    await playground.sendMessage(from, `card ${title}`, conversationId);
    return playground.waitForMessage(
      (m) => m.action === 'create' && cardText(m.attachments[0]?.content) === `card ${title}`,
    );
  };

  it('reports the org chart tenant, with each user known by their org chart id as id and aadObjectId', () => {
    expect(ids.tenantId).toBe(chart.tenantId);
    expect(ids.botId).toBe('28:candor-local-bot');
    expect(ids.currentUser).toMatchObject({ id: ALEX, aadObjectId: ALEX, name: 'Alex Kim' });
    expect(ids.users.map((u) => u.id)).toEqual(usersAround(chart, ALEX).map((p) => p.id));
    for (const user of ids.users) expect(user.aadObjectId).toBe(user.id);
    expect(ids.personalChatId).toBe(`a:candor-personal-${ALEX}`);
  });

  it('delivers a message from the current user in his personal chat, as Teams would shape it', async () => {
    const { botStatus } = await playground.sendMessage(ALEX, 'hello ids');
    expect(botStatus).toBe(200);
    const message = bot.received.find((a) => a.type === ActivityTypes.Message && a.text === 'hello ids');
    expect(message).toMatchObject({
      channelId: 'msteams',
      serviceUrl: playground.serviceUrl,
      from: { id: ALEX, aadObjectId: ALEX, name: 'Alex Kim' },
      recipient: { id: ids.botId, name: 'Candor' },
      conversation: { id: ids.personalChatId, conversationType: 'personal', tenantId: chart.tenantId },
      channelData: { tenant: { id: chart.tenantId } },
    });
    await playground.waitForMessage(
      (m) => m.text === 'echo: hello ids' && m.conversationId === ids.personalChatId,
    );
  });

  it('installs the bot in the personal chat with installationUpdate and conversationUpdate', async () => {
    await playground.install();
    const types = bot.received.filter((a) => a.conversation.id === ids.personalChatId).map((a) => a.type);
    expect(types).toEqual(expect.arrayContaining(['installationUpdate', 'conversationUpdate']));
    const update = bot.received.find((a) => a.type === 'conversationUpdate');
    expect(update?.membersAdded?.map((m) => m.id)).toEqual(expect.arrayContaining([ALEX, ids.botId]));
  });

  it("returns the bot's refreshed card for an Action.Execute, which the WebSocket does not broadcast", async () => {
    const sent = await newCard(ALEX, 'to approve');
    expect(sent).toMatchObject({ seenOn: 'chat', fromId: ids.botId, conversationId: ids.personalChatId });
    expect(sent.attachments[0]?.contentType).toBe(ADAPTIVE_CARD);

    const result = await playground.invoke({
      from: ALEX,
      conversationId: ids.personalChatId,
      replyToId: sent.messageId,
      verb: 'approve',
      data: { disclosureId: 'd-1' },
    });
    expect(result.type).toBe(ADAPTIVE_CARD);
    expect(cardText(result.value)).toBe(`approve by ${ALEX}`);
    const invoke = bot.received.find(
      (a) => a.type === ActivityTypes.Invoke && a.replyToId === sent.messageId,
    );
    expect(invoke).toMatchObject({
      name: 'adaptiveCard/action',
      from: { id: ALEX, aadObjectId: ALEX },
      conversation: { id: ids.personalChatId },
      value: { action: { type: 'Action.Execute', verb: 'approve', data: { disclosureId: 'd-1' } } },
    });
    expect(
      playground.messages().filter((m) => m.messageId === sent.messageId && m.action === 'update'),
    ).toEqual([]);
  });

  it('shows an updateActivity of the bot as an update of the same message id', async () => {
    const sent = await newCard(ALEX, 'to update');
    await playground.sendMessage(ALEX, 'update done');
    const updated = await playground.waitForMessage(
      (m) => m.action === 'update' && m.messageId === sent.messageId,
    );
    expect(updated).toMatchObject({ seenOn: 'chat', conversationId: ids.personalChatId });
    expect(cardText(updated.attachments[0]?.content)).toBe('update done');
  });

  it("sees the bot's proactive 1:1 chat with another user only through the log stream, where that user may act", async () => {
    expect(playground.chatWith(DANIEL)).toBeUndefined();
    await playground.sendMessage(ALEX, `notify ${DANIEL}`);
    const chat = playground.chatWith(DANIEL);
    expect(chat).toMatch(/@test\.user$/);
    const request = await playground.waitForMessage(
      (m) => m.conversationId === chat && m.action === 'create',
    );
    expect(request).toMatchObject({ seenOn: 'log', fromId: ids.botId });
    expect(cardText(request.attachments[0]?.content)).toBe(`request for ${DANIEL}`);
    expect(playground.messages().filter((m) => m.conversationId === chat && m.seenOn === 'chat')).toEqual([]);

    const result = await playground.invoke({
      from: DANIEL,
      conversationId: chat ?? '',
      replyToId: request.messageId,
      verb: 'approve',
    });
    expect(cardText(result.value)).toBe(`approve by ${DANIEL}`);

    // The same user gets the same chat again, and can write in it.
    await playground.sendMessage(ALEX, `notify ${DANIEL}`);
    expect(playground.chatWith(DANIEL)).toBe(chat);
    const { botStatus } = await playground.sendMessage(DANIEL, 'hello from Daniel');
    expect(botStatus).toBe(200);
    const message = bot.received.find((a) => a.text === 'hello from Daniel');
    expect(message).toMatchObject({ from: { id: DANIEL, aadObjectId: DANIEL }, conversation: { id: chat } });
    await playground.waitForMessage((m) => m.conversationId === chat && m.text === 'echo: hello from Daniel');
  });

  it("delivers what its message API gets as from the current user, whatever the request's from says", async () => {
    await playground.sendMessage(ALEX, `notify ${DANIEL}`);
    const chat = playground.chatWith(DANIEL) ?? '';
    const res = await fetch(
      `${playground.url}/_conversation/v1/conversations/${encodeURIComponent(chat)}/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: { id: DANIEL }, text: 'typed by Daniel', textFormat: 'plain' }),
      },
    );
    expect(res.status).toBe(200);
    await playground.waitForMessage((m) => m.text === 'echo: typed by Daniel');
    const message = bot.received.find((a) => a.text === 'typed by Daniel');
    expect(message).toMatchObject({ from: { id: ALEX, aadObjectId: ALEX }, conversation: { id: chat } });
  });

  it('refuses an invoke or a message from someone who is not in the chat', async () => {
    const sent = await newCard(ALEX, 'for Alex only');
    const invoke = playground.invoke({
      from: TANYA,
      conversationId: ids.personalChatId,
      replyToId: sent.messageId,
      verb: 'approve',
    });
    await expect(invoke).rejects.toMatchObject({
      status: 400,
      body: expect.stringContaining('UserNotFound'),
    });
    await expect(playground.sendMessage(TANYA, 'hi', ids.personalChatId)).rejects.toThrow(
      /only write in the 1:1 chat/,
    );
  });

  it('fails the bot when it writes to someone outside the Playground tenant', async () => {
    await playground.sendMessage(ALEX, `notify ${LUIS}`);
    expect(playground.chatWith(LUIS)).toBeDefined();
    expect(bot.errors).toEqual(expect.arrayContaining([expect.stringContaining('User not found')]));
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await canConnect('127.0.0.1', playground.port)).toBe(true);
    const elsewhere = Object.values(os.networkInterfaces())
      .flatMap((addresses) => addresses ?? [])
      .map((a) => a.address)
      .filter((address) => address !== '127.0.0.1' && !address.startsWith('fe80:'));
    for (const host of ['127.0.0.2', ...elsewhere])
      expect([host, await canConnect(host, playground.port)]).toEqual([host, false]);
  });
});

describe('several Playgrounds', () => {
  it('run side by side on their own ports, each with its own current user', async () => {
    const bot = await startTestBot();
    const [forAlex, forLuis] = await Promise.all([
      startPlayground({ botEndpoint: bot.endpoint }),
      startPlayground({ botEndpoint: bot.endpoint, currentUserId: LUIS }),
    ]);
    try {
      expect(forAlex.port).not.toBe(forLuis.port);
      expect((await forAlex.config()).currentUser.name).toBe('Alex Kim');
      const luis = await forLuis.config();
      expect(luis.currentUser.name).toBe('Luis Romero');
      expect(luis.users.map((u) => u.name)).toContain('Grace Okafor');
      const { botStatus } = await forLuis.sendMessage(LUIS, 'hello from Luis');
      expect(botStatus).toBe(200);
      await forLuis.waitForMessage((m) => m.text === 'echo: hello from Luis');
      expect(forAlex.messages()).toEqual([]);
    } finally {
      await Promise.all([forAlex.stop(), forLuis.stop()]);
      await bot.stop();
    }
  });
});
