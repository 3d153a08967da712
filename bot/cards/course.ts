/** To a staff member: a course assigned to them, and the reminder before it is due. */
import { adaptiveCard, facts, heading, openUrl, text, type AdaptiveCard } from './card';
import { formatCalendarDate } from './format';

export interface CourseReminderView {
  kind: 'assigned' | 'due_soon';
  courseTitle: string;
  /** YYYY-MM-DD (agency time zone). */
  dueOn: string;
  /** The course in the tab. */
  courseUrl: string;
}

export function courseReminderCard(view: CourseReminderView): AdaptiveCard {
  const due = formatCalendarDate(view.dueOn);
  return adaptiveCard([
    heading(view.kind === 'assigned' ? 'A course was assigned to you' : 'Reminder: a course is due soon'),
    text(
      view.kind === 'assigned'
        ? `Please complete ${view.courseTitle} by ${due}. Take it at your own pace; your progress is saved.`
        : `${view.courseTitle} is due on ${due} and you have not completed it yet.`,
    ),
    ...facts([
      ['Course', view.courseTitle],
      ['Due', due],
    ]),
    { type: 'ActionSet', actions: [openUrl('Open the course', view.courseUrl)] },
  ]);
}
