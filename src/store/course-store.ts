/** The CourseStore port over PostgreSQL (tables of migration 0007). */
import { type ColumnType, type JSONColumnType, type Kysely, type Selectable, type Transaction } from 'kysely';
import { transactionWithJobs } from './transaction-with-jobs';
import type { CourseContent } from '../domain/courses/content';
import type { Answers, Paper, Score } from '../domain/courses/scoring';
import type {
  Assignment,
  Attempt,
  Course,
  CourseStatus,
  CourseVersion,
  Enrollment,
  EnrollmentStatus,
  LearnerKind,
} from '../domain/courses/types';
import type { SendOptions } from '../jobs/job-queue';
import type { SqlExecutor } from '../jobs/job-queue';
import type { Clock } from '../ports/clock';
import type { AssignmentRow, CourseStore, CourseTx } from '../ports/course-store';
import type { AuditEntryInput } from '../ports/disclosure-store';
import type { Job } from '../ports/jobs';
import { appendAudit } from './audit-store';
import type { Db } from './db';
import type { Database } from './schema';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T extends object> = JSONColumnType<T, string, string>;

interface CoursesTable {
  id: string;
  title: string;
  status: CourseStatus;
  draft: Json<CourseContent>;
  current_version: number | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
interface CourseVersionsTable {
  course_id: string;
  version: number;
  content: Json<CourseContent>;
  published_by: string;
  published_at: Timestamp;
}
interface CourseEnrollmentsTable {
  id: string;
  course_id: string;
  version: number;
  learner_kind: LearnerKind;
  user_id: string | null;
  name: string;
  email: string | null;
  resume_token: string | null;
  sections_read: Json<string[]>;
  status: EnrollmentStatus;
  completed_version: number | null;
  completed_at: Timestamp | null;
  certificate_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
interface CourseAttemptsTable {
  id: string;
  enrollment_id: string;
  version: number;
  paper: Json<Paper>;
  answers: Json<Answers> | null;
  correct: number | null;
  total: number;
  passed: boolean | null;
  started_at: Timestamp;
  submitted_at: Timestamp | null;
}
interface CourseAssignmentsTable {
  id: string;
  course_id: string;
  user_id: string;
  user_name: string;
  due_on: string;
  assigned_by: string;
  assigned_at: Timestamp;
}

type CourseDb = Database & {
  courses: CoursesTable;
  course_versions: CourseVersionsTable;
  course_enrollments: CourseEnrollmentsTable;
  course_attempts: CourseAttemptsTable;
  course_assignments: CourseAssignmentsTable;
};

export type CourseJobSink = (job: Job, execute: SqlExecutor, options?: SendOptions) => Promise<void>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PgCourseStore implements CourseStore {
  private readonly db: Kysely<CourseDb>;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly sendJob: CourseJobSink,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.db = db as unknown as Kysely<CourseDb>;
  }

  async transaction<T>(work: (tx: CourseTx) => Promise<T>): Promise<T> {
    return transactionWithJobs(this.db, this.afterCommit, (trx, jobSql) =>
      work(new PgCourseTx(trx, this.clock, (job, options) => this.sendJob(job, jobSql, options))),
    );
  }

  async getCourse(id: string): Promise<Course | null> {
    if (!UUID.test(id)) return null;
    const row = await this.db.selectFrom('courses').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCourse(row) : null;
  }

  async listCourses(): Promise<Course[]> {
    const rows = await this.db.selectFrom('courses').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map(toCourse);
  }

  async getVersion(courseId: string, version: number): Promise<CourseVersion | null> {
    if (!UUID.test(courseId)) return null;
    const row = await this.db
      .selectFrom('course_versions')
      .selectAll()
      .where('course_id', '=', courseId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  async listVersions(courseId: string): Promise<Array<Omit<CourseVersion, 'content'>>> {
    if (!UUID.test(courseId)) return [];
    const rows = await this.db
      .selectFrom('course_versions')
      .select(['course_id', 'version', 'published_by', 'published_at'])
      .where('course_id', '=', courseId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      courseId: r.course_id,
      version: r.version,
      publishedBy: r.published_by,
      publishedAt: r.published_at,
    }));
  }

  async getEnrollment(id: string): Promise<Enrollment | null> {
    if (!UUID.test(id)) return null;
    const row = await this.db
      .selectFrom('course_enrollments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toEnrollment(row) : null;
  }

  async findEnrollmentByToken(resumeToken: string): Promise<Enrollment | null> {
    const row = await this.db
      .selectFrom('course_enrollments')
      .selectAll()
      .where('resume_token', '=', resumeToken)
      .executeTakeFirst();
    return row ? toEnrollment(row) : null;
  }

  async findStaffEnrollment(courseId: string, userId: string): Promise<Enrollment | null> {
    if (!UUID.test(courseId)) return null;
    const row = await this.db
      .selectFrom('course_enrollments')
      .selectAll()
      .where('course_id', '=', courseId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? toEnrollment(row) : null;
  }

  async listStaffEnrollments(userId: string): Promise<Enrollment[]> {
    const rows = await this.db
      .selectFrom('course_enrollments')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    return rows.map(toEnrollment);
  }

  async openAttempt(enrollmentId: string): Promise<Attempt | null> {
    const row = await this.db
      .selectFrom('course_attempts')
      .selectAll()
      .where('enrollment_id', '=', enrollmentId)
      .where('submitted_at', 'is', null)
      .executeTakeFirst();
    return row ? toAttempt(row) : null;
  }

  async completedWithoutCertificate(limit: number): Promise<Enrollment[]> {
    const rows = await this.db
      .selectFrom('course_enrollments')
      .selectAll()
      .where('status', '=', 'completed')
      .where('certificate_id', 'is', null)
      .limit(limit)
      .execute();
    return rows.map(toEnrollment);
  }

  async getAssignment(id: string): Promise<Assignment | null> {
    if (!UUID.test(id)) return null;
    const row = await this.db
      .selectFrom('course_assignments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toAssignment(row) : null;
  }

  async listAssignments(courseId: string): Promise<AssignmentRow[]> {
    if (!UUID.test(courseId)) return [];
    const rows = await this.db
      .selectFrom('course_assignments as a')
      .leftJoin('course_enrollments as e', (j) =>
        j.onRef('e.course_id', '=', 'a.course_id').onRef('e.user_id', '=', 'a.user_id'),
      )
      .selectAll('a')
      .select(['e.completed_at', 'e.completed_version', 'e.certificate_id'])
      .where('a.course_id', '=', courseId)
      .orderBy('a.due_on')
      .orderBy('a.user_name')
      .execute();
    return rows.map((r) => ({
      ...toAssignment(r),
      completedAt: r.completed_at,
      completedVersion: r.completed_version,
      certificateId: r.certificate_id,
    }));
  }

  async assignmentsForUser(userId: string): Promise<Assignment[]> {
    const rows = await this.db
      .selectFrom('course_assignments')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('due_on')
      .execute();
    return rows.map(toAssignment);
  }
}

class PgCourseTx implements CourseTx {
  constructor(
    private readonly trx: Transaction<CourseDb>,
    private readonly clock: Clock,
    private readonly queue: (job: Job, options?: SendOptions) => Promise<void>,
  ) {}

  async insertCourse(c: Course): Promise<void> {
    await this.trx
      .insertInto('courses')
      .values({
        id: c.id,
        title: c.title,
        status: c.status,
        draft: JSON.stringify(c.draft),
        current_version: c.currentVersion,
        created_by: c.createdBy,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
  }

  async lockCourse(id: string): Promise<Course | null> {
    if (!UUID.test(id)) return null;
    const row = await this.trx
      .selectFrom('courses')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? toCourse(row) : null;
  }

  async saveDraft(id: string, draft: CourseContent, at: Date): Promise<void> {
    await this.trx
      .updateTable('courses')
      .set({ draft: JSON.stringify(draft), title: draft.title, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async insertVersion(v: CourseVersion): Promise<void> {
    await this.trx
      .insertInto('course_versions')
      .values({
        course_id: v.courseId,
        version: v.version,
        content: JSON.stringify(v.content),
        published_by: v.publishedBy,
        published_at: v.publishedAt,
      })
      .execute();
  }

  async setStatus(id: string, status: CourseStatus, currentVersion: number | null, at: Date): Promise<void> {
    await this.trx
      .updateTable('courses')
      .set({ status, current_version: currentVersion, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async insertEnrollment(e: Enrollment): Promise<Enrollment> {
    const inserted = await this.trx
      .insertInto('course_enrollments')
      .values({
        id: e.id,
        course_id: e.courseId,
        version: e.version,
        learner_kind: e.learnerKind,
        user_id: e.userId,
        name: e.name,
        email: e.email,
        resume_token: e.resumeToken,
        sections_read: JSON.stringify(e.sectionsRead),
        status: e.status,
        completed_version: null,
        completed_at: null,
        certificate_id: null,
        created_at: e.createdAt,
        updated_at: e.updatedAt,
      })
      .onConflict((oc) => oc.columns(['course_id', 'user_id']).where('user_id', 'is not', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return toEnrollment(inserted);
    const existing = await this.trx
      .selectFrom('course_enrollments')
      .selectAll()
      .where('course_id', '=', e.courseId)
      .where('user_id', '=', e.userId)
      .executeTakeFirstOrThrow();
    return toEnrollment(existing);
  }

  async lockEnrollment(id: string): Promise<Enrollment | null> {
    if (!UUID.test(id)) return null;
    const row = await this.trx
      .selectFrom('course_enrollments')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? toEnrollment(row) : null;
  }

  async saveSectionsRead(id: string, sectionsRead: string[], at: Date): Promise<void> {
    await this.trx
      .updateTable('course_enrollments')
      .set({ sections_read: JSON.stringify(sectionsRead), updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async completeEnrollment(id: string, version: number, at: Date): Promise<void> {
    await this.trx
      .updateTable('course_enrollments')
      .set({ status: 'completed', completed_version: version, completed_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async setCertificate(enrollmentId: string, certificateId: string): Promise<void> {
    await this.trx
      .updateTable('course_enrollments')
      .set({ certificate_id: certificateId })
      .where('id', '=', enrollmentId)
      .execute();
  }

  async insertAttempt(a: Attempt): Promise<Attempt> {
    const inserted = await this.trx
      .insertInto('course_attempts')
      .values({
        id: a.id,
        enrollment_id: a.enrollmentId,
        version: a.version,
        paper: JSON.stringify(a.paper),
        answers: null,
        correct: null,
        total: a.total,
        passed: null,
        started_at: a.startedAt,
        submitted_at: null,
      })
      .onConflict((oc) => oc.column('enrollment_id').where('submitted_at', 'is', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return toAttempt(inserted);
    const open = await this.trx
      .selectFrom('course_attempts')
      .selectAll()
      .where('enrollment_id', '=', a.enrollmentId)
      .where('submitted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return toAttempt(open);
  }

  async lockAttempt(id: string): Promise<Attempt | null> {
    if (!UUID.test(id)) return null;
    const row = await this.trx
      .selectFrom('course_attempts')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? toAttempt(row) : null;
  }

  async submitAttempt(id: string, answers: Answers, score: Score, at: Date): Promise<void> {
    await this.trx
      .updateTable('course_attempts')
      .set({
        answers: JSON.stringify(answers),
        correct: score.correct,
        passed: score.passed,
        submitted_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  async upsertAssignment(a: Assignment): Promise<{ assignment: Assignment; changed: boolean }> {
    const before = await this.trx
      .selectFrom('course_assignments')
      .selectAll()
      .where('course_id', '=', a.courseId)
      .where('user_id', '=', a.userId)
      .forUpdate()
      .executeTakeFirst();
    if (before && before.due_on === a.dueOn) return { assignment: toAssignment(before), changed: false };
    const row = await this.trx
      .insertInto('course_assignments')
      .values({
        id: a.id,
        course_id: a.courseId,
        user_id: a.userId,
        user_name: a.userName,
        due_on: a.dueOn,
        assigned_by: a.assignedBy,
        assigned_at: a.assignedAt,
      })
      .onConflict((oc) =>
        oc.columns(['course_id', 'user_id']).doUpdateSet({
          due_on: a.dueOn,
          assigned_by: a.assignedBy,
          assigned_at: a.assignedAt,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return { assignment: toAssignment(row), changed: true };
  }

  async audit(entry: AuditEntryInput): Promise<void> {
    await appendAudit(this.trx as unknown as Transaction<Database>, entry, this.clock.now());
  }

  async enqueue(job: Job, options?: SendOptions): Promise<void> {
    await this.queue(job, options);
  }
}

const toCourse = (r: Selectable<CoursesTable>): Course => ({
  id: r.id,
  title: r.title,
  status: r.status,
  draft: r.draft,
  currentVersion: r.current_version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toVersion = (r: Selectable<CourseVersionsTable>): CourseVersion => ({
  courseId: r.course_id,
  version: r.version,
  content: r.content,
  publishedBy: r.published_by,
  publishedAt: r.published_at,
});

const toEnrollment = (r: Selectable<CourseEnrollmentsTable>): Enrollment => ({
  id: r.id,
  courseId: r.course_id,
  version: r.version,
  learnerKind: r.learner_kind,
  userId: r.user_id,
  name: r.name,
  email: r.email,
  resumeToken: r.resume_token,
  sectionsRead: r.sections_read,
  status: r.status,
  completedVersion: r.completed_version,
  completedAt: r.completed_at,
  certificateId: r.certificate_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toAttempt = (r: Selectable<CourseAttemptsTable>): Attempt => ({
  id: r.id,
  enrollmentId: r.enrollment_id,
  version: r.version,
  paper: r.paper,
  answers: r.answers,
  correct: r.correct,
  total: r.total,
  passed: r.passed,
  startedAt: r.started_at,
  submittedAt: r.submitted_at,
});

const toAssignment = (r: Selectable<CourseAssignmentsTable>): Assignment => ({
  id: r.id,
  courseId: r.course_id,
  userId: r.user_id,
  userName: r.user_name,
  dueOn: r.due_on,
  assignedBy: r.assigned_by,
  assignedAt: r.assigned_at,
});
