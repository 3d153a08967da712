/**
 * The knowledge check: each attempt gets a paper (the questions, and each question's choices, in a fresh
 * random order), the learner sees the paper without the answers, and the server scores the answers
 * against the version's content. Pure: randomness comes in as a function.
 */
import { ValidationError, type FieldError } from '../errors';
import type { CourseContent, Question } from './content';

/** The order one attempt shows: question ids, and per question its choice ids. */
export interface Paper {
  questions: Array<{ questionId: string; choiceIds: string[] }>;
}

/** What the learner's browser gets: no `correct`, no explanation. */
export interface PaperQuestion {
  id: string;
  kind: Question['kind'];
  prompt: string;
  choices: Array<{ id: string; text: string }>;
}

/** Chosen choice ids per question id. */
export type Answers = Record<string, string[]>;

export interface QuestionResult {
  questionId: string;
  prompt: string;
  correct: boolean;
  chosen: string[];
  explanation: string;
}

export interface Score {
  correct: number;
  total: number;
  percent: number;
  passed: boolean;
  results: QuestionResult[];
}

/** Fisher–Yates with `random()` in [0, 1). */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function drawPaper(content: CourseContent, random: () => number): Paper {
  return {
    questions: shuffle(content.questions, random).map((q) => ({
      questionId: q.id,
      choiceIds: shuffle(
        q.choices.map((c) => c.id),
        random,
      ),
    })),
  };
}

function questionOf(content: CourseContent, id: string): Question {
  const q = content.questions.find((x) => x.id === id);
  if (!q) throw new Error(`The paper names question ${id}, which its version does not have`);
  return q;
}

export function paperQuestions(content: CourseContent, paper: Paper): PaperQuestion[] {
  return paper.questions.map(({ questionId, choiceIds }) => {
    const q = questionOf(content, questionId);
    return {
      id: q.id,
      kind: q.kind,
      prompt: q.prompt,
      choices: choiceIds.map((cid) => ({ id: cid, text: q.choices.find((c) => c.id === cid)!.text })),
    };
  });
}

/**
 * Scores a complete set of answers. Every question must be answered with choices it has (one for a
 * single-choice question): otherwise a ValidationError names each question (`answers.<questionId>`).
 * A multiple-choice question is right only when exactly its correct choices are chosen.
 */
export function scoreAttempt(content: CourseContent, paper: Paper, answers: Answers): Score {
  const errors: FieldError[] = [];
  const results: QuestionResult[] = [];
  for (const { questionId } of paper.questions) {
    const q = questionOf(content, questionId);
    const chosen = [...new Set(answers[questionId] ?? [])];
    const field = `answers.${questionId}`;
    if (chosen.length === 0) errors.push({ field, message: `Answer “${q.prompt}”.` });
    else if (chosen.some((c) => !q.choices.some((x) => x.id === c)))
      errors.push({ field, message: 'Choose among the choices given.' });
    else if (q.kind === 'single' && chosen.length > 1) errors.push({ field, message: 'Choose one answer.' });
    const right = new Set(q.choices.filter((c) => c.correct).map((c) => c.id));
    const correct = chosen.length === right.size && chosen.every((c) => right.has(c));
    results.push({ questionId, prompt: q.prompt, correct, chosen, explanation: q.explanation });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  const correct = results.filter((r) => r.correct).length;
  const total = results.length;
  return {
    correct,
    total,
    percent: Math.floor((correct * 100) / total),
    // Integer comparison: 7 of 9 against 78% is 700 >= 702, a fail, with no rounding in between.
    passed: correct * 100 >= content.passMarkPercent * total,
    results,
  };
}
