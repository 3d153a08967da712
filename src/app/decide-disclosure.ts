/**
 * The reviewer decides: approve, approve with conditions, deny, or ask for more information.
 * One conditional update records the decision only if the disclosure is still pending and assigned to
 * the actor; when it is not, the row is read to say why (not found, not theirs, not pending). Idempotent:
 * a repeated click on a decided disclosure is refused with InvalidStateError (the edge then shows the
 * final card).
 */
import { ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from '../domain/errors';
import { afterDecision } from '../domain/disclosure/state-machine';
import type { Decision } from '../domain/disclosure/types';
import type { DisclosureRecord, DisclosureTx } from '../ports/disclosure-store';
import type { DisclosureDeps } from './deps';
import { textField } from './text-field';

export interface DecideInput {
  actorId: string;
  disclosureId: string;
  decision: Decision;
  comment?: unknown;
  conditions?: unknown;
}

export async function decideDisclosure(deps: DisclosureDeps, input: DecideInput): Promise<DisclosureRecord> {
  const comment = textField(input.comment, 2000);
  const conditions = textField(input.conditions, 2000);
  const errors = [];
  if (input.decision === 'approve_with_conditions' && !conditions)
    errors.push({ field: 'conditions', message: 'Write the conditions the employee must meet.' });
  if (input.decision === 'request_info' && !comment)
    errors.push({ field: 'comment', message: 'Write what you need to know in the comment.' });
  if (input.decision === 'deny' && !comment)
    errors.push({ field: 'comment', message: 'Tell the employee why in the comment.' });
  if (comment === undefined || conditions === undefined)
    errors.push({ field: 'comment', message: 'Comments and conditions are limited to 2,000 characters.' });
  if (errors.length > 0) throw new ValidationError(errors);

  const isInfo = input.decision === 'request_info';
  // Only a pending review can be decided: the conditional update below checks that and the reviewer.
  const next = afterDecision('pending_review', input.decision);
  try {
    return await deps.store.transaction(async (tx) => {
      const now = deps.clock.now();
      const record = await tx.decideIfPending(input.disclosureId, input.actorId, {
        state: next,
        decision: isInfo ? null : input.decision,
        decidedBy: isInfo ? null : input.actorId,
        decidedAt: isInfo ? null : now,
        conditions: input.decision === 'approve_with_conditions' ? (conditions ?? null) : null,
        ...(isInfo ? { infoRequest: comment ?? null } : { decisionComment: comment ?? null }),
      });
      if (!record) throw await whyNot(tx, input);
      const d = record.disclosure;
      await tx.enqueue({ name: 'cards.refresh', data: { disclosureId: d.id } });
      await tx.enqueue({
        name: 'notice.send',
        data: {
          disclosureId: d.id,
          userId: d.employeeId,
          notice: isInfo ? 'info_requested' : 'decided',
          key: `${d.id}:v${d.version}:employee`,
        },
      });
      if (deps.activityFeed)
        await tx.enqueue({
          name: 'feed.notify',
          data: {
            disclosureId: d.id,
            userId: d.employeeId,
            activityType: isInfo ? 'infoRequested' : 'disclosureDecided',
            key: `${d.id}:v${d.version}:feed:${d.employeeId}`,
          },
        });
      await tx.audit({
        disclosureId: d.id,
        actorId: input.actorId,
        action: isInfo ? 'info_requested' : 'decided',
        fromState: 'pending_review',
        toState: next,
        details: { decision: input.decision, comment: comment ?? null, conditions: conditions ?? null },
      });
      return record;
    });
  } catch (e) {
    if (e instanceof ForbiddenError) await auditRefusal(deps, input, e.message);
    throw e;
  }
}

/** Why the decision could not be recorded: the disclosure is missing, someone else's, or not pending. */
async function whyNot(tx: DisclosureTx, input: DecideInput): Promise<Error> {
  const record = await tx.getForUpdate(input.disclosureId);
  if (!record) return new NotFoundError('Disclosure', input.disclosureId);
  const d = record.disclosure;
  if (d.reviewerId !== input.actorId)
    return new ForbiddenError(
      d.review?.escalatedFrom?.id === input.actorId
        ? `${d.reference} waited too long for a decision and was escalated to ${record.reviewer?.displayName ?? 'another reviewer'}; only they can decide on it now.`
        : 'Only the assigned reviewer can decide on this disclosure.',
    );
  try {
    afterDecision(d.state, input.decision);
  } catch (e) {
    return e as Error;
  }
  // Back to pending for this reviewer between the update and this read (an answer came in): rare.
  return new InvalidStateError('It changed just as you decided. Look at it again and decide once more.');
}

async function auditRefusal(deps: DisclosureDeps, input: DecideInput, reason: string): Promise<void> {
  await deps.store.auditAlone({
    disclosureId: input.disclosureId,
    actorId: input.actorId,
    action: 'refused',
    fromState: null,
    toState: null,
    details: { attempted: input.decision, reason },
  });
}
