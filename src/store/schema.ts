/** Kysely table types: the database as the store sees it. Migrations in ./migrations define it. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DisclosuresTable {
  id: string;
  reference: string;
  type: 'gift' | 'conflict';
  employee_id: string;
  employee_name: string;
  employee_email: string;
  employee_department: string | null;
  details: JSONColumnType<Record<string, unknown>>;
  evaluation: JSONColumnType<Record<string, unknown>>;
  outcome: 'permitted' | 'review' | 'prohibited';
  state: string;
  reviewer_id: string | null;
  reviewer_name: string | null;
  hr_copied: boolean;
  hr_contact_id: string | null;
  decision: string | null;
  decision_comment: string | null;
  conditions: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  info_request: string | null;
  info_answer: string | null;
  resolution: string | null;
  donor_key: string | null;
  gift_value_cents: number | null;
  gift_date: string | null;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  remind_at: Date | null;
  reminded_at: Date | null;
  escalate_at: Date | null;
  escalated_at: Date | null;
  stands_in_for_id: string | null;
  stands_in_for_name: string | null;
  stands_in_reason: 'delegation' | 'away' | null;
  escalated_from_id: string | null;
  escalated_from_name: string | null;
}

export interface DelegationsTable {
  id: string;
  reviewer_id: string;
  delegate_id: string;
  delegate_name: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  created_at: Timestamp;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  seq: Generated<string>;
  disclosure_id: string | null;
  actor_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  details: JSONColumnType<Record<string, unknown>>;
  at: Timestamp;
  prev_hash: string;
  hash: string;
}

/** One row: the hash of the audit log's last entry (migration 0008). */
export interface AuditHeadTable {
  one: Generated<boolean>;
  hash: string;
}

export interface ConversationRefsTable {
  user_id: string;
  teams_user_id: string;
  conversation_id: string;
  service_url: string;
  tenant_id: string | null;
  reference: JSONColumnType<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface CardMessagesTable {
  disclosure_id: string;
  role: 'employee' | 'reviewer' | 'hr';
  user_id: string;
  conversation_id: string;
  activity_id: string;
  updated_at: Timestamp;
}

export interface SentNotificationsTable {
  key: string;
  conversation_id: string;
  activity_id: string | null;
  sent_at: Timestamp;
}

export interface Database {
  disclosures: DisclosuresTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  conversation_refs: ConversationRefsTable;
  card_messages: CardMessagesTable;
  sent_notifications: SentNotificationsTable;
  delegations: DelegationsTable;
}
