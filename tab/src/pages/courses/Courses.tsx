/** `#/courses`: the courses offered to staff, with the person's progress and any due date. */
import {
  Badge,
  Card,
  CardHeader,
  Link,
  makeStyles,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { EmptyState, ErrorState, Lead, Loading, PageHeading } from '../../components/ui';
import { formatDate } from '../../format';
import { href } from '../../route';
import { useSignedIn } from '../../session-context';
import { useLoad } from '../../useLoad';
import type { CourseListItem } from './types';

const useStyles = makeStyles({
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: tokens.spacingVerticalM },
  title: { ...typographyStyles.subtitle1, margin: 0 },
  description: { margin: `${tokens.spacingVerticalXS} 0`, color: tokens.colorNeutralForeground2 },
  meta: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const PROGRESS: Record<
  CourseListItem['status'],
  { label: string; color: 'informative' | 'warning' | 'success' }
> = {
  not_started: { label: 'Not started', color: 'informative' },
  in_progress: { label: 'In progress', color: 'warning' },
  completed: { label: 'Completed', color: 'success' },
};

export function CoursesPage() {
  const { api } = useSignedIn();
  const s = useStyles();
  const list = useLoad(() => api.get<{ items: CourseListItem[] }>('/courses').then((r) => r.items), [api]);
  return (
    <>
      <PageHeading>Courses</PageHeading>
      <Lead>
        Self-paced trainings. Read at your own pace, pass the knowledge check and receive a certificate of
        completion in your Candor chat.
      </Lead>
      {list.status === 'loading' && !list.data && <Loading label="Loading courses…" />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.data &&
        (list.data.length === 0 ? (
          <EmptyState title="No course is offered at the moment." />
        ) : (
          <ul className={s.list} aria-label="Courses">
            {list.data.map((c) => (
              <li key={c.id}>
                <Card>
                  <CardHeader
                    header={
                      <h2 className={s.title}>
                        <Link href={href('courses', c.id)}>{c.title}</Link>
                      </h2>
                    }
                  />
                  <p className={s.description}>{c.description}</p>
                  <div className={s.meta}>
                    <Badge appearance="tint" color={PROGRESS[c.status].color}>
                      {PROGRESS[c.status].label}
                    </Badge>
                    <span>About {c.estimatedMinutes} minutes</span>
                    {c.assignment && c.assignment.state !== 'completed' && (
                      <Badge
                        appearance="outline"
                        color={c.assignment.state === 'overdue' ? 'danger' : 'brand'}
                      >
                        {c.assignment.state === 'overdue' ? 'Overdue since' : 'Due'}{' '}
                        {formatDate(c.assignment.dueOn)}
                      </Badge>
                    )}
                  </div>
                </Card>
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}
