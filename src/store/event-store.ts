/** The EventStore port over PostgreSQL (Kysely). */
import { sql, type Selectable, type Transaction } from 'kysely';
import { transactionWithJobs } from './transaction-with-jobs';
import type { EventRecord, Material, Meeting, Registration, UnmatchedAttendee } from '../domain/events/types';
import type { AuditEntryInput } from '../ports/disclosure-store';
import type { EventStore, EventTx } from '../ports/event-store';
import type { Job } from '../ports/jobs';
import type { SendOptions, SqlExecutor } from '../jobs/job-queue';
import { appendAudit } from './audit-store';
import type { Db } from './db';
import { isUuid } from './disclosure-store';
import type { Database, EventRegistrationsTable, EventsTable } from './schema';

export type DelayedJobSink = (job: Job, execute: SqlExecutor, options: SendOptions) => Promise<void>;

export class PgEventStore implements EventStore {
  constructor(
    private readonly db: Db,
    private readonly sendJob: DelayedJobSink,
    /** Called after a transaction that queued jobs commits. */
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  async transaction<T>(work: (tx: EventTx) => Promise<T>): Promise<T> {
    return transactionWithJobs(this.db, this.afterCommit, (trx, jobSql) =>
      work(new PgEventTx(trx, (job, options) => this.sendJob(job, jobSql, options))),
    );
  }

  async get(id: string): Promise<EventRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEvent(row) : null;
  }

  async getByPublicId(publicId: string): Promise<EventRecord | null> {
    const row = await this.db
      .selectFrom('events')
      .selectAll()
      .where('public_id', '=', publicId)
      .executeTakeFirst();
    return row ? toEvent(row) : null;
  }

  async listUpcoming(now: Date, limit: number): Promise<EventRecord[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('ends_at', '>', now)
      .orderBy('starts_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  async listPast(now: Date, limit: number): Promise<EventRecord[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where((eb) => eb.or([eb('ends_at', '<=', now), eb('status', '=', 'cancelled')]))
      .orderBy('starts_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  async registrations(eventId: string): Promise<Registration[]> {
    if (!isUuid(eventId)) return [];
    const rows = await this.db
      .selectFrom('event_registrations')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('queued_at')
      .orderBy('id')
      .execute();
    return rows.map(toRegistration);
  }

  async registrationByToken(token: string): Promise<Registration | null> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
    const row = await this.db
      .selectFrom('event_registrations')
      .selectAll()
      .where('token', '=', token)
      .executeTakeFirst();
    return row ? toRegistration(row) : null;
  }

  async registrationsOf(userId: string, eventIds: string[]): Promise<Registration[]> {
    if (eventIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('event_registrations')
      .selectAll()
      .where('user_id', '=', userId)
      .where('event_id', 'in', eventIds)
      .execute();
    return rows.map(toRegistration);
  }

  async registeredCounts(eventIds: string[]): Promise<Map<string, number>> {
    if (eventIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('event_registrations')
      .select(['event_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('event_id', 'in', eventIds)
      .where('status', '=', 'registered')
      .groupBy('event_id')
      .execute();
    return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
  }
}

class PgEventTx implements EventTx {
  constructor(
    private readonly trx: Transaction<Database>,
    private readonly queue: (job: Job, options: SendOptions) => Promise<void>,
  ) {}

  async insertEvent(e: EventRecord): Promise<void> {
    await this.trx
      .insertInto('events')
      .values({
        ...toEventRow(e),
        id: e.id,
        public_id: e.publicId,
        version: e.version,
        created_at: e.createdAt,
      })
      .execute();
  }

  async getForUpdate(id: string): Promise<EventRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.trx
      .selectFrom('events')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? toEvent(row) : null;
  }

  async updateEvent(e: EventRecord): Promise<EventRecord> {
    const row = await this.trx
      .updateTable('events')
      .set({ ...toEventRow(e), version: sql<number>`version + 1` })
      .where('id', '=', e.id)
      .returning('version')
      .executeTakeFirstOrThrow();
    return { ...e, version: row.version };
  }

  async registrations(eventId: string): Promise<Registration[]> {
    const rows = await this.trx
      .selectFrom('event_registrations')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('queued_at')
      .orderBy('id')
      .execute();
    return rows.map(toRegistration);
  }

  async findRegistration(
    eventId: string,
    person: { userId: string } | { email: string },
  ): Promise<Registration | null> {
    let q = this.trx.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId);
    q =
      'userId' in person
        ? q.where('user_id', '=', person.userId)
        : q.where('user_id', 'is', null).where(sql`lower(email)`, '=', person.email.toLowerCase());
    const row = await q.executeTakeFirst();
    return row ? toRegistration(row) : null;
  }

  async registrationById(id: string): Promise<Registration | null> {
    if (!isUuid(id)) return null;
    const row = await this.trx
      .selectFrom('event_registrations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRegistration(row) : null;
  }

  async countRegistered(eventId: string): Promise<number> {
    const row = await this.trx
      .selectFrom('event_registrations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('event_id', '=', eventId)
      .where('status', '=', 'registered')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async firstWaitlisted(eventId: string): Promise<Registration | null> {
    const row = await this.trx
      .selectFrom('event_registrations')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('status', '=', 'waitlisted')
      .orderBy('queued_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row ? toRegistration(row) : null;
  }

  async insertRegistration(r: Registration): Promise<void> {
    await this.trx
      .insertInto('event_registrations')
      .values({
        id: r.id,
        event_id: r.eventId,
        user_id: r.userId,
        name: r.name,
        email: r.email,
        status: r.status,
        token: r.token,
        queued_at: r.createdAt,
        created_at: r.createdAt,
        updated_at: r.createdAt,
        attended_minutes: r.attendedMinutes,
        attendance_source: r.attendanceSource,
      })
      .execute();
  }

  async updateRegistration(r: Registration, opts: { requeue?: boolean } = {}): Promise<void> {
    const now = new Date();
    await this.trx
      .updateTable('event_registrations')
      .set({
        name: r.name,
        email: r.email,
        status: r.status,
        attended_minutes: r.attendedMinutes,
        attendance_source: r.attendanceSource,
        updated_at: now,
        ...(opts.requeue ? { queued_at: now } : {}),
      })
      .where('id', '=', r.id)
      .execute();
  }

  async markMaterialsSent(eventId: string, at: Date): Promise<void> {
    await this.trx.updateTable('events').set({ materials_sent_at: at }).where('id', '=', eventId).execute();
  }

  async audit(entry: AuditEntryInput): Promise<void> {
    await appendAudit(this.trx, entry, new Date());
  }

  async enqueue(job: Job, options: SendOptions = {}): Promise<void> {
    await this.queue(job, options);
  }
}

function toEventRow(e: EventRecord) {
  return {
    kind: e.kind,
    audience: e.audience,
    title: e.title,
    description: e.description,
    starts_at: e.startsAt,
    ends_at: e.endsAt,
    time_zone: e.timeZone,
    capacity: e.capacity,
    presenters: JSON.stringify(e.presenters),
    registration_opens_at: e.registrationOpensAt,
    registration_closes_at: e.registrationClosesAt,
    completion_percent: e.completionPercent,
    status: e.status,
    meeting: e.meeting ? JSON.stringify(e.meeting) : null,
    materials: JSON.stringify(e.materials),
    organizer_id: e.organizerId,
    organizer_name: e.organizerName,
    cancel_reason: e.cancelReason,
    attendance_read_at: e.attendanceReadAt,
    unmatched_attendees: JSON.stringify(e.unmatchedAttendees),
    updated_at: e.updatedAt,
  };
}

function toEvent(row: Selectable<EventsTable>): EventRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    kind: row.kind,
    audience: row.audience,
    title: row.title,
    description: row.description,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    capacity: row.capacity,
    presenters: row.presenters,
    registrationOpensAt: row.registration_opens_at,
    registrationClosesAt: row.registration_closes_at,
    completionPercent: row.completion_percent,
    status: row.status,
    meeting: (row.meeting as Meeting | null) ?? null,
    materials: row.materials as unknown as Material[],
    organizerId: row.organizer_id,
    organizerName: row.organizer_name,
    cancelReason: row.cancel_reason,
    attendanceReadAt: row.attendance_read_at,
    unmatchedAttendees: row.unmatched_attendees as unknown as UnmatchedAttendee[],
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRegistration(row: Selectable<EventRegistrationsTable>): Registration {
  return {
    id: row.id,
    eventId: row.event_id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    status: row.status,
    token: row.token,
    createdAt: row.created_at,
    attendedMinutes: row.attended_minutes,
    attendanceSource: row.attendance_source,
  };
}
