import fc from 'fast-check';
import { parseCourse, videoEmbedUrl } from '../../src/domain/courses/content';
import { drawPaper, paperQuestions, scoreAttempt, shuffle } from '../../src/domain/courses/scoring';
import { assignmentState } from '../../src/domain/courses/types';
import { ValidationError } from '../../src/domain/errors';
import { correctAnswers, sampleCourse, wrongAnswers } from './support';

const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.fieldErrors.map((f) => f.field);
    throw e;
  }
  throw new Error('accepted');
};

describe('the course file', () => {
  it('accepts the sample course built from the agency policies', () => {
    const course = parseCourse(sampleCourse());
    expect(course.sections.length).toBeGreaterThanOrEqual(4);
    expect(course.questions.some((q) => q.kind === 'multiple')).toBe(true);
  });

  it('names each problem by its place in the file', () => {
    const bad = sampleCourse();
    bad.questions[0]!.choices.forEach((c) => (c.correct = true)); // a single-choice question with 3 answers
    bad.sections[1]!.id = bad.sections[0]!.id;
    (bad as { passMarkPercent: number }).passMarkPercent = 120;
    expect(fieldsOf(() => parseCourse(bad)).sort()).toEqual(
      ['passMarkPercent', 'questions.0.choices', 'sections'].sort(),
    );
    expect(fieldsOf(() => parseCourse({ format: 'something else' }))).toContain('format');
  });

  it('accepts only https links, and embeds YouTube and Vimeo videos', () => {
    const c = sampleCourse();
    c.sections[0]!.blocks.push({ type: 'image', url: 'javascript:alert(1)', alt: 'x' });
    expect(fieldsOf(() => parseCourse(c))).toEqual(['sections.0.blocks.1.url']);
    expect(videoEmbedUrl('https://www.youtube.com/watch?v=dQw4w9WgXcQ')).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    );
    expect(videoEmbedUrl('https://vimeo.com/76979871')).toBe('https://player.vimeo.com/video/76979871');
    expect(videoEmbedUrl('https://example.org/video.mp4')).toBeNull();
  });
});

describe('the knowledge check', () => {
  const course = parseCourse(sampleCourse());

  it('shuffles into a permutation of the same items', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer()),
        fc.array(fc.double({ min: 0, max: 0.9999, noNaN: true }), { minLength: 1 }),
        (items, rs) => {
          let i = 0;
          const out = shuffle(items, () => rs[i++ % rs.length]!);
          expect([...out].sort()).toEqual([...items].sort());
        },
      ),
    );
  });

  it('gives each attempt its own order, and the paper carries no answers', () => {
    const a = drawPaper(course, Math.random);
    const orders = new Set(Array.from({ length: 20 }, () => JSON.stringify(drawPaper(course, Math.random))));
    expect(orders.size).toBeGreaterThan(1);
    const questions = paperQuestions(course, a);
    const json = JSON.stringify(questions);
    expect(json).not.toMatch(/correct|explanation/i);
    for (const q of course.questions) expect(json).not.toContain(q.explanation);
  });

  it('passes at the pass mark and not below, with integer arithmetic', () => {
    const paper = drawPaper(course, Math.random);
    const right = correctAnswers(
      course,
      paper.questions.map((q) => ({ id: q.questionId })),
    );
    const wrong = wrongAnswers(
      course,
      paper.questions.map((q) => ({ id: q.questionId })),
    );
    expect(scoreAttempt(course, paper, right)).toMatchObject({
      correct: 6,
      total: 6,
      percent: 100,
      passed: true,
    });
    expect(scoreAttempt(course, paper, wrong)).toMatchObject({ correct: 0, passed: false });
    // 5 of 6 is 83% ≥ 80%; 4 of 6 is 66%.
    const ids = paper.questions.map((q) => q.questionId);
    const mix = (n: number) => Object.fromEntries(ids.map((id, i) => [id, (i < n ? right : wrong)[id]!]));
    expect(scoreAttempt(course, paper, mix(5)).passed).toBe(true);
    expect(scoreAttempt(course, paper, mix(4)).passed).toBe(false);
    expect(scoreAttempt({ ...course, passMarkPercent: 84 }, paper, mix(5)).passed).toBe(false);
  });

  it('counts a multiple-choice question right only with exactly its correct choices', () => {
    const paper = drawPaper(course, Math.random);
    const right = correctAnswers(
      course,
      paper.questions.map((q) => ({ id: q.questionId })),
    );
    const partial = { ...right, equipment: ['side-business'] };
    const result = scoreAttempt(course, paper, partial);
    expect(result.results.find((r) => r.questionId === 'equipment')!.correct).toBe(false);
    expect(result.correct).toBe(5);
  });

  it('refuses unanswered questions, unknown choices and two answers to a single-choice question', () => {
    const paper = drawPaper(course, Math.random);
    const right = correctAnswers(
      course,
      paper.questions.map((q) => ({ id: q.questionId })),
    );
    const { deadline: _deadline, ...unanswered } = right;
    expect(fieldsOf(() => scoreAttempt(course, paper, unanswered))).toEqual(['answers.deadline']);
    expect(fieldsOf(() => scoreAttempt(course, paper, { ...right, gift: ['nope'] }))).toEqual([
      'answers.gift',
    ]);
    expect(fieldsOf(() => scoreAttempt(course, paper, { ...right, deadline: ['d30', 'd300'] }))).toEqual([
      'answers.deadline',
    ]);
  });
});

describe('an assignment', () => {
  it('is completed, overdue after its due date, or pending', () => {
    expect(assignmentState({ dueOn: '2026-03-10', completedAt: new Date() }, '2026-04-01')).toBe('completed');
    expect(assignmentState({ dueOn: '2026-03-10', completedAt: null }, '2026-03-11')).toBe('overdue');
    expect(assignmentState({ dueOn: '2026-03-10', completedAt: null }, '2026-03-10')).toBe('pending');
  });
});
