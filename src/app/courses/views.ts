/**
 * What the tab and the public pages show of a course. A learner's view carries the sections only: the
 * knowledge check reaches the browser as a paper (questions and choices, no answers) when an attempt starts.
 */
import type { CourseContent, Section } from '../../domain/courses/content';
import type { Course, Enrollment } from '../../domain/courses/types';

export interface CourseSummary {
  id: string;
  title: string;
  status: Course['status'];
  currentVersion: number | null;
  audience: CourseContent['audience'];
  updatedAt: string;
}

export function courseSummary(c: Course): CourseSummary {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    currentVersion: c.currentVersion,
    audience: c.draft.audience,
    updatedAt: c.updatedAt.toISOString(),
  };
}

export interface LearnerContent {
  id: string;
  version: number;
  title: string;
  description: string;
  estimatedMinutes: number;
  passMarkPercent: number;
  sections: Section[];
  questionCount: number;
}

export function learnerContent(courseId: string, version: number, c: CourseContent): LearnerContent {
  return {
    id: courseId,
    version,
    title: c.title,
    description: c.description,
    estimatedMinutes: c.estimatedMinutes,
    passMarkPercent: c.passMarkPercent,
    sections: c.sections,
    questionCount: c.questions.length,
  };
}

export interface EnrollmentView {
  status: Enrollment['status'];
  version: number;
  sectionsRead: string[];
  completedVersion: number | null;
  completedAt: string | null;
}

export function enrollmentView(e: Enrollment): EnrollmentView {
  return {
    status: e.status,
    version: e.version,
    sectionsRead: e.sectionsRead,
    completedVersion: e.completedVersion,
    completedAt: e.completedAt?.toISOString() ?? null,
  };
}
