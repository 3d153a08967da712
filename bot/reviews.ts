/**
 * The reviews feature in the chat: `delegate` shows the delegation card (`delegate off` ends the
 * delegation at once); its buttons save or end the delegation and answer the updated card in place.
 */
import type { TurnContext } from 'botbuilder';
import type { DelegationService } from '../src/app/delegation';
import { ValidationError } from '../src/domain/errors';
import type { Logger } from '../src/logging';
import { withBanner } from './banner';
import type { AdaptiveCard } from './cards/card';
import { DELEGATION_INPUTS, DELEGATION_VERBS, delegationCard } from './cards/delegation';
import { COMMANDS } from './commands';
import type { BotFeature } from './feature';

export interface ReviewsBotDeps {
  delegation: DelegationService;
  log: Logger;
}

/** "delegate off", "end delegation": the command that ends the delegation rather than showing it. */
const ENDS = /^(delegate off|end delegation)$/;

export function reviewsBotFeature(deps: ReviewsBotDeps): BotFeature {
  const card = async (actor: string, extra: Partial<Parameters<typeof delegationCard>[0]> = {}) => {
    const [{ delegation, today }, candidates] = await Promise.all([
      deps.delegation.get(actor),
      deps.delegation.candidates(actor),
    ]);
    return delegationCard({ delegation, today, candidates, ...extra });
  };
  const end = async (actor: string): Promise<AdaptiveCard> => {
    const ended = await deps.delegation.end(actor);
    if (ended) deps.log.info({ reviewerId: actor, delegationId: ended.id }, 'delegation ended');
    return withBanner(
      await card(actor),
      ended
        ? `Delegation to ${ended.delegate.displayName} ended: new reviews come to you again.`
        : 'You had no delegation: new reviews come to you.',
      'good',
    );
  };
  return {
    commands: {
      [COMMANDS.delegate]: async (ctx: TurnContext, actor, send) => {
        const text = (ctx.activity.text ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
        await send(ENDS.test(text) ? await end(actor) : await card(actor));
      },
    },
    verbs: {
      [DELEGATION_VERBS.save]: async (_ctx, actor, data) => {
        const values = {
          [DELEGATION_INPUTS.delegate]: asString(data[DELEGATION_INPUTS.delegate]),
          [DELEGATION_INPUTS.startsOn]: asString(data[DELEGATION_INPUTS.startsOn]),
          [DELEGATION_INPUTS.endsOn]: asString(data[DELEGATION_INPUTS.endsOn]),
        };
        try {
          const saved = await deps.delegation.set(actor, {
            delegateId: values[DELEGATION_INPUTS.delegate],
            startsOn: values[DELEGATION_INPUTS.startsOn],
            endsOn: values[DELEGATION_INPUTS.endsOn],
          });
          deps.log.info({ reviewerId: actor, delegationId: saved.id }, 'delegation set');
          return withBanner(
            await card(actor),
            `Saved: ${saved.delegate.displayName} decides your new reviews while you are out.`,
            'good',
          );
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          return withBanner(
            await card(actor, { values, errors: e.fieldErrors }),
            'Nothing was saved: see below.',
            'attention',
          );
        }
      },
      [DELEGATION_VERBS.end]: async (_ctx, actor) => end(actor),
    },
  };
}

function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
