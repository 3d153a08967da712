/**
 * Read use cases of the tab: who may see a disclosure, in which role, and the views the API answers
 * (DisclosureSummary, DisclosureDetail; see docs/api.md).
 *
 * Who sees what: the employee their own; the reviewer those assigned to them; HR those copied to HR
 * (anyone with the `hr` role, or the HR contact named on the record); the ethics officer all. Anyone else
 * gets NotFoundError, exactly as for a disclosure that does not exist.
 */
import type {
  ConflictCategory,
  ConflictDetails,
  Decision,
  DisclosureState,
  DisclosureType,
  GiftDetails,
  GiftRelationship,
  PolicyEvaluation,
} from '../domain/disclosure/types';
import { NotFoundError } from '../domain/errors';
import type { AuditEntry, DisclosureRecord } from '../ports/disclosure-store';
import type { DisclosureDeps } from './deps';
import { SWEEP_ACTOR } from '../domain/review/review-track';

export type ViewerRole = 'employee' | 'reviewer' | 'hr' | 'ethics_officer';

/** The signed-in person, as the read use cases need them. */
export interface Viewer {
  id: string;
  roles: readonly string[];
}

export interface DisclosureSummary {
  id: string;
  reference: string;
  type: DisclosureType;
  /** The gift's relationship or the conflict's category. */
  category: GiftRelationship | ConflictCategory;
  /** One line of the description. */
  summary: string;
  outcome: PolicyEvaluation['outcome'];
  state: DisclosureState;
  employee: { id: string; displayName: string; department: string | null };
  reviewer: { id: string; displayName: string } | null;
  hrCopied: boolean;
  valueCents: number | null;
  createdAt: string;
  updatedAt: string;
}

/** What the viewer may do now; the same names as the routes (and the reviewer's decisions). */
export type AllowedAction = 'withdraw' | 'answer' | 'resolution' | Decision;

export interface TimelineEntry {
  at: string;
  action: string;
  actor: { id: string; displayName: string };
  fromState: string | null;
  toState: string | null;
  comment?: string;
}

export interface DisclosureDetail extends DisclosureSummary {
  gift: GiftDetails | null;
  conflict: ConflictDetails | null;
  evaluation: Pick<PolicyEvaluation, 'outcome' | 'citations' | 'actions' | 'guidance'>;
  decision: Decision | null;
  decisionComment: string | null;
  conditions: string | null;
  infoRequest: string | null;
  infoAnswer: string | null;
  resolution: string | null;
  version: number;
  viewerRole: ViewerRole;
  allowedActions: AllowedAction[];
  timeline: TimelineEntry[];
}

/** Most items a list answers (newest first). */
export const VIEW_LIST_LIMIT = 200;

/** How the viewer relates to the disclosure, or null when they may not see it. */
export function viewerRoleOf(record: DisclosureRecord, viewer: Viewer): ViewerRole | null {
  const d = record.disclosure;
  if (d.employeeId === viewer.id) return 'employee';
  if (d.reviewerId === viewer.id) return 'reviewer';
  if (d.hrCopied && (viewer.roles.includes('hr') || record.hrContactId === viewer.id)) return 'hr';
  if (viewer.roles.includes('ethics_officer')) return 'ethics_officer';
  return null;
}

/** The disclosure and the viewer's role; NotFoundError when it does not exist or the viewer may not see it. */
export async function visibleDisclosure(
  deps: DisclosureDeps,
  id: string,
  viewer: Viewer,
): Promise<{ record: DisclosureRecord; role: ViewerRole }> {
  const record = await deps.store.get(id);
  const role = record ? viewerRoleOf(record, viewer) : null;
  if (!record || !role) throw new NotFoundError('Disclosure', id);
  return { record, role };
}

export async function disclosureDetail(
  deps: DisclosureDeps,
  id: string,
  viewer: Viewer,
): Promise<DisclosureDetail> {
  const { record, role } = await visibleDisclosure(deps, id, viewer);
  const trail = await deps.store.auditTrail(id);
  return toDetail(record, role, await timelineOf(deps, record, role, trail));
}

export async function listOwnDisclosures(
  deps: DisclosureDeps,
  viewer: Viewer,
  filter: { state?: DisclosureState; type?: DisclosureType },
): Promise<DisclosureSummary[]> {
  const records = await deps.store.find(
    { employeeId: viewer.id, ...(filter.state ? { states: [filter.state] } : {}), type: filter.type },
    VIEW_LIST_LIMIT,
  );
  return records.map(toSummary);
}

const PENDING: readonly DisclosureState[] = ['pending_review', 'info_requested'];
const DECIDED: readonly DisclosureState[] = ['approved', 'approved_with_conditions', 'denied'];

/** Disclosures assigned to the viewer: waiting (for them or for the employee's answer) or decided. */
export async function listApprovals(
  deps: DisclosureDeps,
  viewer: Viewer,
  which: 'pending' | 'decided',
): Promise<DisclosureSummary[]> {
  const records = await deps.store.find(
    { reviewerId: viewer.id, states: which === 'pending' ? PENDING : DECIDED },
    VIEW_LIST_LIMIT,
  );
  return records.map(toSummary);
}

/** Disclosures copied to HR (the caller checks the `hr` role). */
export async function listHrCopied(
  deps: DisclosureDeps,
  filter: { state?: DisclosureState; type?: DisclosureType } = {},
): Promise<DisclosureSummary[]> {
  const records = await deps.store.find(
    { hrCopied: true, ...(filter.state ? { states: [filter.state] } : {}), type: filter.type },
    VIEW_LIST_LIMIT,
  );
  return records.map(toSummary);
}

export function toSummary(record: DisclosureRecord): DisclosureSummary {
  const d = record.disclosure;
  const description = d.gift?.description ?? d.conflict?.description ?? '';
  return {
    id: d.id,
    reference: d.reference,
    type: d.type,
    category: d.gift ? d.gift.relationship : d.conflict!.category,
    summary: oneLine(description, 140),
    outcome: d.evaluation.outcome,
    state: d.state,
    employee: {
      id: record.employee.id,
      displayName: record.employee.displayName,
      department: record.employee.department,
    },
    reviewer: record.reviewer ? { id: record.reviewer.id, displayName: record.reviewer.displayName } : null,
    hrCopied: d.hrCopied,
    valueCents: d.gift?.valueCents ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function toDetail(
  record: DisclosureRecord,
  role: ViewerRole,
  timeline: TimelineEntry[],
): DisclosureDetail {
  const d = record.disclosure;
  return {
    ...toSummary(record),
    gift: d.gift,
    conflict: d.conflict,
    evaluation: {
      outcome: d.evaluation.outcome,
      citations: d.evaluation.citations,
      actions: d.evaluation.actions,
      guidance: d.evaluation.guidance,
    },
    decision: d.decision,
    decisionComment: d.decisionComment,
    conditions: d.conditions,
    infoRequest: d.infoRequest,
    infoAnswer: d.infoAnswer,
    resolution: d.resolution,
    version: d.version,
    viewerRole: role,
    allowedActions: allowedActions(d.state, role),
    timeline,
  };
}

export function allowedActions(state: DisclosureState, role: ViewerRole): AllowedAction[] {
  if (role === 'employee') {
    if (state === 'pending_review') return ['withdraw'];
    if (state === 'info_requested') return ['answer', 'withdraw'];
    if (state === 'action_required') return ['resolution'];
    return [];
  }
  if (role === 'reviewer' && state === 'pending_review')
    return ['approve', 'approve_with_conditions', 'deny', 'request_info'];
  return [];
}

/** Audit actions whose details carry a comment or text worth showing. */
const COMMENT_KEY: Readonly<Record<string, string>> = {
  decided: 'comment',
  info_requested: 'comment',
  info_answered: 'text',
  resolved: 'text',
};

/**
 * The audit trail as a timeline. Refused attempts (someone else trying to act) are shown only to the
 * ethics officer; nothing else of the audit details leaves the server.
 */
async function timelineOf(
  deps: DisclosureDeps,
  record: DisclosureRecord,
  role: ViewerRole,
  trail: AuditEntry[],
): Promise<TimelineEntry[]> {
  const entries = trail.filter((e) => e.action !== 'refused' || role === 'ethics_officer');
  const names = new Map<string, string>([
    [record.employee.id, record.employee.displayName],
    [SWEEP_ACTOR, 'Candor'], // reminders and escalations: no directory lookup for it
  ]);
  if (record.reviewer) names.set(record.reviewer.id, record.reviewer.displayName);
  for (const id of new Set(entries.map((e) => e.actorId))) {
    if (names.has(id)) continue;
    const person = await deps.directory.getUser(id).catch(() => null);
    names.set(id, person?.displayName ?? id);
  }
  return entries.map((e) => {
    const key = COMMENT_KEY[e.action];
    const comment = key ? e.details?.[key] : undefined;
    return {
      at: e.at.toISOString(),
      action: e.action,
      actor: { id: e.actorId, displayName: names.get(e.actorId) ?? e.actorId },
      fromState: e.fromState,
      toState: e.toState,
      ...(typeof comment === 'string' && comment !== '' ? { comment } : {}),
    };
  });
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
