/**
 * The public course pages at `/learn` (no sign-in, server-rendered, no script needed):
 *
 *   GET  /learn                                   courses offered to the public
 *   GET  /learn/{courseId}                        the course and the start form (name, email)
 *   POST /learn/{courseId}/start                  → 303 to the learner's private resume link
 *   GET  /learn/r/{token}                         progress, sections, next step, certificate once passed
 *   GET  /learn/r/{token}/sections/{sectionId}    a section
 *   POST /learn/r/{token}/sections/{sectionId}/read  → 303 to the next section (or the overview)
 *   GET  /learn/r/{token}/check                   the knowledge check (the open attempt's paper)
 *   POST /learn/r/{token}/check                   scored on the server → result page
 *
 * Rate-limited per IP; the start form has a honeypot field that people never see or fill.
 */
import type { Request, Response, Server } from 'restify';
import type { CourseLearning } from '../app/courses/learning';
import { learnerContent, type LearnerContent } from '../app/courses/views';
import type { CertificateLinks } from '../certificates/links';
import { forPublic } from '../domain/courses/content';
import type { Answers } from '../domain/courses/scoring';
import type { Enrollment } from '../domain/courses/types';
import type { Certificate } from '../domain/certificates/types';
import { CandorError, InvalidStateError, NotFoundError, ValidationError } from '../domain/errors';
import type { Logger } from '../logging';
import type { CourseStore } from '../ports/course-store';
import {
  catalogPage,
  checkPage,
  messagePage,
  notFoundCoursePage,
  overviewPage,
  resultPage,
  sectionPage,
  startPage,
  type CertificateLinksView,
} from './public/course-pages';
import { sendHtml } from './public/html';
import { publicRateLimit } from './public/rate-limit';
import { withRequestContext } from './server';

export interface LearnRouteDeps {
  store: CourseStore;
  learning: CourseLearning;
  certificate(id: string): Promise<Certificate | null>;
  links: CertificateLinks;
  agencyName: string;
  publicUrl: string;
  log: Logger;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerLearnRoutes(server: Server, deps: LearnRouteDeps): void {
  const ctx = { agencyName: deps.agencyName };
  const pages = publicRateLimit({ rate: 10, burst: 40 });
  const starts = publicRateLimit({ rate: 1, burst: 5 });
  const notFound = (res: Response) => sendHtml(res, 404, notFoundCoursePage(ctx));
  const redirect = (res: Response, location: string) => {
    res.writeHead(303, { location, 'cache-control': 'no-store' });
    res.end();
  };

  /** A handler whose NotFoundError is the not-found page and whose other domain errors are a message. */
  const handle = (fn: (req: Request, res: Response) => Promise<void>) =>
    withRequestContext(async (req, res) => {
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof NotFoundError) return notFound(res);
        if (err instanceof CandorError && !(err instanceof ValidationError))
          return sendHtml(res, 409, messagePage(ctx, 'That cannot be done now', err.message, '/learn'));
        throw err;
      }
    });

  /** The published version offered to the public, or null. */
  const offered = async (courseId: string): Promise<LearnerContent | null> => {
    if (!UUID.test(courseId)) return null;
    const course = await deps.store.getCourse(courseId);
    if (!course || course.status !== 'published' || course.currentVersion === null) return null;
    const v = await deps.store.getVersion(course.id, course.currentVersion);
    return v && forPublic(v.content.audience) ? learnerContent(course.id, v.version, v.content) : null;
  };

  /** The learner of a resume link with the version they are taking. */
  const learner = async (
    token: string,
  ): Promise<{ e: Enrollment; course: LearnerContent; resume: string } | null> => {
    if (!TOKEN.test(token)) return null;
    const e = await deps.store.findEnrollmentByToken(token);
    if (!e) return null;
    const { version } = await deps.learning.view(e);
    return {
      e,
      course: learnerContent(e.courseId, version.version, version.content),
      resume: `/learn/r/${token}`,
    };
  };

  const certificateOf = async (e: Enrollment): Promise<CertificateLinksView | null> => {
    const c = e.certificateId
      ? await deps.certificate(e.certificateId)
      : e.status === 'completed'
        ? await deps.learning.ensureCertificate(e.id)
        : null;
    return c && c.status === 'valid' ? linksOf(c) : null;
  };
  const linksOf = (c: Certificate): CertificateLinksView => ({
    code: c.code,
    pdfUrl: deps.links.pdf(c.downloadToken),
    verifyUrl: deps.links.verify(c.code),
  });

  server.get(
    '/learn',
    pages,
    handle(async (_req, res) => {
      const courses = [];
      for (const c of await deps.store.listCourses()) {
        const content = c.status === 'published' ? await offered(c.id) : null;
        if (content) courses.push(content);
      }
      sendHtml(res, 200, catalogPage(ctx, courses));
    }),
  );

  server.get(
    '/learn/:courseId',
    pages,
    handle(async (req, res) => {
      const course = await offered(String(req.params.courseId));
      if (!course) return notFound(res);
      sendHtml(res, 200, startPage(ctx, course));
    }),
  );

  server.post(
    '/learn/:courseId/start',
    starts,
    handle(async (req, res) => {
      const course = await offered(String(req.params.courseId));
      if (!course) return notFound(res);
      const body = formOf(req);
      const name = first(body.name);
      const email = first(body.email);
      if (first(body.website)) {
        deps.log.info({ courseId: course.id }, 'course start refused: honeypot filled');
        return sendHtml(
          res,
          400,
          messagePage(ctx, 'Something went wrong', 'Please try again.', `/learn/${course.id}`),
        );
      }
      try {
        const e = await deps.learning.startPublic(course.id, { name, email });
        redirect(res, `/learn/r/${e.resumeToken}`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        sendHtml(res, 400, startPage(ctx, course, { name, email, errors: err.fieldErrors }));
      }
    }),
  );

  server.get(
    '/learn/r/:token',
    pages,
    handle(async (req, res) => {
      const l = await learner(String(req.params.token));
      if (!l) return notFound(res);
      const resumeUrl = `${deps.publicUrl.replace(/\/+$/, '')}${l.resume}`;
      sendHtml(res, 200, overviewPage(ctx, l.resume, resumeUrl, l.course, l.e, await certificateOf(l.e)));
    }),
  );

  server.get(
    '/learn/r/:token/sections/:sectionId',
    pages,
    handle(async (req, res) => {
      const l = await learner(String(req.params.token));
      const index = l ? l.course.sections.findIndex((s) => s.id === req.params.sectionId) : -1;
      if (!l || index < 0) return notFound(res);
      const section = l.course.sections[index]!;
      sendHtml(
        res,
        200,
        sectionPage(ctx, l.resume, l.course, section, index, l.e.sectionsRead.includes(section.id)),
      );
    }),
  );

  server.post(
    '/learn/r/:token/sections/:sectionId/read',
    pages,
    handle(async (req, res) => {
      const l = await learner(String(req.params.token));
      if (!l) return notFound(res);
      const e = await deps.learning.markRead(l.e.id, String(req.params.sectionId));
      const index = l.course.sections.findIndex((s) => s.id === req.params.sectionId);
      const next = l.course.sections.slice(index + 1).find((s) => !e.sectionsRead.includes(s.id));
      const done = l.course.sections.every((s) => e.sectionsRead.includes(s.id));
      redirect(
        res,
        next
          ? `${l.resume}/sections/${next.id}`
          : done && e.status !== 'completed'
            ? `${l.resume}/check`
            : l.resume,
      );
    }),
  );

  server.get(
    '/learn/r/:token/check',
    pages,
    handle(async (req, res) => {
      const l = await learner(String(req.params.token));
      if (!l) return notFound(res);
      if (l.e.status === 'completed') return redirect(res, l.resume);
      const unread = l.course.sections.find((s) => !l.e.sectionsRead.includes(s.id));
      if (unread) return redirect(res, `${l.resume}/sections/${unread.id}`);
      const { attempt, questions } = await deps.learning.startAttempt(l.e.id);
      sendHtml(res, 200, checkPage(ctx, l.resume, l.course, attempt.id, questions));
    }),
  );

  server.post(
    '/learn/r/:token/check',
    pages,
    handle(async (req, res) => {
      const l = await learner(String(req.params.token));
      if (!l) return notFound(res);
      if (l.e.status === 'completed') return redirect(res, l.resume);
      const body = formOf(req);
      const attemptId = first(body.attempt);
      const answers: Answers = {};
      for (const [key, value] of Object.entries(body))
        if (key.startsWith('q.'))
          answers[key.slice(2)] = Array.isArray(value) ? value.map(String) : [String(value)];
      try {
        const result = await deps.learning.submit(l.e.id, attemptId, answers);
        const certificate = result.certificate ? linksOf(result.certificate) : null;
        sendHtml(res, 200, resultPage(ctx, l.resume, l.course, result.score, certificate));
      } catch (err) {
        if (err instanceof InvalidStateError) return redirect(res, `${l.resume}/check`);
        if (!(err instanceof ValidationError)) throw err;
        const { attempt, questions } = await deps.learning.startAttempt(l.e.id);
        sendHtml(
          res,
          400,
          checkPage(ctx, l.resume, l.course, attempt.id, questions, { answers, errors: err.fieldErrors }),
        );
      }
    }),
  );
}

type Form = Record<string, string | string[] | undefined>;

function formOf(req: Request): Form {
  const body: unknown = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Form) : {};
}

function first(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v)?.slice(0, 1000) ?? '';
}
