/**
 * Action.Execute handlers: each verb calls one use case and answers with the card the person should
 * now see in place of the one they clicked. Errors become the same card with a clear message on top;
 * nothing changes when an action is refused.
 */
import type { TurnContext } from 'botbuilder';
import {
  CandorError,
  DirectoryUnavailableError,
  ForbiddenError,
  InvalidStateError,
  NotFoundError,
  ValidationError,
} from '../src/domain/errors';
import { CONFLICT_CATEGORIES, type ConflictCategory, type Decision } from '../src/domain/disclosure/types';
import type { DisclosureDeps } from '../src/app/deps';
import { submitDisclosure } from '../src/app/submit-disclosure';
import { decideDisclosure } from '../src/app/decide-disclosure';
import { answerInfoRequest, recordResolution, withdrawDisclosure } from '../src/app/employee-actions';
import { listMyDisclosures, listPendingReviews } from '../src/app/queries';
import type { DisclosureRecord } from '../src/ports/disclosure-store';
import type { ChatStore } from '../src/ports/chat-store';
import type { Logger } from '../src/logging';
import { VERBS, INPUTS } from './cards/verbs';
import type { AdaptiveCard } from './cards/card';
import { giftFormCard } from './cards/gift-form';
import { conflictFormCard } from './cards/conflict-form';
import { disclosureResultCard } from './cards/result';
import { reviewCard } from './cards/review';
import { disclosureListCard } from './cards/list';
import { welcomeCard } from './cards/welcome';
import { withBanner } from './banner';
import { cardView } from './views';
import { escalatedAwayFrom } from './cards/review-routing';
import { findVerbHandler, type BotFeature } from './feature';

export interface CardActionDeps {
  disclosures: DisclosureDeps;
  chats: ChatStore;
  agencyName: string;
  tabUrl: string | null;
  log: Logger;
  /** Other features' card verbs (bot/feature.ts). */
  features?: readonly BotFeature[];
}

type Data = Record<string, unknown>;

const DECISION_VERBS: Record<string, Decision> = {
  [VERBS.approve]: 'approve',
  [VERBS.approveWithConditions]: 'approve_with_conditions',
  [VERBS.deny]: 'deny',
  [VERBS.requestInfo]: 'request_info',
};

export class CardActions {
  constructor(private readonly deps: CardActionDeps) {}

  /** Returns the card to show in place of the clicked one. `send` posts an extra message in the chat. */
  async handle(
    ctx: TurnContext,
    actor: string,
    verb: string,
    data: Data,
    send: (card: AdaptiveCard) => Promise<void>,
  ): Promise<AdaptiveCard> {
    const d = this.deps.disclosures;
    switch (verb) {
      case VERBS.openGiftForm:
        await send(giftFormCard({}, []));
        return welcomeCard(this.deps.agencyName);
      case VERBS.openConflictForm: {
        // From the welcome card (no category input): a new form message. From the form's Next button: in place.
        if (data.category === undefined) {
          await send(conflictFormCard(null, {}, []));
          return welcomeCard(this.deps.agencyName);
        }
        const category = asCategory(data.category);
        if (!category)
          return withBanner(
            conflictFormCard(null, {}, []),
            'Choose the kind of conflict first.',
            'attention',
          );
        return conflictFormCard(category, stringValues(data), []);
      }
      case VERBS.listMine:
        await send(await this.myList(actor));
        return welcomeCard(this.deps.agencyName);
      case VERBS.listPending:
        await send(await this.pendingList(actor));
        return welcomeCard(this.deps.agencyName);
      case VERBS.submitGift:
      case VERBS.submitConflict:
        return this.submit(ctx, actor, verb === VERBS.submitGift ? 'gift' : 'conflict', data);
    }

    const disclosureId = typeof data.disclosureId === 'string' ? data.disclosureId : '';
    const decision = DECISION_VERBS[verb];
    if (decision) {
      return this.act(
        actor,
        disclosureId,
        'reviewer',
        async () =>
          decideDisclosure(d, {
            actorId: actor,
            disclosureId,
            decision,
            comment: data[INPUTS.comment],
            conditions: data[INPUTS.conditions],
          }),
        decision === 'request_info'
          ? 'Your question was sent to the employee.'
          : 'Your decision was recorded and the employee was told.',
      );
    }
    switch (verb) {
      case VERBS.refreshReview:
      case VERBS.refreshDisclosure:
        return this.current(actor, disclosureId);
      case VERBS.withdraw:
        return this.act(
          actor,
          disclosureId,
          'employee',
          () => withdrawDisclosure(d, { actorId: actor, disclosureId }),
          'Withdrawn. Your supervisor was told.',
        );
      case VERBS.answerInfo:
        return this.act(
          actor,
          disclosureId,
          'employee',
          () => answerInfoRequest(d, { actorId: actor, disclosureId, answer: data[INPUTS.answer] }),
          'Your answer was sent. The disclosure is back with your reviewer.',
        );
      case VERBS.recordResolution:
        return this.act(
          actor,
          disclosureId,
          'employee',
          () => recordResolution(d, { actorId: actor, disclosureId, resolution: data[INPUTS.resolution] }),
          'Recorded. Your supervisor was informed.',
        );
      default: {
        const handler = findVerbHandler(this.deps.features ?? [], verb);
        if (!handler) throw new UnknownVerbError(verb);
        return handler(ctx, actor, data, send);
      }
    }
  }

  private async submit(
    ctx: TurnContext,
    actor: string,
    type: 'gift' | 'conflict',
    data: Data,
  ): Promise<AdaptiveCard> {
    const values = stringValues(data);
    try {
      const record = await submitDisclosure(this.deps.disclosures, { actorId: actor, type, form: data });
      const d = record.disclosure;
      this.deps.log.info(
        {
          disclosureId: d.id,
          reference: d.reference,
          type,
          outcome: d.evaluation.outcome,
          state: d.state,
          reviewerId: d.reviewerId,
        },
        'disclosure submitted',
      );
      if (ctx.activity.replyToId) {
        await this.deps.chats.saveCardMessage({
          disclosureId: record.disclosure.id,
          role: 'employee',
          userId: actor,
          conversationId: ctx.activity.conversation.id,
          activityId: ctx.activity.replyToId,
        });
      }
      return disclosureResultCard(await cardView(record, this.deps.chats, this.deps.tabUrl));
    } catch (e) {
      const form = (errors: ValidationError['fieldErrors']) =>
        type === 'gift'
          ? giftFormCard(values, errors)
          : conflictFormCard(asCategory(data.category), values, errors);
      if (e instanceof ValidationError) return form(e.fieldErrors);
      // Fuzz fix: someone the directory does not know (NotFoundError) is told so, not answered with a 500.
      if (e instanceof NotFoundError)
        return withBanner(
          form([]),
          'You were not found in the staff directory, so nothing was saved. Please contact your ethics officer.',
          'attention',
        );
      if (e instanceof DirectoryUnavailableError)
        return withBanner(
          form([]),
          'The staff directory could not be reached to find your supervisor, so nothing was saved. Your answers are kept: please try again in a few minutes.',
          'warning',
        );
      throw e;
    }
  }

  /** Runs a step on one disclosure; whatever happens, answers with the disclosure's current card. */
  private async act(
    actor: string,
    disclosureId: string,
    as: 'employee' | 'reviewer',
    step: () => Promise<DisclosureRecord>,
    success: string,
  ): Promise<AdaptiveCard> {
    try {
      const record = await step();
      this.deps.log.info(
        { disclosureId, actorId: actor, state: record.disclosure.state },
        'disclosure changed',
      );
      const card = await this.cardFor(actor, record);
      return withBanner(card, success, 'good');
    } catch (e) {
      if (!(e instanceof CandorError)) throw e;
      this.deps.log.info({ disclosureId, actorId: actor, refused: e.code }, 'card action refused');
      const current = await this.deps.disclosures.store.get(disclosureId);
      if (!current)
        return withBanner(
          welcomeCard(this.deps.agencyName),
          'That disclosure no longer exists.',
          'attention',
        );
      const card = await this.cardFor(actor, current);
      return withBanner(card, refusalText(e, as, current, actor), 'attention');
    }
  }

  private async current(actor: string, disclosureId: string): Promise<AdaptiveCard> {
    const record = await this.deps.disclosures.store.get(disclosureId);
    // Fuzz fix: a refresh naming no disclosure (unknown id, or none) answers a card, not a 500.
    if (!record)
      return withBanner(welcomeCard(this.deps.agencyName), 'That disclosure no longer exists.', 'attention');
    return this.cardFor(actor, record);
  }

  /** The card this person may see: the employee's own card, the reviewer's, or a read-only view. */
  private async cardFor(actor: string, record: DisclosureRecord): Promise<AdaptiveCard> {
    const view = await cardView(record, this.deps.chats, this.deps.tabUrl);
    const d = record.disclosure;
    if (d.employeeId === actor) return disclosureResultCard(view);
    if (d.reviewerId === actor)
      return reviewCard(view, d.state === 'pending_review' ? 'reviewer' : 'readonly');
    if (escalatedAwayFrom(d, actor)) return reviewCard(view, 'escalated_away');
    if (d.review?.standsInFor?.id === actor) return reviewCard(view, 'readonly');
    if (d.hrCopied && record.hrContactId === actor) return reviewCard(view, 'readonly');
    return restrictedCard(d.reference);
  }

  async myList(actor: string): Promise<AdaptiveCard> {
    const items = await listMyDisclosures(this.deps.disclosures.store, actor);
    return disclosureListCard(
      'My disclosures',
      items.map((r) => ({ disclosure: r.disclosure, counterpart: r.reviewer })),
      'You have not made any disclosures yet. Type "gift" or "conflict" to make one.',
    );
  }

  async pendingList(actor: string): Promise<AdaptiveCard> {
    const items = await listPendingReviews(this.deps.disclosures.store, actor);
    return disclosureListCard(
      'Waiting for your review',
      items.map((r) => ({ disclosure: r.disclosure, counterpart: r.employee })),
      'Nothing is waiting for your review.',
    );
  }
}

export class UnknownVerbError extends Error {
  constructor(readonly verb: string) {
    super(`Unknown card action "${verb}"`);
    this.name = 'UnknownVerbError';
  }
}

function refusalText(
  e: CandorError,
  as: 'employee' | 'reviewer',
  record: DisclosureRecord,
  actor: string,
): string {
  if (e instanceof ForbiddenError && escalatedAwayFrom(record.disclosure, actor))
    return `${e.message} Nothing was changed.`;
  if (e instanceof ForbiddenError) {
    return as === 'reviewer'
      ? `Only ${record.reviewer?.displayName ?? 'the assigned reviewer'}, the assigned reviewer, can decide on ${record.disclosure.reference}. Nothing was changed.`
      : `Only ${record.employee.displayName} can do that. Nothing was changed.`;
  }
  if (e instanceof InvalidStateError) return `${e.message} Nothing was changed; this is its current state.`;
  if (e instanceof ValidationError) return e.fieldErrors.map((f) => f.message).join(' ');
  return e.message;
}

function restrictedCard(reference: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: `${reference} is not shared with you.`, wrap: true }],
  };
}

function asCategory(v: unknown): ConflictCategory | null {
  return typeof v === 'string' && (CONFLICT_CATEGORIES as readonly string[]).includes(v)
    ? (v as ConflictCategory)
    : null;
}

function stringValues(data: Data): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}
