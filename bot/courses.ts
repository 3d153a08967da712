/**
 * Tells staff about courses assigned to them (job `course.remind`): once when assigned, and again
 * before the due date. Each message is sent once per assignment, due date and kind; a reminder for an
 * assignment completed, moved or withdrawn meanwhile is dropped.
 */
import type { CourseAssignments } from '../src/app/courses/assignments';
import type { Logger } from '../src/logging';
import type { ChatStore } from '../src/ports/chat-store';
import type { JobData } from '../src/ports/jobs';
import { courseReminderCard } from './cards/course';
import type { TeamsMessenger } from './messenger';

export interface CourseReminderDeps {
  assignments: CourseAssignments;
  chats: ChatStore;
  messenger: TeamsMessenger;
  /** `${PUBLIC_URL}/tab/` */
  tabUrl: string;
  log: Logger;
}

export class CourseReminders {
  constructor(private readonly deps: CourseReminderDeps) {}

  async remind(job: JobData<'course.remind'>): Promise<void> {
    const reminder = await this.deps.assignments.reminderFor(job);
    if (!reminder) return;
    const key = `course.${job.kind}:${job.assignmentId}:${job.dueOn}`;
    if (await this.deps.chats.noticeSent(key)) return;
    const card = courseReminderCard({
      kind: reminder.kind,
      courseTitle: reminder.courseTitle,
      dueOn: reminder.dueOn,
      courseUrl: `${this.deps.tabUrl}#/courses/${reminder.courseId}`,
    });
    const sent = await this.deps.messenger.sendCard(reminder.userId, card, `Course: ${reminder.courseTitle}`);
    await this.deps.chats.markNoticeSent(key, sent.conversationId, sent.activityId);
    this.deps.log.info({ assignmentId: job.assignmentId, kind: job.kind }, 'course reminder sent');
  }
}
