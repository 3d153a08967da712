/**
 * The sweep of pending reviews: remind the reviewer after N business days, escalate after M. Run by the
 * `reviews.sweep` job (scheduled, so it fires once across every instance, and also sent at start).
 *
 * Each due review is handled in its own transaction, which locks the row (`for update skip locked`):
 * several sweeps at once share the work, and a review is reminded or escalated once, since its mark is
 * set in the same transaction as the audit entry and the jobs that tell people. A review that cannot be
 * handled (the directory is down) is left for the next sweep and does not hold back the others.
 */
import type { Disclosure, DisclosureState, Person } from '../domain/disclosure/types';
import { dueStep, SWEEP_ACTOR, type StandIn } from '../domain/review/review-track';
import { namesPerson, partyText } from '../domain/routing/choose-reviewer';
import type { Logger } from '../logging';
import type { DisclosureRecord, DisclosureTx } from '../ports/disclosure-store';
import type { DisclosureDeps } from './deps';
import { managementChain } from './management-chain';
import type { ReviewPolicy } from './review-policy';

export interface ReviewSweepDeps {
  disclosures: DisclosureDeps;
  policy: ReviewPolicy;
  log: Logger;
  /** Reviews handled per sweep at most; the next sweep takes the rest. */
  limit?: number;
}

export interface SweepResult {
  reminded: number;
  escalated: number;
  /** Reviews left for the next sweep because handling them failed. */
  failed: number;
}

export async function sweepDueReviews(deps: ReviewSweepDeps): Promise<SweepResult> {
  const now = deps.disclosures.clock.now();
  const result: SweepResult = { reminded: 0, escalated: 0, failed: 0 };
  /** Reviews not to select again in this sweep: failed, or with nothing to do. */
  const skip: string[] = [];
  for (let i = 0; i < (deps.limit ?? 500); i++) {
    let current: string | null = null;
    try {
      const step = await deps.disclosures.store.transaction(async (tx) => {
        const record = await tx.nextDueReview(now, skip);
        if (!record) return 'none' as const;
        current = record.disclosure.id;
        const due = dueStep(record.disclosure.review, now);
        // Selected but nothing to do (the query and dueStep disagree): never select it again this sweep.
        if (!due) skip.push(record.disclosure.id);
        if (due === 'remind') await remind(tx, record, now);
        if (due === 'escalate') await escalate(deps, tx, record, now);
        return due;
      });
      if (step === 'none') break;
      if (step === 'remind') result.reminded++;
      if (step === 'escalate') result.escalated++;
    } catch (err) {
      if (current === null) throw err;
      skip.push(current);
      result.failed++;
      deps.log.warn(
        { err, disclosureId: current },
        'a due review could not be handled; the next sweep retries',
      );
    }
  }
  if (result.reminded + result.escalated + result.failed > 0) deps.log.info(result, 'reviews swept');
  return result;
}

async function remind(tx: DisclosureTx, record: DisclosureRecord, now: Date): Promise<void> {
  const d = record.disclosure;
  const updated = await tx.update({ ...d, review: { ...d.review!, remindedAt: now } });
  await tx.audit({
    disclosureId: d.id,
    actorId: SWEEP_ACTOR,
    action: 'reminded',
    fromState: d.state,
    toState: d.state,
    details: {
      reviewerId: d.reviewerId,
      remindAt: iso(d.review?.remindAt),
      escalateAt: iso(d.review?.escalateAt),
    },
  });
  if (d.reviewerId)
    await tx.enqueue({
      name: 'notice.send',
      data: {
        disclosureId: d.id,
        userId: d.reviewerId,
        notice: 'reminder',
        key: `${d.id}:v${updated.version}:reminder`,
      },
    });
}

async function escalate(
  deps: ReviewSweepDeps,
  tx: DisclosureTx,
  record: DisclosureRecord,
  now: Date,
): Promise<void> {
  const d = record.disclosure;
  const target = await escalationTarget(deps, record, now);
  const same: { fromState: DisclosureState; toState: DisclosureState } = {
    fromState: d.state,
    toState: d.state,
  };
  if (!target) {
    // Nobody above may review it (the top of the chain, the ethics officer a party): it stays with the
    // reviewer, who is reminded that it is overdue; marked, so it is not tried again.
    const track = d.review!;
    const updated = await tx.update({
      ...d,
      review: { ...track, escalatedAt: now, remindedAt: track.remindedAt ?? now },
    });
    await tx.audit({
      disclosureId: d.id,
      actorId: SWEEP_ACTOR,
      action: 'escalation_impossible',
      ...same,
      details: { reviewerId: d.reviewerId, reason: 'nobody above the reviewer may review this disclosure' },
    });
    if (d.reviewerId)
      await tx.enqueue({
        name: 'notice.send',
        data: {
          disclosureId: d.id,
          userId: d.reviewerId,
          notice: 'reminder',
          key: `${d.id}:v${updated.version}:overdue`,
        },
      });
    deps.log.warn({ disclosureId: d.id }, 'a review is overdue and nobody above its reviewer may take it');
    return;
  }
  const from = record.reviewer;
  const escalated: Disclosure = {
    ...d,
    reviewerId: target.reviewer.id,
    review: deps.policy.track(now, {
      standsInFor: target.standsInFor,
      escalatedFrom: from ? { id: from.id, displayName: from.displayName } : null,
    }),
  };
  const updated = await tx.update(escalated, target.reviewer);
  await tx.audit({
    disclosureId: d.id,
    actorId: SWEEP_ACTOR,
    action: 'escalated',
    ...same,
    details: {
      fromReviewerId: d.reviewerId,
      toReviewerId: target.reviewer.id,
      routing: target.reason,
      ...(target.standsInFor ? { standsInFor: target.standsInFor } : {}),
      escalateAt: iso(d.review?.escalateAt),
    },
  });
  const key = (who: string) => `${d.id}:v${updated.version}:${who}`;
  await tx.enqueue({ name: 'cards.refresh', data: { disclosureId: d.id } });
  await tx.enqueue({
    name: 'card.send',
    data: { disclosureId: d.id, role: 'reviewer', userId: target.reviewer.id },
  });
  await tx.enqueue({
    name: 'notice.send',
    data: { disclosureId: d.id, userId: d.employeeId, notice: 'escalated', key: key('employee') },
  });
  if (d.reviewerId)
    await tx.enqueue({
      name: 'notice.send',
      data: { disclosureId: d.id, userId: d.reviewerId, notice: 'reassigned', key: key('former-reviewer') },
    });
}

/**
 * Who an overdue review goes to: the manager of the reviewer (of the one a stand-in stands in for), up
 * the chain past anyone who is the employee or a party; else the ethics officer. Then that person's own
 * delegate or stand-in, if they have one.
 */
async function escalationTarget(
  deps: ReviewSweepDeps,
  record: DisclosureRecord,
  now: Date,
): Promise<{ reviewer: Person; standsInFor: StandIn | null; reason: 'manager' | 'ethics_officer' } | null> {
  const d = record.disclosure;
  const { directory, ethicsOfficerId } = deps.disclosures;
  const parties = partyText(d);
  const current = d.reviewerId;
  const base = d.review?.standsInFor?.id ?? current;
  // Never back down to someone it came from, nor to the employee or a party.
  const behind = new Set([d.employeeId, current, base, d.review?.escalatedFrom?.id]);
  const eligible = (p: Person) => !behind.has(p.id) && !namesPerson(parties, p);
  const chain = base ? await managementChain(directory, base, 3, eligible) : [];
  let reviewer = chain.find(eligible) ?? null;
  let reason: 'manager' | 'ethics_officer' = 'manager';
  if (!reviewer && ethicsOfficerId) {
    const officer = await directory.getUser(ethicsOfficerId);
    if (officer && officer.id !== current && officer.id !== d.employeeId && !namesPerson(parties, officer)) {
      reviewer = officer;
      reason = 'ethics_officer';
    }
  }
  if (!reviewer) return null;
  const standIn = await deps.policy.standIn(reviewer, eligible, now);
  return standIn
    ? { reviewer: standIn.reviewer, standsInFor: standIn.standsInFor, reason }
    : { reviewer, standsInFor: null, reason };
}

/** Audit details are JSON: instants as ISO strings (the hash chain is computed over the stored JSON). */
function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
