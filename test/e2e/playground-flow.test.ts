/**
 * The gift disclosure flow end to end through the Microsoft 365 Agents Playground: the real app
 * in-process (its own database, the Playground as its Bot Connector), driven only through the
 * Playground's own API (test/support/playground.ts), as a person would in its UI.
 *
 * Alex Kim is the current user of the Playground the app talks to. Daniel Ortiz, his manager, has either
 * the 1:1 chat the app opens with him there (which only the Playground's log stream shows), or a
 * Playground of his own, as a person trying the app by hand would run it.
 */
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { VERBS } from '../../bot/cards/verbs';
import { loadConfig } from '../../src/config/schema';
import { startApp, type RunningApp } from '../../src/composition/app';
import { createLogger } from '../../src/logging';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  startPlayground,
  type InvokeResult,
  type Playground,
  type PlaygroundIds,
  type PlaygroundMessage,
} from '../support/playground';
import { cardText, cardVerbs } from '../support/teams-client';
import { serviceUrl } from '../../scripts/playground';
import orgChart from '../../config/demo-org-chart.json';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const ORG_CHART_FILE = path.join(__dirname, '..', '..', 'config', 'demo-org-chart.json');
const WAIT_MS = 15_000;

function idOf(displayName: string): string {
  const person = orgChart.people.find((p) => p.displayName === displayName);
  if (!person) throw new Error(`No ${displayName} in the demo org chart`);
  return person.id;
}
const ALEX = idOf('Alex Kim');
const DANIEL = idOf('Daniel Ortiz');

/** Today in the agency's time zone (the app's default), which the form checks dates against. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());

/** A coworker's birthday gift worth $75, accepted: at or over $50, so the policy asks for review. */
const reviewableGift = {
  description: 'A framed print for my birthday',
  kind: 'item',
  value: '75',
  donorName: 'Chris Doe',
  donorOrganization: '',
  relationship: 'coworker',
  occasion: 'birthday',
  dateReceived: today,
  asGroupMember: 'false',
  disposition: 'accepted',
};

/** The card of a message (its first Adaptive Card attachment), or undefined. */
function cardIn(m: PlaygroundMessage): unknown {
  return m.attachments.find((a) => a.contentType === ADAPTIVE_CARD)?.content;
}

/** The card the bot answered an Action.Execute with; fails with the bot's answer otherwise. */
function answeredCard(result: InvokeResult): unknown {
  if (result.type !== ADAPTIVE_CARD) throw new Error(`Expected a card, got ${JSON.stringify(result)}`);
  return result.value;
}

/** The disclosure id the bot put on the card's actions (every disclosure action carries it). */
function disclosureIdOn(card: unknown): string {
  let found: string | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Record<string, unknown>;
    const data = o.data as Record<string, unknown> | undefined;
    if (o.type === 'Action.Execute' && typeof data?.disclosureId === 'string') found = data.disclosureId;
    else Object.values(o).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`No disclosure id on the card: ${JSON.stringify(card)}`);
  return found;
}

let database: TestDatabase | undefined;
let app: RunningApp | undefined;
/** Alex's Playground, the app's Bot Connector. */
let playground: Playground | undefined;
let ids: PlaygroundIds;
/** Playgrounds a test opens for someone else; stopped after the test, after the app. */
const otherPlaygrounds: Playground[] = [];

async function openPlaygroundAs(userId: string, port?: number): Promise<Playground> {
  const opened = await startPlayground({
    botEndpoint: `${app!.url}/api/messages`,
    currentUserId: userId,
    port,
  });
  otherPlaygrounds.push(opened);
  return opened;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeEach(async () => {
  database = await createTestDatabase();
  // The app starts first (the Playground needs its endpoint) but must know the Playground's service URL,
  // so the Playground's port is chosen beforehand; if someone takes it meanwhile, both start again.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    app = await startApp(
      loadConfig({
        DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        ORG_CHART_FILE,
        DB_POOL_SIZE: '5',
        BOT_SERVICE_URL: serviceUrl(port),
      }),
      { jobPollingSeconds: 0.5, log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') },
    );
    try {
      playground = await startPlayground({ botEndpoint: `${app.url}/api/messages`, port });
      break;
    } catch (e) {
      if (attempt >= 3 || !/was taken/.test((e as Error).message)) throw e;
      await app.stop();
      app = undefined;
    }
  }
  ids = await playground!.config();
});

afterEach(async () => {
  // Each step runs even when an earlier one, or the test, failed. The app stops first: it lets its
  // running jobs finish, which may still be talking to the Playground.
  const steps = [
    () => app?.stop(),
    () => playground?.stop(),
    ...otherPlaygrounds.splice(0).map((p) => () => p.stop()),
    () => database?.drop(),
  ];
  const errors: unknown[] = [];
  for (const step of steps) await Promise.resolve(step()).catch((e: unknown) => errors.push(e));
  playground = undefined;
  app = undefined;
  database = undefined;
  if (errors.length > 0) throw errors[0];
});

/** Alex types `gift` and sends the form; resolves with the form's message and the bot's answer. */
async function discloseGift(form: Record<string, string>) {
  const pg = playground!;
  const { botStatus } = await pg.sendMessage(ALEX, 'gift');
  expect(botStatus).toBe(200);
  const formMessage = await pg.waitForMessage(
    (m) =>
      m.action === 'create' &&
      m.conversationId === ids.personalChatId &&
      cardVerbs(cardIn(m)).includes(VERBS.submitGift),
    WAIT_MS,
  );
  const result = await pg.invoke({
    from: ALEX,
    conversationId: ids.personalChatId,
    replyToId: formMessage.messageId,
    verb: VERBS.submitGift,
    data: form,
  });
  return { formMessage, resultCard: answeredCard(result) };
}

/** The review card the app sent into the 1:1 chat it opened with Daniel. */
function reviewCardForDaniel(): Promise<PlaygroundMessage> {
  return playground!.waitForMessage(
    (m) =>
      m.action === 'create' &&
      m.conversationId === playground!.chatWith(DANIEL) &&
      cardVerbs(cardIn(m)).includes(VERBS.approve),
    WAIT_MS,
  );
}

async function disclosureState(id: string) {
  return app!.db
    .selectFrom('disclosures')
    .select(['state', 'reviewer_id', 'decided_by', 'decision_comment'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('a gift disclosure in the Agents Playground', () => {
  it('goes from Alex to his manager Daniel, who approves it, and Alex sees the decision in his chat', async () => {
    const pg = playground!;
    expect(ids.currentUser.id).toBe(ALEX);

    const isWelcome = (m: PlaygroundMessage): boolean =>
      m.conversationId === ids.personalChatId && cardText(cardIn(m)).includes('Welcome to Candor');
    await pg.install();
    await pg.waitForMessage(isWelcome, WAIT_MS);

    const { formMessage, resultCard } = await discloseGift(reviewableGift);
    // The chat stream is in order: once the form is there, a second welcome card would be too.
    expect(
      pg
        .messages()
        .filter(isWelcome)
        .map((m) => m.messageId),
    ).toHaveLength(1);
    const shown = cardText(resultCard);
    expect(shown).toMatch(/review/i);
    expect(shown).toContain('What the policy says');
    expect(shown).toContain('under $50'); // the quoted clause of the gift statute
    const disclosureId = disclosureIdOn(resultCard);
    expect(await disclosureState(disclosureId)).toMatchObject({
      state: 'pending_review',
      reviewer_id: DANIEL,
    });

    // Daniel never wrote to the bot: the app opens a 1:1 chat with him and sends the review card there.
    const review = await reviewCardForDaniel();
    expect(review).toMatchObject({ seenOn: 'log', fromId: ids.botId });
    expect(cardText(cardIn(review))).toContain('Alex Kim');
    expect(cardText(cardIn(review))).toContain('A framed print for my birthday');

    const decided = answeredCard(
      await pg.invoke({
        from: DANIEL,
        conversationId: review.conversationId,
        replyToId: review.messageId,
        verb: VERBS.approve,
        data: { disclosureId, comment: 'Fine — enjoy it.' },
      }),
    );
    expect(cardText(decided)).toContain('Your decision was recorded');
    expect(cardText(decided)).toMatch(/approved/i);
    expect(cardVerbs(decided)).not.toContain(VERBS.approve);

    // Alex's card (the form he sent, replaced by the result) is updated in place…
    const updated = await pg.waitForMessage(
      (m) =>
        m.action === 'update' &&
        m.seenOn === 'chat' &&
        m.conversationId === ids.personalChatId &&
        m.messageId === formMessage.messageId &&
        /approved/i.test(cardText(cardIn(m))),
      WAIT_MS,
    );
    expect(cardVerbs(cardIn(updated))).not.toContain(VERBS.withdraw);
    // …as is Daniel's review card, which loses its buttons…
    const reviewed = await pg.waitForMessage(
      (m) =>
        m.action === 'update' &&
        m.conversationId === review.conversationId &&
        m.messageId === review.messageId &&
        /approved/i.test(cardText(cardIn(m))),
      WAIT_MS,
    );
    expect(cardVerbs(cardIn(reviewed))).not.toContain(VERBS.approve);
    // …and he gets a notice with Daniel's comment.
    const notice = await pg.waitForMessage(
      (m) =>
        m.action === 'create' &&
        m.conversationId === ids.personalChatId &&
        cardText(cardIn(m)).includes('Fine — enjoy it.'),
      WAIT_MS,
    );
    expect(cardText(cardIn(notice))).toMatch(/approved/i);
    expect(cardText(cardIn(notice))).toContain('Daniel Ortiz');

    expect(await disclosureState(disclosureId)).toEqual({
      state: 'approved',
      reviewer_id: DANIEL,
      decided_by: DANIEL,
      decision_comment: 'Fine — enjoy it.',
    });
  });

  it('refuses an approval by someone who is not the reviewer, names the reviewer, and changes nothing', async () => {
    const pg = playground!;
    const { formMessage, resultCard } = await discloseGift(reviewableGift);
    const disclosureId = disclosureIdOn(resultCard);
    await reviewCardForDaniel();

    // Alex presses Approve on his own disclosure (a forged action on his card).
    const refused = answeredCard(
      await pg.invoke({
        from: ALEX,
        conversationId: ids.personalChatId,
        replyToId: formMessage.messageId,
        verb: VERBS.approve,
        data: { disclosureId, comment: 'Approving my own gift' },
      }),
    );
    expect(cardText(refused)).toMatch(/only daniel ortiz/i);
    expect(cardText(refused)).toContain('Nothing was changed');
    expect(await disclosureState(disclosureId)).toMatchObject({
      state: 'pending_review',
      decided_by: null,
      decision_comment: null,
    });
  });

  it('reaches Daniel in a Playground of his own, where he approves, also after it restarted on another port', async () => {
    const pg = playground!;
    // Daniel opens his Playground once, closes it, and opens it again on another port: same chat id,
    // new service URL, which the app must follow.
    const first = await openPlaygroundAs(DANIEL);
    await first.install();
    await first.stop();
    let port = await freePort();
    while (port === first.port) port = await freePort();
    const danielsPlayground = await openPlaygroundAs(DANIEL, port);
    const daniel = await danielsPlayground.config();
    expect(daniel.currentUser.id).toBe(DANIEL);
    await danielsPlayground.install();

    const { formMessage, resultCard } = await discloseGift(reviewableGift);
    const disclosureId = disclosureIdOn(resultCard);

    // The review card arrives in Daniel's own chat, as his Playground's UI shows it.
    const review = await danielsPlayground.waitForMessage(
      (m) =>
        m.action === 'create' &&
        m.seenOn === 'chat' &&
        m.conversationId === daniel.personalChatId &&
        cardVerbs(cardIn(m)).includes(VERBS.approve),
      WAIT_MS,
    );
    expect(pg.chatWith(DANIEL)).toBeUndefined(); // no chat for him in Alex's Playground

    const decided = answeredCard(
      await danielsPlayground.invoke({
        from: DANIEL,
        conversationId: daniel.personalChatId,
        replyToId: review.messageId,
        verb: VERBS.approve,
        data: { disclosureId, comment: 'Approved from my own Playground.' },
      }),
    );
    expect(cardText(decided)).toContain('Your decision was recorded');

    await pg.waitForMessage(
      (m) =>
        m.action === 'update' &&
        m.messageId === formMessage.messageId &&
        /approved/i.test(cardText(cardIn(m))),
      WAIT_MS,
    );
    await pg.waitForMessage(
      (m) =>
        m.action === 'create' &&
        m.conversationId === ids.personalChatId &&
        cardText(cardIn(m)).includes('Approved from my own Playground.'),
      WAIT_MS,
    );
    await danielsPlayground.waitForMessage(
      (m) =>
        m.action === 'update' && m.messageId === review.messageId && /approved/i.test(cardText(cardIn(m))),
      WAIT_MS,
    );
    expect(await disclosureState(disclosureId)).toMatchObject({ state: 'approved', decided_by: DANIEL });
  });

  it("sends Daniel's card once his Playground is back, when it was closed at the time of the disclosure", async () => {
    const closed = await openPlaygroundAs(DANIEL);
    await closed.install();
    await closed.stop();

    const { resultCard } = await discloseGift(reviewableGift);
    const disclosureId = disclosureIdOn(resultCard);

    // The app could not reach Daniel's chat; its job is retried, and gets through once he is back.
    let port = await freePort();
    while (port === closed.port) port = await freePort();
    const danielsPlayground = await openPlaygroundAs(DANIEL, port);
    await danielsPlayground.install();
    const review = await danielsPlayground.waitForMessage(
      (m) => m.action === 'create' && m.seenOn === 'chat' && cardVerbs(cardIn(m)).includes(VERBS.approve),
      30_000,
    );
    expect(cardText(cardIn(review))).toContain('A framed print for my birthday');
    expect(await disclosureState(disclosureId)).toMatchObject({ state: 'pending_review' });
  });
});
