/**
 * Submit a gift or conflict disclosure: validate, evaluate against the policy packs (with the
 * employee's earlier gifts from the same donor), choose the reviewer, and store it with its audit
 * entry and the cards to send, all in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../domain/errors';
import { initialState } from '../domain/disclosure/state-machine';
import type { Disclosure, DisclosureType, Person } from '../domain/disclosure/types';
import { parseConflictForm, parseGiftForm } from '../domain/disclosure/validate';
import { donorKey, evaluateDisclosure } from '../domain/policy/evaluate';
import { chooseReviewer, namesPerson } from '../domain/routing/choose-reviewer';
import type { DisclosureRecord } from '../ports/disclosure-store';
import type { DisclosureDeps } from './deps';
import { managementChain } from './management-chain';

export interface SubmitInput {
  actorId: string;
  type: DisclosureType;
  /** The form's raw values (card inputs or API JSON); validated here. */
  form: Record<string, unknown>;
}

export async function submitDisclosure(deps: DisclosureDeps, input: SubmitInput): Promise<DisclosureRecord> {
  const now = deps.clock.now();
  const today = dateInZone(now, deps.timeZone);
  // Validation first: bad input changes nothing and costs no directory call.
  const gift = input.type === 'gift' ? parseGiftForm(input.form, today) : null;
  const conflict = input.type === 'conflict' ? parseConflictForm(input.form, today) : null;

  const employee = await deps.directory.getUser(input.actorId);
  if (!employee) throw new NotFoundError('Person', input.actorId);

  const earlierGifts = gift
    ? await deps.store.giftsFromDonor(employee.id, donorKey(gift), Number(gift.dateReceived.slice(0, 4)))
    : [];
  const evaluation = gift
    ? evaluateDisclosure({ type: 'gift', gift }, deps.packs, earlierGifts)
    : evaluateDisclosure({ type: 'conflict', conflict: conflict! }, deps.packs);

  const partyText = gift ? `${gift.donorName} ${gift.donorOrganization ?? ''}` : (conflict?.parties ?? '');
  const isParty = (p: Person) => namesPerson(partyText, p);
  const chain = await managementChain(
    deps.directory,
    employee.id,
    3,
    (m) => m.id !== employee.id && !isParty(m),
  );
  const needsFallback = !chain.some((m) => m.id !== employee.id && !isParty(m));
  const ethicsOfficer =
    needsFallback && deps.ethicsOfficerId ? await deps.directory.getUser(deps.ethicsOfficerId) : null;
  const chosen = chooseReviewer({ employee, chain, ethicsOfficer, isParty });
  const { reason } = chosen;
  // A reviewer who delegated, or is away, has a stand-in for new items (src/app/review-routing.ts).
  const standIn =
    chosen.reviewer && deps.reviews
      ? await deps.reviews.standIn(chosen.reviewer, (p) => p.id !== employee.id && !isParty(p), now)
      : null;
  const reviewer = standIn?.reviewer ?? chosen.reviewer;

  const state = initialState(evaluation.outcome);
  const hrCopied = evaluation.copyHr && deps.hrContactId !== null;
  const id = randomUUID();

  return deps.store.transaction(async (tx) => {
    const disclosure: Disclosure = {
      id,
      reference: await tx.nextReference(Number(today.slice(0, 4))),
      type: input.type,
      employeeId: employee.id,
      gift,
      conflict,
      evaluation,
      state,
      reviewerId: reviewer?.id ?? null,
      hrCopied,
      decision: null,
      decidedBy: null,
      decidedAt: null,
      decisionComment: null,
      conditions: null,
      infoRequest: null,
      infoAnswer: null,
      resolution: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      review: deps.reviews?.track(state === 'pending_review' ? now : null, {
        standsInFor: standIn?.standsInFor ?? null,
        escalatedFrom: null,
      }),
    };
    const record: DisclosureRecord = {
      disclosure,
      employee,
      reviewer,
      hrContactId: hrCopied ? deps.hrContactId : null,
    };
    await tx.insert(record);
    await tx.audit({
      disclosureId: id,
      actorId: employee.id,
      action: 'submitted',
      fromState: null,
      toState: state,
      details: {
        outcome: evaluation.outcome,
        rules: evaluation.citations.map((c) => c.ruleId),
        reviewerId: reviewer?.id ?? null,
        routing: reason,
        ...(standIn ? { standsInFor: standIn.standsInFor } : {}),
        hrCopied,
      },
    });
    if (reviewer)
      await tx.enqueue({
        name: 'card.send',
        data: { disclosureId: id, role: 'reviewer', userId: reviewer.id },
      });
    if (reviewer && deps.activityFeed)
      await tx.enqueue({
        name: 'feed.notify',
        data: {
          disclosureId: id,
          userId: reviewer.id,
          activityType: 'disclosureAssigned',
          key: `${id}:v1:feed:${reviewer.id}`,
        },
      });
    if (hrCopied && deps.hrContactId)
      await tx.enqueue({
        name: 'card.send',
        data: { disclosureId: id, role: 'hr', userId: deps.hrContactId },
      });
    return record;
  });
}

/** yyyy-mm-dd of the instant in the agency's time zone. */
export function dateInZone(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}
