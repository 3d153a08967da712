/** Where courses, versions, enrollments, attempts and assignments are kept (PostgreSQL: src/store/course-store.ts). */
import type {
  Assignment,
  Attempt,
  Course,
  CourseStatus,
  CourseVersion,
  Enrollment,
} from '../domain/courses/types';
import type { CourseContent } from '../domain/courses/content';
import type { Answers, Score } from '../domain/courses/scoring';
import type { SendOptions } from '../jobs/job-queue';
import type { AuditEntryInput } from './disclosure-store';
import type { Job } from './jobs';

/** An assignment with the assignee's completion, for the report. */
export interface AssignmentRow extends Assignment {
  completedAt: Date | null;
  completedVersion: number | null;
  certificateId: string | null;
}

export interface CourseTx {
  insertCourse(course: Course): Promise<void>;
  /** The course locked for the transaction, or null. */
  lockCourse(id: string): Promise<Course | null>;
  saveDraft(id: string, draft: CourseContent, at: Date): Promise<void>;
  insertVersion(version: CourseVersion): Promise<void>;
  setStatus(id: string, status: CourseStatus, currentVersion: number | null, at: Date): Promise<void>;
  /** Inserts, or returns the staff member's existing enrollment in the course. */
  insertEnrollment(enrollment: Enrollment): Promise<Enrollment>;
  lockEnrollment(id: string): Promise<Enrollment | null>;
  saveSectionsRead(id: string, sectionsRead: string[], at: Date): Promise<void>;
  completeEnrollment(id: string, version: number, at: Date): Promise<void>;
  setCertificate(enrollmentId: string, certificateId: string): Promise<void>;
  /** Inserts, or returns the enrollment's open attempt when it has one. */
  insertAttempt(attempt: Attempt): Promise<Attempt>;
  lockAttempt(id: string): Promise<Attempt | null>;
  submitAttempt(id: string, answers: Answers, score: Score, at: Date): Promise<void>;
  /** Inserts or updates (due date) the assignment; `changed` is false when it was already so. */
  upsertAssignment(assignment: Assignment): Promise<{ assignment: Assignment; changed: boolean }>;
  audit(entry: AuditEntryInput): Promise<void>;
  enqueue(job: Job, options?: SendOptions): Promise<void>;
}

export interface CourseStore {
  transaction<T>(work: (tx: CourseTx) => Promise<T>): Promise<T>;
  getCourse(id: string): Promise<Course | null>;
  /** Every course, newest first. */
  listCourses(): Promise<Course[]>;
  getVersion(courseId: string, version: number): Promise<CourseVersion | null>;
  listVersions(courseId: string): Promise<Array<Omit<CourseVersion, 'content'>>>;
  getEnrollment(id: string): Promise<Enrollment | null>;
  findEnrollmentByToken(resumeToken: string): Promise<Enrollment | null>;
  findStaffEnrollment(courseId: string, userId: string): Promise<Enrollment | null>;
  listStaffEnrollments(userId: string): Promise<Enrollment[]>;
  openAttempt(enrollmentId: string): Promise<Attempt | null>;
  /** Completed (passed) enrollments that have no certificate yet. */
  completedWithoutCertificate(limit: number): Promise<Enrollment[]>;
  getAssignment(id: string): Promise<Assignment | null>;
  listAssignments(courseId: string): Promise<AssignmentRow[]>;
  assignmentsForUser(userId: string): Promise<Assignment[]>;
}
