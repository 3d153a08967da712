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
import { EmptyState, ErrorState, Lead, Loading, PageHeading, SectionHeading } from '../../components/ui';
import { formatDate } from '../../format';
import { href } from '../../route';
import { useSignedIn } from '../../session-context';
import { useLoad } from '../../useLoad';
import type { CertificateView, CourseListItem } from './types';

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
      <MyCertificates />
    </>
  );
}

/** Every certificate of completion the person holds (trainings and courses), with its PDF and code. */
function MyCertificates() {
  const { api } = useSignedIn();
  const s = useStyles();
  const mine = useLoad(
    () =>
      api
        .get<{ items: Array<CertificateView & { completedOn: string }> }>('/me/certificates')
        .then((r) => r.items),
    [api],
  );
  if (mine.status === 'error') return <ErrorState error={mine.error} onRetry={mine.reload} />;
  if (!mine.data || mine.data.length === 0) return null;
  return (
    <section aria-labelledby="certificates-heading">
      <SectionHeading id="certificates-heading">Your certificates</SectionHeading>
      <ul className={s.list}>
        {mine.data.map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong>, completed {formatDate(c.completedOn)}. Code {c.code}.{' '}
            {c.status === 'valid' && c.pdfUrl ? (
              <Link href={c.pdfUrl} target="_blank" rel="noopener noreferrer">
                Download (PDF, opens in a new window)
              </Link>
            ) : (
              <Badge appearance="tint" color="danger">
                Revoked
              </Badge>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
