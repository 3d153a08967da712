/**
 * `#/authoring`: outreach staff and the ethics officer see every course (draft, published, retired),
 * start a new one from a blank template, or import a course file exported by Candor (another agency's
 * courses included). Each opens in the editor.
 */
import {
  Badge,
  Button,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { EmptyState, ErrorState, Lead, Loading, PageHeading } from '../../components/ui';
import { formatDateTime } from '../../format';
import { href, navigate } from '../../route';
import { useSignedIn } from '../../session-context';
import { useLoad } from '../../useLoad';
import {
  AUDIENCE_LABELS,
  STATUS_LABELS,
  type CourseContent,
  type CourseDetail,
  type CourseSummary,
} from './types';

const useStyles = makeStyles({
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalL,
  },
  hidden: { display: 'none' },
  table: { minWidth: '560px' },
  scroll: { overflowX: 'auto' },
});

/** A new course: valid from the start, so it can be saved and previewed at once. */
export const BLANK_COURSE: CourseContent = {
  format: 'candor.course',
  formatVersion: 1,
  title: 'New course',
  description: 'What this course teaches, in a sentence or two.',
  audience: 'staff',
  estimatedMinutes: 30,
  passMarkPercent: 80,
  sections: [
    {
      id: 'introduction',
      title: 'Introduction',
      blocks: [{ type: 'text', text: 'Write the first section here.' }],
    },
  ],
  questions: [
    {
      id: 'question-1',
      kind: 'single',
      prompt: 'Write the first question here.',
      choices: [
        { id: 'a', text: 'The right answer', correct: true },
        { id: 'b', text: 'A wrong answer', correct: false },
      ],
      explanation: 'Explain why the right answer is right.',
    },
  ],
};

export function AuthoringPage() {
  const { api } = useSignedIn();
  const s = useStyles();
  const file = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const list = useLoad(
    () => api.get<{ items: CourseSummary[] }>('/authoring/courses').then((r) => r.items),
    [api],
  );

  const create = async (content: unknown) => {
    setBusy(true);
    setError(null);
    try {
      const course = await api.post<CourseDetail>('/authoring/courses', content);
      navigate('authoring', course.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (f: File) => {
    let content: unknown;
    try {
      content = JSON.parse(await f.text());
    } catch {
      setError(new Error(`${f.name} is not a course file (it is not JSON).`));
      return;
    }
    await create(content);
  };

  return (
    <>
      <PageHeading>Course authoring</PageHeading>
      <Lead>
        Write self-paced courses, preview and publish them, and assign them to staff. Publishing an edited
        course makes a new version; completions keep the version they were earned on.
      </Lead>
      <div className={s.actions}>
        <Button appearance="primary" disabled={busy} onClick={() => void create(BLANK_COURSE)}>
          New course
        </Button>
        <Button disabled={busy} onClick={() => file.current?.click()}>
          Import a course file…
        </Button>
        <input
          ref={file}
          className={s.hidden}
          type="file"
          accept="application/json,.json"
          aria-label="Course file to import"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importFile(f);
          }}
        />
      </div>
      {error !== null && <ErrorState error={error} title="The course could not be created" />}
      {list.status === 'loading' && !list.data && <Loading label="Loading courses…" />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.data &&
        (list.data.length === 0 ? (
          <EmptyState title="No course yet.">Start a new course or import a course file.</EmptyState>
        ) : (
          <div className={s.scroll}>
            <Table className={s.table} aria-label="Courses">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Course</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>Version</TableHeaderCell>
                  <TableHeaderCell>For</TableHeaderCell>
                  <TableHeaderCell>Updated</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {list.data.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell>
                      <Link href={href('authoring', c.id)}>{c.title}</Link>
                    </TableCell>
                    <TableCell>
                      <Badge
                        appearance="tint"
                        color={
                          c.status === 'published'
                            ? 'success'
                            : c.status === 'draft'
                              ? 'warning'
                              : 'informative'
                        }
                      >
                        {STATUS_LABELS[c.status]}
                      </Badge>
                    </TableCell>
                    <TableCell>{c.currentVersion ?? '—'}</TableCell>
                    <TableCell>{AUDIENCE_LABELS[c.audience]}</TableCell>
                    <TableCell>{formatDateTime(c.updatedAt)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ))}
    </>
  );
}
