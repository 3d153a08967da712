/** Courses, their versions, learners' enrollments and attempts, and assignments, as the use cases see them. */
import type { CourseContent } from './content';
import type { Answers, Paper } from './scoring';

export type CourseStatus = 'draft' | 'published' | 'retired';

export interface Course {
  id: string;
  /** The draft's title (the published title is in the version). */
  title: string;
  status: CourseStatus;
  /** The working copy the authors edit; publishing copies it into a new version. */
  draft: CourseContent;
  /** The latest published version, or null before the first publication. */
  currentVersion: number | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A published version: immutable. */
export interface CourseVersion {
  courseId: string;
  version: number;
  content: CourseContent;
  publishedBy: string;
  publishedAt: Date;
}

export type LearnerKind = 'staff' | 'public';
export type EnrollmentStatus = 'in_progress' | 'completed';

/** One learner taking one course: their progress, and their completion once they pass. */
export interface Enrollment {
  id: string;
  courseId: string;
  /** The version being taken (the current one when they started). */
  version: number;
  learnerKind: LearnerKind;
  /** Staff: Entra object id. */
  userId: string | null;
  name: string;
  email: string | null;
  /** Public learners come back with `/learn/r/{resumeToken}`. */
  resumeToken: string | null;
  sectionsRead: string[];
  status: EnrollmentStatus;
  /** The version the completion was earned on. */
  completedVersion: number | null;
  completedAt: Date | null;
  certificateId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Attempt {
  id: string;
  enrollmentId: string;
  version: number;
  paper: Paper;
  answers: Answers | null;
  correct: number | null;
  total: number;
  passed: boolean | null;
  startedAt: Date;
  submittedAt: Date | null;
}

export interface Assignment {
  id: string;
  courseId: string;
  userId: string;
  userName: string;
  /** YYYY-MM-DD, agency time zone. */
  dueOn: string;
  assignedBy: string;
  assignedAt: Date;
}

export type AssignmentState = 'completed' | 'overdue' | 'pending';

/** Where an assigned person stands, on `today` (YYYY-MM-DD): done, late, or still in time. */
export function assignmentState(
  a: { dueOn: string; completedAt: Date | null },
  today: string,
): AssignmentState {
  if (a.completedAt) return 'completed';
  return a.dueOn < today ? 'overdue' : 'pending';
}
