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

export interface EventsTable {
  id: string;
  public_id: string;
  kind: 'outreach' | 'training';
  audience: 'staff' | 'public';
  title: string;
  description: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: string;
  capacity: number | null;
  presenters: JSONColumnType<string[]>;
  registration_opens_at: Timestamp | null;
  registration_closes_at: Timestamp | null;
  completion_percent: number;
  status: 'scheduled' | 'cancelled';
  meeting: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  materials: JSONColumnType<Array<Record<string, unknown>>>;
  materials_sent_at: Timestamp | null;
  organizer_id: string;
  organizer_name: string;
  cancel_reason: string | null;
  attendance_read_at: Timestamp | null;
  unmatched_attendees: JSONColumnType<Array<Record<string, unknown>>>;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventRegistrationsTable {
  id: string;
  event_id: string;
  user_id: string | null;
  name: string;
  email: string | null;
  status: 'registered' | 'waitlisted' | 'cancelled';
  token: string;
  queued_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  attended_minutes: number | null;
  attendance_source: 'report' | 'manual' | null;
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
  reminder_interval_days: Generated<number>;
  reminder_round: Generated<number>;
  last_reminded_at: Date | null;
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
  reminders_sent: Generated<number>;
  last_reminded_at: Date | null;
}

export interface CampaignRemindersTable {
  id: string;
  campaign_id: string;
  recipient_id: string;
  round: number;
  state: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
  reason: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_by: number | null;
  dispatched_at: Date | null;
  in_doubt: Generated<boolean>;
  install_tried: Generated<boolean>;
  activity_id: string | null;
  queued_at: Timestamp;
  sent_at: Date | null;
  updated_at: Timestamp;
}

export interface SendSlotsTable {
  tenant: string;
  next_at: Date;
}

export interface Database {
  disclosures: DisclosuresTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  conversation_refs: ConversationRefsTable;
  card_messages: CardMessagesTable;
  sent_notifications: SentNotificationsTable;
  delegations: DelegationsTable;
  events: EventsTable;
  event_registrations: EventRegistrationsTable;
  campaigns: CampaignsTable;
  campaign_recipients: CampaignRecipientsTable;
  send_slots: SendSlotsTable;
  campaign_reminders: CampaignRemindersTable;
}
