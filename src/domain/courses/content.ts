/**
 * A self-paced course as data: the JSON an author edits, publishes, exports and imports (so courses move
 * between agencies). One schema validates all of them; a published version is an immutable copy.
 *
 * Sections hold blocks: text (paragraphs separated by a blank line, lines starting "- " as a list), an
 * image (with its text alternative), a video link (YouTube and Vimeo links are embedded on the public
 * page) and a downloadable file. The knowledge check holds single-choice (exactly one correct choice)
 * and multiple-choice (one or more correct) questions, each with the explanation shown after an attempt.
 */
import { z } from 'zod';
import { ValidationError } from '../errors';

export const COURSE_FORMAT = 'candor.course' as const;
export const COURSE_FORMAT_VERSION = 1 as const;
export const AUDIENCES = ['staff', 'public', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use 1–40 lower-case letters, digits and dashes.');
const line = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} cannot be empty.`)
    .max(max, `Keep ${what.toLowerCase()} under ${max} characters.`);
const httpsUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      return new URL(u).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Use a full https:// address.');

export const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1, 'Write some text.').max(20_000) }),
  z.object({
    type: z.literal('image'),
    url: httpsUrl,
    alt: line(500, 'The text alternative'),
    caption: z.string().trim().max(500).optional(),
  }),
  z.object({ type: z.literal('video'), url: httpsUrl, title: line(200, 'The video title') }),
  z.object({ type: z.literal('file'), url: httpsUrl, title: line(200, 'The file title') }),
]);

export const sectionSchema = z.object({
  id,
  title: line(200, 'The section title'),
  blocks: z.array(blockSchema).min(1, 'A section needs content.').max(50),
});

export const choiceSchema = z.object({ id, text: line(500, 'A choice'), correct: z.boolean() });

export const questionSchema = z
  .object({
    id,
    kind: z.enum(['single', 'multiple'], { message: 'Use single or multiple.' }),
    prompt: line(1000, 'The question'),
    choices: z.array(choiceSchema).min(2, 'Give at least two choices.').max(8, 'Give at most eight choices.'),
    explanation: line(2000, 'The explanation'),
  })
  .superRefine((q, ctx) => {
    const correct = q.choices.filter((c) => c.correct).length;
    if (q.kind === 'single' && correct !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['choices'],
        message: 'A single-choice question has exactly one correct choice.',
      });
    if (q.kind === 'multiple' && correct < 1)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'Mark at least one choice correct.' });
    if (new Set(q.choices.map((c) => c.id)).size !== q.choices.length)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'Each choice needs its own id.' });
  });

export const courseSchema = z
  .object({
    format: z.literal(COURSE_FORMAT, { message: `Not a course file (format must be "${COURSE_FORMAT}").` }),
    formatVersion: z.literal(COURSE_FORMAT_VERSION, {
      message: `Only format version ${COURSE_FORMAT_VERSION} is known.`,
    }),
    title: line(200, 'The title'),
    description: line(2000, 'The description'),
    audience: z.enum(AUDIENCES, { message: 'Use staff, public or both.' }),
    estimatedMinutes: z.number().int().min(1, 'At least one minute.').max(600, 'At most ten hours.'),
    passMarkPercent: z.number().int().min(1).max(100, 'A pass mark is a percentage up to 100.'),
    sections: z.array(sectionSchema).min(1, 'A course needs at least one section.').max(50),
    questions: z.array(questionSchema).min(1, 'A knowledge check needs at least one question.').max(100),
  })
  .superRefine((c, ctx) => {
    if (new Set(c.sections.map((s) => s.id)).size !== c.sections.length)
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'Each section needs its own id.' });
    if (new Set(c.questions.map((q) => q.id)).size !== c.questions.length)
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'Each question needs its own id.' });
  });

export type CourseContent = z.infer<typeof courseSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Block = z.infer<typeof blockSchema>;
export type Question = z.infer<typeof questionSchema>;

/** The content, checked; a ValidationError naming each problem (by its path, e.g. `questions.2.choices`). */
export function parseCourse(value: unknown): CourseContent {
  const parsed = courseSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((i) => ({
      field: i.path.map(String).join('.') || '(course)',
      message: i.message,
    })),
  );
}

export function forStaff(audience: Audience): boolean {
  return audience !== 'public';
}

export function forPublic(audience: Audience): boolean {
  return audience !== 'staff';
}

/** The embeddable player address of a YouTube or Vimeo link, or null (then the page shows a link). */
export function videoEmbedUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const host = u.hostname.replace(/^www\./, '');
  const yt =
    host === 'youtu.be'
      ? u.pathname.slice(1)
      : host === 'youtube.com' || host === 'm.youtube.com'
        ? u.pathname === '/watch'
          ? u.searchParams.get('v')
          : /^\/embed\/([\w-]+)/.exec(u.pathname)?.[1]
        : null;
  if (yt && /^[\w-]{6,20}$/.test(yt)) return `https://www.youtube-nocookie.com/embed/${yt}`;
  const vimeo = host === 'vimeo.com' ? /^\/(\d+)/.exec(u.pathname)?.[1] : null;
  if (vimeo) return `https://player.vimeo.com/video/${vimeo}`;
  return null;
}
