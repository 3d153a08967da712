/**
 * Timing spans for the profile run, installed in the bench's subject process only (BENCH_SPANS=1):
 * wrappers on prototypes of the app's classes, of pg's Client.query and Pool.connect, and of the
 * Bot Framework connector factory. App code is not changed. Each span is attributed to the work it
 * ran for, using the app's own log context: a bot turn (`req`), a job (`job`), or anything else.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { CloudAdapter, TeamsActivityHandler } from 'botbuilder';
import { logContext } from '../../src/logging';
import { CandorBot } from '../../bot/candor-bot';
import { CardActions } from '../../bot/card-actions';
import { PgDisclosureStore } from '../../src/store/disclosure-store';
import { PgChatStore } from '../../src/store/chat-store';
import { JobQueue } from '../../src/jobs/job-queue';

export interface SpanTotal {
  count: number;
  totalMs: number;
}

/** `${context} ${name}` → total. */
export type SpanReport = Record<string, SpanTotal>;

const totals = new Map<string, SpanTotal>();

function context(): 'req' | 'job' | 'other' {
  const store = logContext.getStore();
  if (store?.reqId !== undefined) return 'req';
  if (store?.job !== undefined) return 'job';
  return 'other';
}

function add(key: string, ms: number): void {
  const t = totals.get(key) ?? { count: 0, totalMs: 0 };
  t.count++;
  t.totalMs += ms;
  totals.set(key, t);
}

/** A name for a SQL statement: what it does, without its parameters. */
export function classifySql(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim().toLowerCase();
  const rules: Array<[RegExp, string]> = [
    [/^begin/, 'BEGIN'],
    [/^commit/, 'COMMIT'],
    [/^rollback/, 'ROLLBACK'],
    [/^select "hash" from "audit_head"/, 'audit: lock head'],
    [/^with "appended" as \(insert into "audit_log"/, 'audit: insert entry + move head'],
    [/^insert into "audit_log"/, 'audit: insert entry'],
    [/^select .* from "disclosures" .* for update/, 'disclosures: select for update'],
    [/^update "disclosures"/, 'disclosures: update'],
    [/^select .* from "disclosures"/, 'disclosures: select'],
    [/^insert into "disclosures"/, 'disclosures: insert'],
    [/nextval\('disclosure_reference_seq'\)/, 'disclosures: next reference'],
    [/^select .* from "conversation_refs"/, 'conversation_refs: select'],
    [/^insert into "conversation_refs"/, 'conversation_refs: upsert'],
    [/^select .* from "card_messages"/, 'card_messages: select'],
    [/^insert into "card_messages"/, 'card_messages: upsert'],
    [/"sent_notifications"/, 'sent_notifications'],
    [/insert into pgboss\.job/, 'pg-boss: insert job'],
    [/pgboss\.job/, 'pg-boss: fetch/complete jobs'],
    [/pgboss\./, 'pg-boss: other'],
  ];
  for (const [re, name] of rules) if (re.test(s)) return name;
  return s.slice(0, 60);
}

function wrapQuery(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    if (typeof text !== 'string') return original.apply(this, args);
    const key = `${context()} sql ${classifySql(text)}`;
    const started = performance.now();
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...cbArgs: unknown[]) => {
        add(key, performance.now() - started);
        return (last as (...a: unknown[]) => unknown)(...cbArgs);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => add(key, performance.now() - started),
        () => add(key, performance.now() - started),
      );
    }
    return result;
  };
}

function wrapPoolConnect(): void {
  const Pool = (pg as unknown as { Pool: { prototype: { connect: (...a: unknown[]) => unknown } } }).Pool;
  const original = Pool.prototype.connect;
  Pool.prototype.connect = function (this: unknown, ...args: unknown[]) {
    const key = `${context()} pool: wait for a connection`;
    const started = performance.now();
    const cb = args[0];
    if (typeof cb === 'function') {
      return original.call(this, (...cbArgs: unknown[]) => {
        add(key, performance.now() - started);
        return (cb as (...a: unknown[]) => unknown)(...cbArgs);
      });
    }
    const result = original.apply(this, args) as Promise<unknown>;
    result.then(
      () => add(key, performance.now() - started),
      () => undefined,
    );
    return result;
  };
}

function wrapMethod(proto: object, method: string, name: string): void {
  const p = proto as Record<string, unknown>;
  const original = p[method];
  if (typeof original !== 'function') throw new Error(`spans: no method ${method} for ${name}`);
  p[method] = function (this: unknown, ...args: unknown[]) {
    const key = `${context()} ${name}`;
    const started = performance.now();
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).finally(() => add(key, performance.now() - started));
    }
    add(key, performance.now() - started);
    return result;
  };
}

let installed = false;

export function installSpans(): void {
  if (installed) return;
  installed = true;
  wrapQuery();
  wrapPoolConnect();
  wrapMethod(CloudAdapter.prototype, 'process', 'turn: CloudAdapter.process (whole turn)');
  wrapMethod(CandorBot.prototype, 'run', 'turn: CandorBot.run');
  wrapMethod(TeamsActivityHandler.prototype, 'onInvokeActivity', 'turn: onInvokeActivity');
  wrapMethod(CardActions.prototype, 'handle', 'turn: CardActions.handle');
  wrapMethod(CardActions.prototype, 'cardFor', 'turn: cardFor (Teams ids + card build)');
  wrapMethod(PgDisclosureStore.prototype, 'transaction', 'store: transaction (incl. commit)');
  wrapMethod(PgDisclosureStore.prototype, 'get', 'store: get');
  wrapMethod(PgChatStore.prototype, 'findReferences', 'chats: findReferences');
  wrapMethod(PgChatStore.prototype, 'teamsUserIds', 'chats: teamsUserIds');
  wrapMethod(PgChatStore.prototype, 'saveReference', 'chats: saveReference');
  wrapMethod(JobQueue.prototype, 'sendInTransaction', 'jobs: sendInTransaction');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require('botframework-connector/lib/auth/connectorFactoryImpl') as {
    ConnectorFactoryImpl: { prototype: object };
  };
  wrapMethod(factory.ConnectorFactoryImpl.prototype, 'create', 'botframework: ConnectorFactory.create');
}

export function spanReport(): SpanReport {
  return Object.fromEntries([...totals.entries()].map(([k, v]) => [k, { ...v }]));
}

export function resetSpans(): void {
  totals.clear();
}
