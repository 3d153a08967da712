/**
 * Assigned courses: outreach staff or the ethics officer assign a published course to people (or to a
 * whole department of the org chart) with a due date. Each new or changed assignment queues, in the same
 * transaction, a message now and a reminder `reminderDaysBefore` days before the due date (pg-boss
 * `startAfter`); the reminder checks, when it runs, that it is still due and not yet completed.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { forStaff } from '../../domain/courses/content';
import { assignmentState, type Assignment, type AssignmentState } from '../../domain/courses/types';
import { InvalidStateError, NotFoundError, ValidationError } from '../../domain/errors';
import type { Clock } from '../../ports/clock';
import type { CourseStore } from '../../ports/course-store';
import type { Directory } from '../../ports/directory';
import type { JobData } from '../../ports/jobs';
import { csvCell } from '../register';

export interface AssignmentDeps {
  store: CourseStore;
  clock: Clock;
  directory: Directory;
  /** People of a department (the org chart's), for assigning to a group. */
  department(name: string): Array<{ id: string }>;
  timeZone: string;
  reminderDaysBefore: number;
}

export interface AssignInput {
  userIds: string[];
  department: string | null;
  /** YYYY-MM-DD, agency time zone. */
  dueOn: string;
}

export interface AssignmentReportRow {
  userId: string;
  name: string;
  dueOn: string;
  state: AssignmentState;
  completedAt: Date | null;
  completedVersion: number | null;
}

/** What a reminder job should tell the assignee, or null when nothing needs saying any more. */
export interface ReminderToSend {
  userId: string;
  courseId: string;
  courseTitle: string;
  dueOn: string;
  kind: 'assigned' | 'due_soon';
}

/** Reminders go out at 9:00 in the agency's zone. */
const REMINDER_HOUR = 9;

export class CourseAssignments {
  constructor(private readonly deps: AssignmentDeps) {}

  today(): string {
    return DateTime.fromJSDate(this.deps.clock.now(), { zone: this.deps.timeZone }).toISODate()!;
  }

  async assign(
    courseId: string,
    input: AssignInput,
    actorId: string,
  ): Promise<{ assigned: number; unchanged: number }> {
    const course = await this.deps.store.getCourse(courseId);
    if (!course) throw new NotFoundError('Course', courseId);
    if (course.status !== 'published' || course.currentVersion === null)
      throw new InvalidStateError('Publish the course before assigning it.');
    const version = await this.deps.store.getVersion(courseId, course.currentVersion);
    if (!version || !forStaff(version.content.audience))
      throw new InvalidStateError('This course is for the public only; it cannot be assigned to staff.');
    const due = DateTime.fromISO(input.dueOn, { zone: this.deps.timeZone });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) || !due.isValid)
      throw new ValidationError([{ field: 'dueOn', message: 'Give the due date as YYYY-MM-DD.' }]);
    if (input.dueOn < this.today())
      throw new ValidationError([{ field: 'dueOn', message: 'The due date has passed.' }]);

    const ids = new Set(input.userIds);
    if (input.department) {
      const members = this.deps.department(input.department);
      if (members.length === 0)
        throw new ValidationError([{ field: 'department', message: `No one is in ${input.department}.` }]);
      for (const m of members) ids.add(m.id);
    }
    if (ids.size === 0)
      throw new ValidationError([{ field: 'userIds', message: 'Choose people or a department.' }]);
    if (ids.size > 1000)
      throw new ValidationError([{ field: 'userIds', message: 'Assign at most 1,000 people at a time.' }]);
    const people = await Promise.all(
      [...ids].map(async (id) => ({ id, person: await this.deps.directory.getUser(id) })),
    );
    const unknown = people.filter((p) => !p.person).map((p) => p.id);
    if (unknown.length > 0)
      throw new ValidationError([
        { field: 'userIds', message: `Not in the directory: ${unknown.join(', ')}.` },
      ]);

    const remindAt = due
      .minus({ days: this.deps.reminderDaysBefore })
      .set({ hour: REMINDER_HOUR })
      .toJSDate();
    let assigned = 0;
    await this.deps.store.transaction(async (tx) => {
      for (const { id, person } of people) {
        const { assignment, changed } = await tx.upsertAssignment({
          id: randomUUID(),
          courseId,
          userId: id,
          userName: person!.displayName,
          dueOn: input.dueOn,
          assignedBy: actorId,
          assignedAt: this.deps.clock.now(),
        });
        if (!changed) continue;
        assigned++;
        const data = { assignmentId: assignment.id, dueOn: assignment.dueOn };
        await tx.enqueue(
          { name: 'course.remind', data: { ...data, kind: 'assigned' } },
          { singletonKey: `course.assigned:${assignment.id}:${assignment.dueOn}` },
        );
        if (remindAt > this.deps.clock.now())
          await tx.enqueue(
            { name: 'course.remind', data: { ...data, kind: 'due_soon' } },
            { startAfter: remindAt, singletonKey: `course.due:${assignment.id}:${assignment.dueOn}` },
          );
        await tx.audit({
          disclosureId: null,
          actorId,
          action: 'course.assigned',
          fromState: null,
          toState: 'assigned',
          details: { courseId, assignmentId: assignment.id, userId: id, dueOn: assignment.dueOn },
        });
      }
    });
    return { assigned, unchanged: people.length - assigned };
  }

  async report(courseId: string): Promise<AssignmentReportRow[]> {
    const today = this.today();
    return (await this.deps.store.listAssignments(courseId)).map((a) => ({
      userId: a.userId,
      name: a.userName,
      dueOn: a.dueOn,
      state: assignmentState(a, today),
      completedAt: a.completedAt,
      completedVersion: a.completedVersion,
    }));
  }

  /** Decides whether the reminder still applies (same due date, not completed, course still offered). */
  async reminderFor(job: JobData<'course.remind'>): Promise<ReminderToSend | null> {
    const a: Assignment | null = await this.deps.store.getAssignment(job.assignmentId);
    if (!a || a.dueOn !== job.dueOn) return null;
    const course = await this.deps.store.getCourse(a.courseId);
    if (!course || course.status !== 'published') return null;
    const enrollment = await this.deps.store.findStaffEnrollment(a.courseId, a.userId);
    if (enrollment?.status === 'completed') return null;
    return {
      userId: a.userId,
      courseId: a.courseId,
      courseTitle: course.title,
      dueOn: a.dueOn,
      kind: job.kind,
    };
  }
}

/** The report as CSV (RFC 4180, with a byte order mark so spreadsheet programs read UTF-8). */
export function assignmentsCsv(rows: AssignmentReportRow[], timeZone: string): string {
  const lines = [['Name', 'Due on', 'Status', 'Completed on', 'Version'].join(',')];
  for (const r of rows)
    lines.push(
      [
        csvCell(r.name),
        r.dueOn,
        r.state,
        r.completedAt ? DateTime.fromJSDate(r.completedAt, { zone: timeZone }).toISODate()! : '',
        r.completedVersion === null ? '' : String(r.completedVersion),
      ].join(','),
    );
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
