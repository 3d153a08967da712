/** The sample course and its correct answers, for the course tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CourseContent } from '../../src/domain/courses/content';
import type { Answers, PaperQuestion } from '../../src/domain/courses/scoring';

export const SAMPLE_COURSE_FILE = path.join(
  __dirname,
  '..',
  '..',
  'config',
  'sample-courses',
  'preventing-sexual-harassment.json',
);

export function sampleCourse(): CourseContent {
  return JSON.parse(readFileSync(SAMPLE_COURSE_FILE, 'utf8')) as CourseContent;
}

/** Every question answered correctly (from the course file: the learner's paper has no answers). */
export function correctAnswers(course: CourseContent, questions: Array<Pick<PaperQuestion, 'id'>>): Answers {
  return Object.fromEntries(
    questions.map((q) => {
      const question = course.questions.find((x) => x.id === q.id)!;
      return [q.id, question.choices.filter((c) => c.correct).map((c) => c.id)];
    }),
  );
}

/** Every question answered with its first wrong choice. */
export function wrongAnswers(course: CourseContent, questions: Array<Pick<PaperQuestion, 'id'>>): Answers {
  return Object.fromEntries(
    questions.map((q) => {
      const question = course.questions.find((x) => x.id === q.id)!;
      const wrong = question.choices.find((c) => !c.correct);
      // A question whose choices are all correct is answered wrong by leaving one out.
      return [q.id, wrong ? [wrong.id] : [question.choices[0]!.id]];
    }),
  );
}
