/**
 * The shapes of the tab API (docs/api.md). Codes reuse the domain's own types, so a new state or category
 * added there shows up here (and in the labels) at compile time.
 */
import type {
  ConflictCategory,
  ConflictFacts,
  Decision,
  DisclosureState,
  DisclosureType,
  GiftDisposition,
  GiftKind,
  GiftOccasion,
  GiftRelationship,
  PolicyOutcome,
  RequiredAction,
} from '../../src/domain/disclosure/types';

export type {
  ConflictCategory,
  Decision,
  DisclosureState,
  DisclosureType,
  GiftRelationship,
  PolicyOutcome,
  RequiredAction,
};

export type Role = 'employee' | 'ethics_officer' | 'hr' | 'outreach' | 'admin';

export interface Me {
  id: string;
  displayName: string;
  email: string | null;
  department: string | null;
  roles: Role[];
}

export interface DevPerson {
  id: string;
  displayName: string;
  jobTitle: string | null;
  department: string | null;
  roles: Role[];
}

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface DisclosureSummary {
  id: string;
  reference: string;
  type: DisclosureType;
  /** The gift's relationship or the conflict's category. */
  category: GiftRelationship | ConflictCategory | string;
  summary: string;
  outcome: PolicyOutcome;
  state: DisclosureState;
  employee: PersonRef & { department: string | null };
  reviewer: PersonRef | null;
  hrCopied: boolean;
  valueCents: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface GiftDetailsJson {
  donorName: string;
  donorOrganization: string | null;
  relationship: GiftRelationship;
  occasion: GiftOccasion;
  kind: GiftKind;
  description: string;
  valueCents: number;
  dateReceived: string;
  asGroupMember: boolean;
  disposition: GiftDisposition;
}

export interface ConflictDetailsJson {
  category: ConflictCategory;
  description: string;
  parties: string;
  startDate: string | null;
  endDate: string | null;
  ongoing: boolean;
  facts: ConflictFacts;
}

export interface CitationJson {
  ruleId?: string;
  packId?: string;
  document: string;
  clause: string;
  quote: string;
}

export interface TimelineEntry {
  at: string;
  action: string;
  actor: PersonRef | null;
  fromState: DisclosureState | null;
  toState: DisclosureState | null;
  comment?: string | null;
}

export type ViewerRole = 'employee' | 'reviewer' | 'hr' | 'ethics_officer';

export interface DisclosureDetail extends DisclosureSummary {
  gift: GiftDetailsJson | null;
  conflict: ConflictDetailsJson | null;
  evaluation: {
    outcome: PolicyOutcome;
    citations: CitationJson[];
    actions: RequiredAction[];
    guidance: string[];
  };
  decision: Decision | null;
  decisionComment: string | null;
  conditions: string | null;
  infoRequest: string | null;
  infoAnswer: string | null;
  resolution: string | null;
  version: number;
  viewerRole: ViewerRole;
  allowedActions: string[];
  timeline: TimelineEntry[];
}

export interface ItemsOf<T> {
  items: T[];
}

export interface RegisterPage {
  items: DisclosureSummary[];
  nextCursor: string | null;
}

export interface DonorTotal {
  donor: string;
  employeeId: string;
  employeeName: string;
  totalCents: number;
  count: number;
}

export interface RegisterStats {
  byMonth: Array<{ month: string; count: number }>;
  byCategory: Array<{ key: string; count: number }>;
  byOutcome: Array<{ key: string; count: number }>;
}

/** An `application/problem+json` body. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
  /** Events: for a local time that happens twice, the UTC offsets to choose from, per field. */
  choices?: Record<string, Array<{ offset: string; label: string }>>;
}
