/**
 * Plays the Teams channel in tests: posts activities to the app's /api/messages as Teams would
 * (personal chat, Entra object ids, the fake connector as serviceUrl) and returns invoke responses.
 */
import { randomUUID } from 'node:crypto';
import type { FakeBotConnector } from '../fakes/bot-connector';

export interface Persona {
  id: string;
  displayName: string;
}

export interface InvokeResult {
  status: number;
  body: { statusCode?: number; type?: string; value?: unknown } | undefined;
}

export class TeamsClient {
  constructor(
    private readonly appUrl: string,
    private readonly connector: FakeBotConnector,
    private readonly tenantId: string,
  ) {}

  as(person: Persona): TeamsUser {
    return new TeamsUser(this, person);
  }

  /** The personal chat id Teams would use for this person and the bot. */
  conversationId(person: Persona): string {
    return `a:personal-${person.id}`;
  }

  activity(person: Persona, fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.connector.serviceUrl,
      from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.displayName },
      recipient: { id: '28:candor-test-bot', name: 'Candor' },
      conversation: {
        id: this.conversationId(person),
        conversationType: 'personal',
        tenantId: this.tenantId,
      },
      channelData: { tenant: { id: this.tenantId } },
      locale: 'en-US',
      ...fields,
    };
  }

  async post(activity: Record<string, unknown>): Promise<InvokeResult> {
    const res = await fetch(`${this.appUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as InvokeResult['body']) : undefined };
  }
}

export class TeamsUser {
  constructor(
    private readonly client: TeamsClient,
    readonly person: Persona,
  ) {}

  get conversationId(): string {
    return this.client.conversationId(this.person);
  }

  say(text: string): Promise<InvokeResult> {
    return this.client.post(this.client.activity(this.person, { type: 'message', text }));
  }

  install(): Promise<InvokeResult> {
    return this.client.post(
      this.client.activity(this.person, {
        type: 'installationUpdate',
        action: 'add',
      }),
    );
  }

  /** An Action.Execute click on the card in activity `replyToId` of `conversationId` (default: own chat). */
  click(
    verb: string,
    data: Record<string, unknown>,
    replyToId: string,
    conversationId = this.conversationId,
  ): Promise<InvokeResult> {
    const activity = this.client.activity(this.person, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    (activity.conversation as Record<string, unknown>).id = conversationId;
    return this.client.post(activity);
  }
}

/** The card in an invoke response, or a clear failure. */
export function cardOf(result: InvokeResult): Record<string, unknown> {
  if (result.status !== 200 || result.body?.type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`Expected a card, got HTTP ${result.status}: ${JSON.stringify(result.body)}`);
  }
  return result.body.value as Record<string, unknown>;
}

/** All text of a card (TextBlocks, facts, inputs' labels), for assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === 'string' && ['text', 'title', 'value', 'label', 'placeholder'].includes(k))
          parts.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return parts.join('\n');
}

/** Verbs of every Action.Execute in a card. */
export function cardVerbs(card: unknown): string[] {
  const verbs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && typeof o.verb === 'string') verbs.push(o.verb);
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return verbs;
}
