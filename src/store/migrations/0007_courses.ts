/**
 * Self-paced courses (src/store/course-store.ts): the course and its working draft, its published
 * versions (immutable copies: a completion keeps the version it was earned on), learners' enrollments
 * (progress, resume link), knowledge-check attempts (the shuffled paper and the answers), and
 * assignments with a due date.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('courses')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published', 'retired')`))
    .addColumn('draft', 'jsonb', (c) => c.notNull())
    .addColumn('current_version', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('course_versions')
    .addColumn('course_id', 'uuid', (c) => c.notNull().references('courses.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('course_versions_pkey', ['course_id', 'version'])
    .execute();

  await db.schema
    .createTable('course_enrollments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('course_id', 'uuid', (c) => c.notNull().references('courses.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('learner_kind', 'text', (c) => c.notNull().check(sql`learner_kind in ('staff', 'public')`))
    .addColumn('user_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('resume_token', 'text', (c) => c.unique())
    .addColumn('sections_read', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('in_progress', 'completed')`))
    .addColumn('completed_version', 'integer')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('certificate_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'course_enrollments_learner_check',
      sql`(learner_kind = 'staff') = (user_id is not null) and (learner_kind = 'public') = (resume_token is not null)`,
    )
    .execute();
  await sql`create unique index course_enrollments_staff_idx on course_enrollments (course_id, user_id)
            where user_id is not null`.execute(db);
  await sql`create index course_enrollments_user_idx on course_enrollments (user_id) where user_id is not null`.execute(
    db,
  );

  await db.schema
    .createTable('course_attempts')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('enrollment_id', 'uuid', (c) => c.notNull().references('course_enrollments.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('paper', 'jsonb', (c) => c.notNull())
    .addColumn('answers', 'jsonb')
    .addColumn('correct', 'integer')
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('passed', 'boolean')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .execute();
  // One open attempt per learner: reloading the page shows the same paper.
  await sql`create unique index course_attempts_open_idx on course_attempts (enrollment_id)
            where submitted_at is null`.execute(db);
  await sql`create index course_attempts_enrollment_idx on course_attempts (enrollment_id, started_at)`.execute(
    db,
  );

  await db.schema
    .createTable('course_assignments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('course_id', 'uuid', (c) => c.notNull().references('courses.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('course_assignments_course_user_key', ['course_id', 'user_id'])
    .execute();
  await sql`create index course_assignments_user_idx on course_assignments (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'course_assignments',
    'course_attempts',
    'course_enrollments',
    'course_versions',
    'courses',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
