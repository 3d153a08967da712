/**
 * Taking a course: staff (signed in to the tab) and the public (name and email, then an unguessable
 * resume link) start it, read its sections (progress saved), and take the knowledge check: each attempt
 * gets the questions and choices in a fresh order, the browser never sees the answers before it submits,
 * and the server scores it. Passing completes the enrollment on the version taken and issues the
 * certificate of completion (a job queued with the completion guarantees it; the inline issue makes it
 * immediate).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CertificateService } from '../../domain/certificates/types';
import type { Certificate } from '../../domain/certificates/types';
import { forPublic, forStaff, type CourseContent } from '../../domain/courses/content';
import {
  drawPaper,
  paperQuestions,
  scoreAttempt,
  type Answers,
  type PaperQuestion,
  type Score,
} from '../../domain/courses/scoring';
import type { Attempt, Course, CourseVersion, Enrollment } from '../../domain/courses/types';
import { ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from '../../domain/errors';
import type { Clock } from '../../ports/clock';
import type { CourseStore, CourseTx } from '../../ports/course-store';

export interface LearningDeps {
  store: CourseStore;
  clock: Clock;
  certificates: CertificateService;
  /** The agency's IANA zone: the completion date printed on the certificate is a day there. */
  timeZone: string;
  /** Uniform in [0, 1): the shuffles. */
  random?: () => number;
}

export interface PublicLearner {
  name: string;
  email: string;
}

export interface StaffLearner {
  id: string;
  displayName: string;
  email: string | null;
}

/** What a learner sees of their course: its published content without the knowledge check's answers. */
export interface LearnerCourse {
  enrollment: Enrollment;
  version: CourseVersion;
}

export interface SubmitResult {
  score: Score;
  enrollment: Enrollment;
  certificate: Certificate | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const cryptoRandom = () => randomInt(0, 2 ** 32) / 2 ** 32;

export class CourseLearning {
  private readonly random: () => number;

  constructor(private readonly deps: LearningDeps) {
    this.random = deps.random ?? cryptoRandom;
  }

  /** Starts (or resumes: one enrollment per staff member and course) a staff member's course. */
  async startStaff(courseId: string, learner: StaffLearner): Promise<Enrollment> {
    const course = await this.openCourse(courseId, 'staff');
    return this.deps.store.transaction((tx) =>
      tx.insertEnrollment(
        this.newEnrollment(course, 'staff', learner.id, learner.displayName, learner.email),
      ),
    );
  }

  /** Starts a public learner's course; they come back with the enrollment's resume token. */
  async startPublic(courseId: string, learner: PublicLearner): Promise<Enrollment> {
    const name = learner.name.trim().replace(/\s+/g, ' ');
    const email = learner.email.trim();
    const errors = [];
    if (!name)
      errors.push({ field: 'name', message: 'Enter your name as it should appear on the certificate.' });
    else if (name.length > 200)
      errors.push({ field: 'name', message: 'Keep your name under 200 characters.' });
    if (!EMAIL.test(email) || email.length > 254)
      errors.push({ field: 'email', message: 'Enter an email address, like name@example.com.' });
    if (errors.length > 0) throw new ValidationError(errors);
    const course = await this.openCourse(courseId, 'public');
    return this.deps.store.transaction((tx) =>
      tx.insertEnrollment(this.newEnrollment(course, 'public', null, name, email)),
    );
  }

  /** The version the learner is taking, with their enrollment. */
  async view(enrollment: Enrollment): Promise<LearnerCourse> {
    const version = await this.deps.store.getVersion(enrollment.courseId, enrollment.version);
    if (!version) throw new Error(`Enrollment ${enrollment.id} names a version that does not exist`);
    return { enrollment, version };
  }

  async markRead(enrollmentId: string, sectionId: string): Promise<Enrollment> {
    return this.deps.store.transaction(async (tx) => {
      const e = await lockedEnrollment(tx, enrollmentId);
      const { content } = await this.versionOf(e);
      if (!content.sections.some((s) => s.id === sectionId)) throw new NotFoundError('Section', sectionId);
      if (e.sectionsRead.includes(sectionId)) return e;
      const sectionsRead = content.sections
        .map((s) => s.id)
        .filter((id) => id === sectionId || e.sectionsRead.includes(id));
      const at = this.deps.clock.now();
      await tx.saveSectionsRead(e.id, sectionsRead, at);
      return { ...e, sectionsRead, updatedAt: at };
    });
  }

  /** The open attempt's questions (the same paper on reload), or a new attempt in a fresh order. */
  async startAttempt(enrollmentId: string): Promise<{ attempt: Attempt; questions: PaperQuestion[] }> {
    return this.deps.store.transaction(async (tx) => {
      const e = await lockedEnrollment(tx, enrollmentId);
      if (e.status === 'completed') throw new InvalidStateError('You have already completed this course.');
      const { content } = await this.versionOf(e);
      const unread = content.sections.filter((s) => !e.sectionsRead.includes(s.id));
      if (unread.length > 0)
        throw new InvalidStateError(`Read every section first: ${unread.map((s) => s.title).join(', ')}.`);
      const paper = drawPaper(content, this.random);
      const attempt = await tx.insertAttempt({
        id: randomUUID(),
        enrollmentId: e.id,
        version: e.version,
        paper,
        answers: null,
        correct: null,
        total: paper.questions.length,
        passed: null,
        startedAt: this.deps.clock.now(),
        submittedAt: null,
      });
      return { attempt, questions: paperQuestions(content, attempt.paper) };
    });
  }

  /** Scores the answers on the server. Passing completes the course and issues the certificate. */
  async submit(enrollmentId: string, attemptId: string, answers: Answers): Promise<SubmitResult> {
    const outcome = await this.deps.store.transaction(async (tx) => {
      const e = await lockedEnrollment(tx, enrollmentId);
      const attempt = await tx.lockAttempt(attemptId);
      if (!attempt || attempt.enrollmentId !== e.id) throw new NotFoundError('Attempt', attemptId);
      if (attempt.submittedAt)
        throw new InvalidStateError('This attempt was already submitted; start a new one.');
      const { content } = await this.versionOf(e, attempt.version);
      const score = scoreAttempt(content, attempt.paper, answers);
      const at = this.deps.clock.now();
      await tx.submitAttempt(attempt.id, answers, score, at);
      await tx.audit({
        disclosureId: null,
        actorId: e.userId ?? `public:${e.id}`,
        action: score.passed ? 'course.passed' : 'course.failed',
        fromState: e.status,
        toState: score.passed ? 'completed' : e.status,
        details: {
          courseId: e.courseId,
          version: attempt.version,
          attemptId,
          correct: score.correct,
          total: score.total,
        },
      });
      if (!score.passed) return { score, enrollment: e };
      await tx.completeEnrollment(e.id, attempt.version, at);
      await tx.enqueue({ name: 'course.certify', data: { enrollmentId: e.id } });
      const completed: Enrollment = {
        ...e,
        status: 'completed',
        completedVersion: attempt.version,
        completedAt: at,
      };
      return { score, enrollment: completed };
    });
    // The completion is committed and its `course.certify` job queued: if issuing fails here, the job
    // issues it, and the learner is told it is being prepared.
    const certificate = outcome.score.passed
      ? await this.ensureCertificate(outcome.enrollment.id).catch(() => null)
      : null;
    return { ...outcome, certificate };
  }

  /** The certificate of a completed enrollment, issued if it was not yet (idempotent). */
  async ensureCertificate(enrollmentId: string): Promise<Certificate | null> {
    const e = await this.deps.store.getEnrollment(enrollmentId);
    if (!e || e.status !== 'completed' || e.completedVersion === null || !e.completedAt) return null;
    const { content } = await this.versionOf(e, e.completedVersion);
    const certificate = await this.deps.certificates.issue({
      recipient: { userId: e.userId, name: e.name, email: e.email },
      source: { kind: 'course', id: e.courseId, version: e.completedVersion },
      title: content.title,
      completedOn: DateTime.fromJSDate(e.completedAt, { zone: this.deps.timeZone }).toISODate()!,
      durationMinutes: content.estimatedMinutes,
      issuedBy: null,
    });
    if (e.certificateId !== certificate.id)
      await this.deps.store.transaction((tx) => tx.setCertificate(e.id, certificate.id));
    return certificate;
  }

  private async openCourse(
    courseId: string,
    audience: 'staff' | 'public',
  ): Promise<Course & { currentVersion: number }> {
    const course = await this.deps.store.getCourse(courseId);
    if (!course || course.status !== 'published' || course.currentVersion === null)
      throw new NotFoundError('Course', courseId);
    const version = await this.deps.store.getVersion(course.id, course.currentVersion);
    const allowed = version && (audience === 'staff' ? forStaff : forPublic)(version.content.audience);
    if (!allowed)
      throw new ForbiddenError(
        `This course is not offered to ${audience === 'staff' ? 'staff' : 'the public'}.`,
      );
    return { ...course, currentVersion: course.currentVersion };
  }

  private newEnrollment(
    course: Course & { currentVersion: number },
    kind: 'staff' | 'public',
    userId: string | null,
    name: string,
    email: string | null,
  ): Enrollment {
    const now = this.deps.clock.now();
    return {
      id: randomUUID(),
      courseId: course.id,
      version: course.currentVersion,
      learnerKind: kind,
      userId,
      name,
      email,
      resumeToken: kind === 'public' ? randomBytes(32).toString('base64url') : null,
      sectionsRead: [],
      status: 'in_progress',
      completedVersion: null,
      completedAt: null,
      certificateId: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  private async versionOf(e: Enrollment, version = e.version): Promise<{ content: CourseContent }> {
    const v = await this.deps.store.getVersion(e.courseId, version);
    if (!v) throw new Error(`Course ${e.courseId} has no version ${version}`);
    return v;
  }
}

async function lockedEnrollment(tx: CourseTx, id: string): Promise<Enrollment> {
  const e = await tx.lockEnrollment(id);
  if (!e) throw new NotFoundError('Enrollment', id);
  return e;
}
