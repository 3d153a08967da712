/**
 * Outreach events and trainings, their registrations (with the waitlist) and attendance.
 *
 * One row per person and event in `event_registrations` (a staff member by Entra object id, a member of
 * the public by email): registering again after cancelling reuses the row. The waitlist is ordered by
 * `queued_at`, which is reset when a person re-joins it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table events (
      id uuid primary key,
      public_id text not null unique,
      kind text not null check (kind in ('outreach', 'training')),
      audience text not null check (audience in ('staff', 'public')),
      title text not null,
      description text not null default '',
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      time_zone text not null,
      capacity integer check (capacity is null or capacity > 0),
      presenters jsonb not null default '[]',
      registration_opens_at timestamptz,
      registration_closes_at timestamptz,
      completion_percent integer not null default 80 check (completion_percent between 1 and 100),
      status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
      meeting jsonb,
      materials jsonb not null default '[]',
      materials_sent_at timestamptz,
      organizer_id text not null,
      organizer_name text not null,
      cancel_reason text,
      attendance_read_at timestamptz,
      unmatched_attendees jsonb not null default '[]',
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index events_starts_at_idx on events (starts_at)`.execute(db);

  await sql`
    create table event_registrations (
      id uuid primary key,
      event_id uuid not null references events (id),
      user_id text,
      name text not null,
      email text,
      status text not null check (status in ('registered', 'waitlisted', 'cancelled')),
      token text not null unique,
      queued_at timestamptz not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      attended_minutes integer check (attended_minutes is null or attended_minutes >= 0),
      attendance_source text check (attendance_source in ('report', 'manual')),
      check (user_id is not null or email is not null)
    )`.execute(db);
  await sql`create unique index event_registrations_user_idx on event_registrations (event_id, user_id)
            where user_id is not null`.execute(db);
  await sql`create unique index event_registrations_email_idx on event_registrations (event_id, lower(email))
            where user_id is null`.execute(db);
  await sql`create index event_registrations_queue_idx on event_registrations (event_id, status, queued_at)`.execute(
    db,
  );
  await sql`create index event_registrations_person_idx on event_registrations (user_id) where user_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists event_registrations`.execute(db);
  await sql`drop table if exists events`.execute(db);
}
