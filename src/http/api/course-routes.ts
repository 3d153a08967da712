/**
 * The tab's course routes (docs/api.md):
 *
 * - Authoring (outreach staff, ethics officer) under `/api/v1/authoring/courses`: list, create or import
 *   (the same JSON), read the draft and versions, save the draft, publish, retire, export, assign, and
 *   the assignment report (JSON and CSV).
 * - Taking (any signed-in staff member) under `/api/v1/courses`: the courses offered to staff with the
 *   caller's progress and assignment, start, mark a section read, start an attempt (the paper: no
 *   answers) and submit it (scored on the server).
 */
import type { Response, Server } from 'restify';
import { z } from 'zod';
import { assignmentsCsv, type CourseAssignments } from '../../app/courses/assignments';
import type { CourseAuthoring } from '../../app/courses/authoring';
import type { CourseLearning } from '../../app/courses/learning';
import { courseSummary, enrollmentView, learnerContent } from '../../app/courses/views';
import type { CertificateLinks } from '../../certificates/links';
import { forStaff } from '../../domain/courses/content';
import { assignmentState, type Enrollment } from '../../domain/courses/types';
import type { Certificate } from '../../domain/certificates/types';
import { NotFoundError } from '../../domain/errors';
import type { CourseStore } from '../../ports/course-store';
import { requireRole } from './authorize';
import { certificateView } from './certificate-routes';
import type { ApiContext } from './context';
import type { Principal } from './principal';
import { parseInput } from './validation';

export interface CourseRouteDeps {
  store: CourseStore;
  authoring: CourseAuthoring;
  learning: CourseLearning;
  assignments: CourseAssignments;
  certificate(id: string): Promise<Certificate | null>;
  links: CertificateLinks;
  timeZone: string;
}

const idParam = z.object({ id: z.uuid({ message: 'Must be a course id (a UUID).' }) });
const sectionParam = idParam.extend({ sectionId: z.string().min(1).max(40) });
const attemptParam = idParam.extend({ attemptId: z.uuid({ message: 'Must be an attempt id (a UUID).' }) });
const exportQuery = z.object({
  version: z.preprocess(
    (v) => (v === undefined || v === '' || v === 'draft' ? null : v),
    z.coerce.number().int().min(1).nullable(),
  ),
});
const answersBody = z.object({
  answers: z.record(z.string().max(40), z.array(z.string().max(40)).max(8)),
});
const assignBody = z.object({
  userIds: z.array(z.string().min(1).max(100)).max(1000).default([]),
  department: z.string().trim().max(200).nullish(),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the due date as YYYY-MM-DD.'),
});

export function registerCourseRoutes(server: Server, ctx: ApiContext, deps: CourseRouteDeps): void {
  const author = (p: Principal) => requireRole(p, 'outreach', 'ethics_officer');

  // ── Authoring ──────────────────────────────────────────────────────────────────────────────────
  server.get(
    '/api/v1/authoring/courses',
    ctx.route(async (_req, res, principal) => {
      author(principal);
      res.send(200, { items: (await deps.store.listCourses()).map(courseSummary) });
    }),
  );

  server.post(
    '/api/v1/authoring/courses',
    ctx.route(async (req, res, principal) => {
      author(principal);
      const course = await deps.authoring.create(req.body, principal.id);
      res.send(201, { ...courseSummary(course), draft: course.draft, versions: [] });
    }),
  );

  server.get(
    '/api/v1/authoring/courses/:id',
    ctx.route(async (req, res, principal) => {
      author(principal);
      const { id } = parseInput(idParam, req.params);
      const course = await deps.store.getCourse(id);
      if (!course) throw new NotFoundError('Course', id);
      const versions = await deps.store.listVersions(id);
      res.send(200, {
        ...courseSummary(course),
        draft: course.draft,
        versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt.toISOString() })),
      });
    }),
  );

  server.put(
    '/api/v1/authoring/courses/:id/draft',
    ctx.route(async (req, res, principal) => {
      author(principal);
      const { id } = parseInput(idParam, req.params);
      const course = await deps.authoring.saveDraft(id, req.body, principal.id);
      res.send(200, { ...courseSummary(course), draft: course.draft });
    }),
  );

  for (const action of ['publish', 'retire'] as const)
    server.post(
      `/api/v1/authoring/courses/:id/${action}`,
      ctx.route(async (req, res, principal) => {
        author(principal);
        const { id } = parseInput(idParam, req.params);
        res.send(200, courseSummary(await deps.authoring[action](id, principal.id)));
      }),
    );

  server.get(
    '/api/v1/authoring/courses/:id/export',
    ctx.route(async (req, res, principal) => {
      author(principal);
      const { id } = parseInput(idParam, req.params);
      const { version } = parseInput(exportQuery, req.query);
      const content = await deps.authoring.exportContent(id, version);
      const name = content.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60);
      sendFile(
        res,
        `${JSON.stringify(content, null, 2)}\n`,
        'application/json; charset=utf-8',
        `${name || 'course'}${version ? `-v${version}` : '-draft'}.json`,
      );
    }),
  );

  server.get(
    '/api/v1/authoring/people',
    ctx.route(async (_req, res, principal) => {
      author(principal);
      const people = [...ctx.orgChart.people]
        .map((p) => ({ id: p.id, displayName: p.displayName, department: p.department ?? null }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
      const departments = [
        ...new Set(people.map((p) => p.department).filter((d): d is string => !!d)),
      ].sort();
      res.send(200, { people, departments });
    }),
  );

  server.post(
    '/api/v1/authoring/courses/:id/assignments',
    ctx.route(async (req, res, principal) => {
      author(principal);
      const { id } = parseInput(idParam, req.params);
      const body = parseInput(assignBody, req.body);
      const result = await deps.assignments.assign(
        id,
        { userIds: body.userIds, department: body.department ?? null, dueOn: body.dueOn },
        principal.id,
      );
      res.send(200, result);
    }),
  );

  server.get(
    '/api/v1/authoring/courses/:id/assignments',
    ctx.route(async (req, res, principal) => {
      author(principal);
      const { id } = parseInput(idParam, req.params);
      if (!(await deps.store.getCourse(id))) throw new NotFoundError('Course', id);
      const rows = await deps.assignments.report(id);
      res.send(200, {
        items: rows.map((r) => ({ ...r, completedAt: r.completedAt?.toISOString() ?? null })),
        counts: {
          completed: rows.filter((r) => r.state === 'completed').length,
          overdue: rows.filter((r) => r.state === 'overdue').length,
          pending: rows.filter((r) => r.state === 'pending').length,
        },
      });
    }),
  );

  server.get(
    '/api/v1/authoring/courses/:id/assignments.csv',
    ctx.route(async (req, res, principal) => {
      author(principal);
      const { id } = parseInput(idParam, req.params);
      const course = await deps.store.getCourse(id);
      if (!course) throw new NotFoundError('Course', id);
      const csv = assignmentsCsv(await deps.assignments.report(id), deps.timeZone);
      sendFile(res, csv, 'text/csv; charset=utf-8', `assignments-${deps.assignments.today()}.csv`);
    }),
  );

  // ── Taking a course (staff) ───────────────────────────────────────────────────────────────────────
  const learnerView = async (courseId: string, principal: Principal, enrollment?: Enrollment | null) => {
    const course = await deps.store.getCourse(courseId);
    const e =
      enrollment === undefined ? await deps.store.findStaffEnrollment(courseId, principal.id) : enrollment;
    // An enrollment keeps its version, even once the course has a newer one or is retired.
    const versionNumber = e?.version ?? (course?.status === 'published' ? course.currentVersion : null);
    const version =
      versionNumber === null || !course ? null : await deps.store.getVersion(courseId, versionNumber);
    if (!course || !version || !forStaff(version.content.audience))
      throw new NotFoundError('Course', courseId);
    const certificate = e?.certificateId ? await deps.certificate(e.certificateId) : null;
    return {
      course: learnerContent(courseId, version.version, version.content),
      enrollment: e ? enrollmentView(e) : null,
      certificate: certificate ? certificateView(certificate, deps.links) : null,
    };
  };

  server.get(
    '/api/v1/courses',
    ctx.route(async (_req, res, principal) => {
      const [courses, enrollments, assignments] = await Promise.all([
        deps.store.listCourses(),
        deps.store.listStaffEnrollments(principal.id),
        deps.store.assignmentsForUser(principal.id),
      ]);
      const today = deps.assignments.today();
      const items = [];
      for (const c of courses) {
        const e = enrollments.find((x) => x.courseId === c.id) ?? null;
        const a = assignments.find((x) => x.courseId === c.id) ?? null;
        const offered = c.status === 'published' && c.currentVersion !== null;
        if (!offered && !e) continue;
        const version = await deps.store.getVersion(c.id, e?.version ?? c.currentVersion!);
        if (!version || !forStaff(version.content.audience)) continue;
        items.push({
          id: c.id,
          title: version.content.title,
          description: version.content.description,
          estimatedMinutes: version.content.estimatedMinutes,
          status: e?.status ?? 'not_started',
          assignment: a
            ? {
                dueOn: a.dueOn,
                state: assignmentState({ dueOn: a.dueOn, completedAt: e?.completedAt ?? null }, today),
              }
            : null,
        });
      }
      res.send(200, { items });
    }),
  );

  server.get(
    '/api/v1/courses/:id',
    ctx.route(async (req, res, principal) => {
      const { id } = parseInput(idParam, req.params);
      res.send(200, await learnerView(id, principal));
    }),
  );

  server.post(
    '/api/v1/courses/:id/start',
    ctx.route(async (req, res, principal) => {
      const { id } = parseInput(idParam, req.params);
      const person = await ctx.directory.getUser(principal.id).catch(() => null);
      const e = await deps.learning.startStaff(id, {
        id: principal.id,
        displayName: person?.displayName || principal.displayName,
        email: person?.email || principal.email || null,
      });
      res.send(200, await learnerView(id, principal, e));
    }),
  );

  const ownEnrollment = async (courseId: string, principal: Principal) => {
    const e = await deps.store.findStaffEnrollment(courseId, principal.id);
    if (!e) throw new NotFoundError('Enrollment in course', courseId);
    return e;
  };

  server.post(
    '/api/v1/courses/:id/sections/:sectionId/read',
    ctx.route(async (req, res, principal) => {
      const { id, sectionId } = parseInput(sectionParam, req.params);
      const e = await deps.learning.markRead((await ownEnrollment(id, principal)).id, sectionId);
      res.send(200, await learnerView(id, principal, e));
    }),
  );

  server.post(
    '/api/v1/courses/:id/attempts',
    ctx.route(async (req, res, principal) => {
      const { id } = parseInput(idParam, req.params);
      const { attempt, questions } = await deps.learning.startAttempt(
        (await ownEnrollment(id, principal)).id,
      );
      res.send(200, { attemptId: attempt.id, questions });
    }),
  );

  server.post(
    '/api/v1/courses/:id/attempts/:attemptId',
    ctx.route(async (req, res, principal) => {
      const { id, attemptId } = parseInput(attemptParam, req.params);
      const { answers } = parseInput(answersBody, req.body);
      const result = await deps.learning.submit((await ownEnrollment(id, principal)).id, attemptId, answers);
      res.send(200, {
        score: result.score,
        enrollment: enrollmentView(result.enrollment),
        certificate: result.certificate ? certificateView(result.certificate, deps.links) : null,
      });
    }),
  );
}

function sendFile(res: Response, body: string, type: string, filename: string): void {
  res.writeHead(200, {
    'content-type': type,
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
  res.end(body);
}
