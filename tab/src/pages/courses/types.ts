/** The shapes of the course routes of the tab API (docs/api.md, "Courses"). */
import type { Block, CourseContent, Section } from '../../../../src/domain/courses/content';

export type { Block, CourseContent, Section };

export interface CertificateView {
  id: string;
  code: string;
  status: 'valid' | 'revoked';
  title: string;
  completedOn: string;
  pdfUrl: string | null;
  verifyUrl: string;
  source: { kind: 'event' | 'course'; id: string; version: number | null };
}

export interface CourseListItem {
  id: string;
  title: string;
  description: string;
  estimatedMinutes: number;
  status: 'not_started' | 'in_progress' | 'completed';
  assignment: { dueOn: string; state: 'completed' | 'overdue' | 'pending' } | null;
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

export interface EnrollmentView {
  status: 'in_progress' | 'completed';
  version: number;
  sectionsRead: string[];
  completedVersion: number | null;
  completedAt: string | null;
}

export interface LearnerView {
  course: LearnerContent;
  enrollment: EnrollmentView | null;
  certificate: CertificateView | null;
}

export interface PaperQuestion {
  id: string;
  kind: 'single' | 'multiple';
  prompt: string;
  choices: Array<{ id: string; text: string }>;
}

export interface Score {
  correct: number;
  total: number;
  percent: number;
  passed: boolean;
  results: Array<{ questionId: string; prompt: string; correct: boolean; explanation: string }>;
}

export interface CourseSummary {
  id: string;
  title: string;
  status: 'draft' | 'published' | 'retired';
  currentVersion: number | null;
  audience: CourseContent['audience'];
  updatedAt: string;
}

export interface CourseDetail extends CourseSummary {
  draft: CourseContent;
  versions: Array<{ version: number; publishedAt: string }>;
}

export interface AssignmentRow {
  userId: string;
  name: string;
  dueOn: string;
  state: 'completed' | 'overdue' | 'pending';
  completedAt: string | null;
  completedVersion: number | null;
}

export interface Person {
  id: string;
  displayName: string;
  department: string | null;
}

export const AUDIENCE_LABELS: Record<CourseContent['audience'], string> = {
  staff: 'Staff',
  public: 'The public',
  both: 'Staff and the public',
};

export const STATUS_LABELS: Record<CourseSummary['status'], string> = {
  draft: 'Draft',
  published: 'Published',
  retired: 'Retired',
};
