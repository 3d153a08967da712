/**
 * The public course pages as HTML: plain forms, no script, one heading per page, labelled fields, error
 * summaries that link to their fields, and a layout that reads on a phone. Rendering only: the routes
 * (src/http/learn-routes.ts) decide what to show.
 */
import type { LearnerContent } from '../../app/courses/views';
import type { Block, Section } from '../../domain/courses/content';
import { videoEmbedUrl } from '../../domain/courses/content';
import type { PaperQuestion, Score } from '../../domain/courses/scoring';
import type { Enrollment } from '../../domain/courses/types';
import type { FieldError } from '../../domain/errors';
import { markup, page, type Html } from './html';

export interface PageContext {
  agencyName: string;
}

export interface CertificateLinksView {
  code: string;
  pdfUrl: string;
  verifyUrl: string;
}

const minutes = (n: number) => (n < 60 ? `${n} minutes` : `about ${Math.round(n / 6) / 10} hours`);

/** Paragraphs split by blank lines; a run of lines starting "- " is a list. */
export function textBlock(text: string): Html {
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return markup`${parts.map((p) => {
    const lines = p.split('\n');
    const items = lines.filter((l) => l.startsWith('- '));
    if (items.length === 0) return markup`<p>${p}</p>`;
    const intro = lines.filter((l) => !l.startsWith('- '));
    return markup`${intro.length ? markup`<p>${intro.join(' ')}</p>` : ''}
      <ul>
        ${items.map((i) => markup`<li>${i.slice(2)}</li>`)}
      </ul>`;
  })}`;
}

function block(b: Block): Html {
  switch (b.type) {
    case 'text':
      return textBlock(b.text);
    case 'image':
      return markup`<figure>
        <img src="${b.url}" alt="${b.alt}" />${b.caption ? markup`<figcaption>${b.caption}</figcaption>` : ''}
      </figure>`;
    case 'video': {
      const embed = videoEmbedUrl(b.url);
      return markup`<figure>
        ${embed ? markup`<div class="video"><iframe src="${embed}" title="${b.title}" loading="lazy" allowfullscreen></iframe></div>` : ''}
        <figcaption><a href="${b.url}" rel="noopener noreferrer">Watch: ${b.title}</a></figcaption>
      </figure>`;
    }
    case 'file':
      return markup`<p><a href="${b.url}" rel="noopener noreferrer" download>Download: ${b.title}</a></p>`;
  }
}

function errorSummary(errors: FieldError[], idOf: (field: string) => string): Html | '' {
  if (errors.length === 0) return '';
  return markup`<div class="status bad" role="alert" tabindex="-1" id="errors">
    <p>Please fix ${errors.length === 1 ? 'this' : 'these'}:</p>
    <ul>
      ${errors.map((e) => markup`<li><a href="#${idOf(e.field)}">${e.message}</a></li>`)}
    </ul>
  </div>`;
}

export function catalogPage(
  ctx: PageContext,
  courses: Array<{ id: string; title: string; description: string; estimatedMinutes: number }>,
): string {
  return page({
    title: 'Online training',
    agencyName: ctx.agencyName,
    body: markup`<h1>Online training</h1>
      <p>
        Take a course at your own pace, at any hour. When you pass its knowledge check you receive a
        certificate of completion.
      </p>
      ${courses.length === 0 ? markup`<p>No course is offered online at the moment.</p>` : ''}
      <ul class="cards">
        ${courses.map(
          (c) =>
            markup`<li>
              <h2><a href="/learn/${c.id}">${c.title}</a></h2>
              <p>${c.description}</p>
              <p class="hint">Takes ${minutes(c.estimatedMinutes)}.</p>
            </li>`,
        )}
      </ul>`,
  });
}

export function startPage(
  ctx: PageContext,
  course: LearnerContent,
  form: { name: string; email: string; errors: FieldError[] } = { name: '', email: '', errors: [] },
): string {
  const err = (field: string) => form.errors.find((e) => e.field === field);
  const field = (
    id: 'name' | 'email',
    label: string,
    type: string,
    hint: string,
    autocomplete: string,
    value: string,
  ) => {
    const e = err(id);
    return markup`<label for="${id}">${label}</label>
      <p class="hint" id="${id}-hint">${hint}</p>
      ${e ? markup`<p class="error" id="${id}-error">${e.message}</p>` : ''}
      <input
        type="${type}"
        id="${id}"
        name="${id}"
        value="${value}"
        autocomplete="${autocomplete}"
        required
        maxlength="254"
        aria-describedby="${id}-hint${e ? ` ${id}-error` : ''}"
        ${e ? markup` aria-invalid="true"` : ''}
      />`;
  };
  return page({
    title: form.errors.length ? `Error: ${course.title}` : course.title,
    agencyName: ctx.agencyName,
    body: markup`${errorSummary(form.errors, (f) => f)}
      <h1>${course.title}</h1>
      ${textBlock(course.description)}
      <p class="hint">
        ${course.sections.length} sections and a knowledge check of ${course.questionCount} questions; takes
        ${minutes(course.estimatedMinutes)}. Pass mark: ${course.passMarkPercent}%.
      </p>
      <h2>Start the course</h2>
      <form method="post" action="/learn/${course.id}/start" novalidate>
        ${field('name', 'Your name', 'text', 'As it should appear on your certificate.', 'name', form.name)}
        ${field('email', 'Your email', 'email', 'We use it only to identify your certificate.', 'email', form.email)}
        <div class="hp" aria-hidden="true">
          <label for="website">Leave this field empty</label
          ><input type="text" id="website" name="website" tabindex="-1" autocomplete="off" />
        </div>
        <button type="submit">Start the course</button>
      </form>
      <p class="hint">You get a personal link to come back to the course later; keep it private.</p>`,
  });
}

function progressList(resume: string, course: LearnerContent, e: Enrollment): Html {
  return markup`<ol class="sections">
    ${course.sections.map((s) => {
      const read = e.sectionsRead.includes(s.id);
      return markup`<li>
        <a href="${resume}/sections/${s.id}">${s.title}</a>
        <span class="hint">${read ? '(read)' : '(not read yet)'}</span>
      </li>`;
    })}
  </ol>`;
}

export function overviewPage(
  ctx: PageContext,
  resume: string,
  resumeUrl: string,
  course: LearnerContent,
  e: Enrollment,
  certificate: CertificateLinksView | null,
): string {
  const unread = course.sections.find((s) => !e.sectionsRead.includes(s.id));
  const next =
    e.status === 'completed'
      ? ''
      : unread
        ? markup`<p>
            <a class="button" href="${resume}/sections/${unread.id}"
              >${e.sectionsRead.length ? 'Continue' : 'Begin'}: ${unread.title}</a
            >
          </p>`
        : markup`<p><a class="button" href="${resume}/check">Take the knowledge check</a></p>`;
  return page({
    title: course.title,
    agencyName: ctx.agencyName,
    body: markup`<h1>${course.title}</h1>
      ${
        e.status === 'completed'
          ? markup`<p class="status good" role="status">You completed this course.</p>
              ${certificateBlock(certificate)}`
          : ''
      }
      <p>Welcome, ${e.name}. ${e.sectionsRead.length} of ${course.sections.length} sections read.</p>
      ${next}
      <h2>Sections</h2>
      ${progressList(resume, course, e)}
      <h2>Come back later</h2>
      <p>Your progress is saved. To continue on another day, keep this private link:</p>
      <p class="code resume">${resumeUrl}</p>`,
  });
}

export function sectionPage(
  ctx: PageContext,
  resume: string,
  course: LearnerContent,
  section: Section,
  index: number,
  read: boolean,
): string {
  return page({
    title: `${section.title} · ${course.title}`,
    agencyName: ctx.agencyName,
    body: markup`<nav aria-label="Breadcrumb">
        <p><a href="${resume}">${course.title}</a> › Section ${index + 1} of ${course.sections.length}</p>
      </nav>
      <h1>${section.title}</h1>
      ${section.blocks.map(block)}
      <form method="post" action="${resume}/sections/${section.id}/read">
        <button type="submit">${read ? 'Continue' : 'Mark as read and continue'}</button>
      </form>`,
  });
}

export function checkPage(
  ctx: PageContext,
  resume: string,
  course: LearnerContent,
  attemptId: string,
  questions: PaperQuestion[],
  form: { answers: Record<string, string[]>; errors: FieldError[] } = { answers: {}, errors: [] },
): string {
  const idOf = (field: string) => `q-${field.replace(/^answers\./, '')}`;
  return page({
    title: form.errors.length
      ? `Error: Knowledge check · ${course.title}`
      : `Knowledge check · ${course.title}`,
    agencyName: ctx.agencyName,
    body: markup`${errorSummary(form.errors, idOf)}
      <nav aria-label="Breadcrumb">
        <p><a href="${resume}">${course.title}</a> › Knowledge check</p>
      </nav>
      <h1>Knowledge check</h1>
      <p>
        Answer all ${questions.length} questions. You pass with ${course.passMarkPercent}% or more; you can
        try again as often as you need.
      </p>
      <form method="post" action="${resume}/check" novalidate>
        <input type="hidden" name="attempt" value="${attemptId}" />
        ${questions.map((q, i) => {
          const error = form.errors.find((e) => e.field === `answers.${q.id}`);
          const chosen = form.answers[q.id] ?? [];
          const type = q.kind === 'single' ? 'radio' : 'checkbox';
          return markup`<fieldset id="q-${q.id}" ${error ? markup` aria-describedby="q-${q.id}-error"` : ''}>
            <legend>
              ${i + 1}.
              ${q.prompt}${q.kind === 'multiple' ? markup` <span class="hint">(choose all that apply)</span>` : ''}
            </legend>
            ${error ? markup`<p class="error" id="q-${q.id}-error">${error.message}</p>` : ''}
            ${q.choices.map(
              (c) =>
                markup`<label class="choice"
                  ><input
                    type="${type}"
                    name="q.${q.id}"
                    value="${c.id}"
                    ${chosen.includes(c.id) ? markup` checked` : ''}
                  />
                  <span>${c.text}</span></label
                >`,
            )}
          </fieldset>`;
        })}
        <button type="submit">Submit my answers</button>
      </form>`,
  });
}

export function resultPage(
  ctx: PageContext,
  resume: string,
  course: LearnerContent,
  score: Score,
  certificate: CertificateLinksView | null,
): string {
  const title = score.passed ? 'You passed' : 'Not passed yet';
  return page({
    title: `${title} · ${course.title}`,
    agencyName: ctx.agencyName,
    body: markup`<h1>${title}</h1>
      <p class="status ${score.passed ? 'good' : 'bad'}" role="status">
        You answered ${score.correct} of ${score.total} questions correctly (${score.percent}%). The pass mark
        is ${course.passMarkPercent}%.
      </p>
      ${
        score.passed
          ? certificateBlock(certificate)
          : markup`<p>Read the explanations below, then try again: the questions come in a new order.</p>
              <p><a class="button" href="${resume}/check">Try again</a></p>`
      }
      <h2>Your answers</h2>
      <ol>
        ${score.results.map(
          (r) =>
            markup`<li>
              <p><strong>${r.prompt}</strong></p>
              <p>${r.correct ? 'Correct.' : 'Not correct.'} ${r.explanation}</p>
            </li>`,
        )}
      </ol>
      <p><a href="${resume}">Back to the course</a></p>`,
  });
}

function certificateBlock(c: CertificateLinksView | null): Html {
  if (!c) return markup`<p>Your certificate is being prepared. Reload this page in a moment.</p>`;
  return markup`<h2>Your certificate of completion</h2>
    <p><a class="button" href="${c.pdfUrl}">Download your certificate (PDF)</a></p>
    <p>
      Verification code: <span class="code">${c.code}</span>. Anyone can check it at
      <a href="${c.verifyUrl}">${c.verifyUrl}</a>.
    </p>`;
}

export function notFoundCoursePage(ctx: PageContext): string {
  return page({
    title: 'Course not found',
    agencyName: ctx.agencyName,
    body: markup`<h1>Course not found</h1>
      <p>
        This course or link does not exist, or the course is no longer offered.
        <a href="/learn">See the courses offered</a>.
      </p>`,
  });
}

export function messagePage(ctx: PageContext, title: string, message: string, back: string): string {
  return page({
    title,
    agencyName: ctx.agencyName,
    body: markup`<h1>${title}</h1>
      <p>${message}</p>
      <p><a href="${back}">Back</a></p>`,
  });
}
