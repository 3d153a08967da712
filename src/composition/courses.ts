/**
 * Self-paced courses: the store, authoring, taking (tab and public pages), assignments with bot
 * reminders, and the certificate a pass earns (through the certificate service). On the local default
 * (local mode, embedded database) the sample courses of config/sample-courses are published on first start.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CourseReminders } from '../../bot/courses';
import { CourseAssignments } from '../app/courses/assignments';
import { CourseAuthoring } from '../app/courses/authoring';
import { CourseLearning } from '../app/courses/learning';
import { certificateLinks } from '../certificates/links';
import type { CertificateService } from '../domain/certificates/types';
import { registerCourseRoutes } from '../http/api/course-routes';
import { registerLearnRoutes } from '../http/learn-routes';
import type { Logger } from '../logging';
import type { CourseStore } from '../ports/course-store';
import { PgCertificateStore } from '../store/certificate-store';
import { PgCourseStore } from '../store/course-store';
import type { FeatureContext } from './feature-context';

/** The author of the sample courses in the audit log. */
const SEED_ACTOR = 'system:sample-courses';

export async function wireCourses(
  ctx: FeatureContext,
  deps: { certificates: CertificateService },
): Promise<void> {
  const store = new PgCourseStore(
    ctx.db,
    ctx.clock,
    (job, execute, options) => ctx.jobs.sendInTransaction(job, execute, options),
    () => ctx.jobs.wake(),
  );
  // Reads only (the PDF and verification links of a learner's certificate).
  const certificateReader = new PgCertificateStore(ctx.db, ctx.clock, async () => {
    throw new Error('certificate reads queue no jobs');
  });
  const certificate = (id: string) => certificateReader.get(id);
  const links = certificateLinks(ctx.config.http.publicUrl);
  const timeZone = ctx.config.agency.timeZone;

  const authoring = new CourseAuthoring({ store, clock: ctx.clock });
  const learning = new CourseLearning({ store, clock: ctx.clock, certificates: deps.certificates, timeZone });
  const assignments = new CourseAssignments({
    store,
    clock: ctx.clock,
    directory: ctx.directory,
    department: (name) => ctx.orgChart.people.filter((p) => p.department === name),
    timeZone,
    reminderDaysBefore: ctx.config.courses.reminderDaysBefore,
  });
  const reminders = new CourseReminders({
    assignments,
    chats: ctx.chats,
    messenger: ctx.messenger,
    tabUrl: ctx.tabUrl,
    log: ctx.log,
  });

  await ctx.jobs.work('course.certify', async ({ enrollmentId }) => {
    await learning.ensureCertificate(enrollmentId);
  });
  await ctx.jobs.work('course.remind', (job) => reminders.remind(job));

  registerCourseRoutes(ctx.server, ctx.api, {
    store,
    authoring,
    learning,
    assignments,
    certificate,
    links,
    timeZone,
  });
  registerLearnRoutes(ctx.server, {
    store,
    learning,
    certificate,
    links,
    agencyName: ctx.config.agency.name,
    publicUrl: ctx.config.http.publicUrl,
    log: ctx.log,
  });

  if (ctx.config.mode === 'local' && ctx.config.database.kind === 'embedded')
    await seedSampleCourses(store, authoring, ctx.log);
}

/** config/sample-courses of this checkout (from src/composition, or dist/src/composition when built). */
export function sampleCoursesDir(): string | null {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'config', 'sample-courses'),
    path.resolve(__dirname, '..', '..', '..', 'config', 'sample-courses'),
  ];
  return candidates.find((d) => existsSync(d)) ?? null;
}

/** Publishes each sample course whose title no course has yet: running it again changes nothing. */
export async function seedSampleCourses(
  store: CourseStore,
  authoring: CourseAuthoring,
  log: Logger,
  dir: string | null = sampleCoursesDir(),
): Promise<number> {
  if (!dir) return 0;
  const titles = new Set((await store.listCourses()).map((c) => c.title));
  let seeded = 0;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const content: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const title = (content as { title?: unknown }).title;
    if (typeof title === 'string' && titles.has(title)) continue;
    const course = await authoring.create(content, SEED_ACTOR);
    await authoring.publish(course.id, SEED_ACTOR);
    seeded++;
    log.info({ courseId: course.id, file }, 'sample course published');
  }
  return seeded;
}
