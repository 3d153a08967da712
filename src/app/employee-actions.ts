/**
 * What the employee can do to their own disclosure: answer a request for information, withdraw it
 * while nothing is decided, or record what they did about a prohibited item.
 */
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { afterInfoAnswered, afterResolution, afterWithdrawal } from '../domain/disclosure/state-machine';
import type { Disclosure } from '../domain/disclosure/types';
import type { DisclosureRecord, DisclosureTx } from '../ports/disclosure-store';
import type { NoticeKind } from '../ports/jobs';
import type { DisclosureDeps } from './deps';
import { textField } from './text-field';

interface EmployeeStep {
  action: string;
  notice: NoticeKind;
  apply(d: Disclosure, text: string | null): Disclosure;
}

async function employeeStep(
  deps: DisclosureDeps,
  actorId: string,
  disclosureId: string,
  step: EmployeeStep,
  text: string | null,
): Promise<DisclosureRecord> {
  return deps.store.transaction(async (tx: DisclosureTx) => {
    const record = await tx.getForUpdate(disclosureId);
    if (!record) throw new NotFoundError('Disclosure', disclosureId);
    const d = record.disclosure;
    if (d.employeeId !== actorId)
      throw new ForbiddenError('Only the employee who made this disclosure can do that.');
    const changed = step.apply(d, text);
    const updated = await tx.update(changed);
    await tx.audit({
      disclosureId: d.id,
      actorId,
      action: step.action,
      fromState: d.state,
      toState: changed.state,
      details: text ? { text } : {},
    });
    await tx.enqueue({ name: 'cards.refresh', data: { disclosureId: d.id } });
    if (d.reviewerId)
      await tx.enqueue({
        name: 'notice.send',
        data: {
          disclosureId: d.id,
          userId: d.reviewerId,
          notice: step.notice,
          key: `${d.id}:v${updated.version}:reviewer`,
        },
      });
    return { ...record, disclosure: updated };
  });
}

function requiredText(value: unknown, field: string, message: string): string {
  const t = textField(value, 2000);
  if (!t)
    throw new ValidationError([
      { field, message: t === undefined ? 'Keep it under 2,000 characters.' : message },
    ]);
  return t;
}

export function answerInfoRequest(
  deps: DisclosureDeps,
  input: { actorId: string; disclosureId: string; answer: unknown },
) {
  const answer = requiredText(input.answer, 'answer', 'Write your answer to the question.');
  return employeeStep(
    deps,
    input.actorId,
    input.disclosureId,
    {
      action: 'info_answered',
      notice: 'info_answered',
      apply: (d, text) => ({
        ...d,
        state: afterInfoAnswered(d.state),
        infoAnswer: text,
        // Back with the reviewer: the review's clock starts again.
        review:
          deps.reviews?.track(deps.clock.now(), {
            standsInFor: d.review?.standsInFor ?? null,
            escalatedFrom: d.review?.escalatedFrom ?? null,
          }) ?? d.review,
      }),
    },
    answer,
  );
}

export function withdrawDisclosure(deps: DisclosureDeps, input: { actorId: string; disclosureId: string }) {
  return employeeStep(
    deps,
    input.actorId,
    input.disclosureId,
    {
      action: 'withdrawn',
      notice: 'withdrawn',
      apply: (d) => ({ ...d, state: afterWithdrawal(d.state) }),
    },
    null,
  );
}

export function recordResolution(
  deps: DisclosureDeps,
  input: { actorId: string; disclosureId: string; resolution: unknown },
) {
  const resolution = requiredText(
    input.resolution,
    'resolution',
    'Say what you did, for example "Returned the tickets on 3 March".',
  );
  return employeeStep(
    deps,
    input.actorId,
    input.disclosureId,
    {
      action: 'resolved',
      notice: 'resolved',
      apply: (d, text) => ({ ...d, state: afterResolution(d.state), resolution: text }),
    },
    resolution,
  );
}
