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

export interface CampaignsTable {
  id: string;
  pack_id: string;
  policy_title: string;
  organization: string;
  clauses: JSONColumnType<Array<{ clause: string; quote: string }>>;
  year: number;
  audience: JSONColumnType<Record<string, unknown>>;
  audience_label: string;
  created_by: string;
  created_at: Timestamp;
}

export interface CampaignRecipientsTable {
  id: string;
  campaign_id: string;
  user_id: string;
  display_name: string;
  email: string;
  department: string | null;
  state: 'queued' | 'sending' | 'sent' | 'acknowledged' | 'failed';
  reason: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_by: number | null;
  dispatched_at: Date | null;
  in_doubt: Generated<boolean>;
  install_tried: Generated<boolean>;
  conversation_id: string | null;
  activity_id: string | null;
  queued_at: Timestamp;
  sent_at: Date | null;
  acknowledged_at: Date | null;
  updated_at: Timestamp;
}

export interface SendSlotsTable {
  tenant: string;
  next_at: Date;
}

export interface Database {
  disclosures: DisclosuresTable;
  audit_log: AuditLogTable;
  conversation_refs: ConversationRefsTable;
  card_messages: CardMessagesTable;
  sent_notifications: SentNotificationsTable;
  campaigns: CampaignsTable;
  campaign_recipients: CampaignRecipientsTable;
  send_slots: SendSlotsTable;
}
