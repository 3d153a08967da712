/**
 * Authoring a course (outreach staff, the ethics officer): create or import a draft, edit it, publish it
 * as a new immutable version, retire it, export any version or the draft as JSON. Every change is audited.
 */
import { randomUUID } from 'node:crypto';
import { parseCourse, type CourseContent } from '../../domain/courses/content';
import type { Course } from '../../domain/courses/types';
import { InvalidStateError, NotFoundError } from '../../domain/errors';
import type { Clock } from '../../ports/clock';
import type { CourseStore, CourseTx } from '../../ports/course-store';

export interface AuthoringDeps {
  store: CourseStore;
  clock: Clock;
}

export class CourseAuthoring {
  constructor(private readonly deps: AuthoringDeps) {}

  /** A new draft from content (typed in the tab, or an imported file). */
  async create(content: unknown, actorId: string): Promise<Course> {
    const draft = parseCourse(content);
    const now = this.deps.clock.now();
    const course: Course = {
      id: randomUUID(),
      title: draft.title,
      status: 'draft',
      draft,
      currentVersion: null,
      createdBy: actorId,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.transaction(async (tx) => {
      await tx.insertCourse(course);
      await tx.audit(entry(actorId, 'course.created', null, 'draft', { courseId: course.id }));
    });
    return course;
  }

  /** Saves the draft; a published course keeps its current version until the draft is published. */
  async saveDraft(courseId: string, content: unknown, actorId: string): Promise<Course> {
    const draft = parseCourse(content);
    return this.deps.store.transaction(async (tx) => {
      const course = await locked(tx, courseId);
      const at = this.deps.clock.now();
      await tx.saveDraft(course.id, draft, at);
      await tx.audit(entry(actorId, 'course.draft_saved', course.status, course.status, { courseId }));
      return { ...course, draft, title: draft.title, updatedAt: at };
    });
  }

  /** Publishes the draft as version N+1. Nothing to publish when it equals the current version. */
  async publish(courseId: string, actorId: string): Promise<Course> {
    return this.deps.store.transaction(async (tx) => {
      const course = await locked(tx, courseId);
      if (course.currentVersion !== null && course.status === 'published') {
        const current = await this.deps.store.getVersion(course.id, course.currentVersion);
        if (current && sameContent(current.content, course.draft))
          throw new InvalidStateError('The draft has no changes since the published version.');
      }
      const version = (course.currentVersion ?? 0) + 1;
      const at = this.deps.clock.now();
      await tx.insertVersion({
        courseId,
        version,
        content: course.draft,
        publishedBy: actorId,
        publishedAt: at,
      });
      await tx.setStatus(courseId, 'published', version, at);
      await tx.audit(entry(actorId, 'course.published', course.status, 'published', { courseId, version }));
      return { ...course, status: 'published' as const, currentVersion: version, updatedAt: at };
    });
  }

  /** No one can start it any more; completions and certificates stay. */
  async retire(courseId: string, actorId: string): Promise<Course> {
    return this.deps.store.transaction(async (tx) => {
      const course = await locked(tx, courseId);
      if (course.status !== 'published')
        throw new InvalidStateError('Only a published course can be retired.');
      const at = this.deps.clock.now();
      await tx.setStatus(courseId, 'retired', course.currentVersion, at);
      await tx.audit(entry(actorId, 'course.retired', 'published', 'retired', { courseId }));
      return { ...course, status: 'retired' as const, updatedAt: at };
    });
  }

  /** The content of a published version, or of the draft when `version` is null. */
  async exportContent(courseId: string, version: number | null): Promise<CourseContent> {
    const course = await this.deps.store.getCourse(courseId);
    if (!course) throw new NotFoundError('Course', courseId);
    if (version === null) return course.draft;
    const v = await this.deps.store.getVersion(courseId, version);
    if (!v) throw new NotFoundError('Course version', `${courseId} v${version}`);
    return v.content;
  }
}

function sameContent(a: CourseContent, b: CourseContent): boolean {
  return JSON.stringify(parseCourse(a)) === JSON.stringify(parseCourse(b));
}

async function locked(tx: CourseTx, id: string): Promise<Course> {
  const course = await tx.lockCourse(id);
  if (!course) throw new NotFoundError('Course', id);
  return course;
}

function entry(
  actorId: string,
  action: string,
  fromState: string | null,
  toState: string | null,
  details: Record<string, unknown>,
) {
  return { disclosureId: null, actorId, action, fromState, toState, details };
}
