/**
 * The seam through which a feature (reviews, campaigns, events, courses…) joins the bot without editing
 * the core handler: the text commands it answers and the card verbs it handles. Each feature keeps its
 * handlers in its own file under `bot/` and is passed to CandorBot and CardActions by the composition root.
 */
import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from './cards/card';
import type { Command } from './commands';

/** Posts an extra message (a card) in the chat where the action happened. */
export type SendCard = (card: AdaptiveCard) => Promise<void>;

export type CommandHandler = (ctx: TurnContext, actor: string, send: SendCard) => Promise<void>;

/** Answers the card to show in place of the clicked one; `send` posts an extra card in the chat. */
export type VerbHandler = (
  ctx: TurnContext,
  actor: string,
  data: Record<string, unknown>,
  send: SendCard,
) => Promise<AdaptiveCard>;

export interface BotFeature {
  /** Text commands (declared in `COMMANDS`, so the manifest lists them) this feature answers. */
  readonly commands?: Partial<Record<Command, CommandHandler>>;
  /** Action.Execute verbs this feature handles, keyed by verb. */
  readonly verbs?: Readonly<Record<string, VerbHandler>>;
}

/** The handler of a card verb among the features, if any (own properties only: a verb is never `toString`). */
export function findVerbHandler(features: readonly BotFeature[], verb: string): VerbHandler | undefined {
  for (const f of features) if (f.verbs && Object.hasOwn(f.verbs, verb)) return f.verbs[verb];
  return undefined;
}
