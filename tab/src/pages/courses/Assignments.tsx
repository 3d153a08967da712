/** The assignment panel of a published course: assign people or a department with a due date; who completed. */
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ErrorState, Loading, SectionHeading } from '../../components/ui';
import { formatDate, formatDateTime } from '../../format';
import { useSignedIn } from '../../session-context';
import { useLoad } from '../../useLoad';
import { saveFile } from './save-file';
import type { AssignmentRow, Person } from './types';

const useStyles = makeStyles({
  people: {
    maxHeight: '240px',
    overflowY: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalS,
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'flex-end',
    margin: `${tokens.spacingVerticalM} 0`,
  },
  scroll: { overflowX: 'auto' },
});

const STATE: Record<AssignmentRow['state'], { label: string; color: 'success' | 'danger' | 'informative' }> =
  {
    completed: { label: 'Completed', color: 'success' },
    overdue: { label: 'Overdue', color: 'danger' },
    pending: { label: 'Not yet', color: 'informative' },
  };

export function Assignments({ courseId }: { courseId: string }) {
  const { api } = useSignedIn();
  const s = useStyles();
  const base = `/authoring/courses/${encodeURIComponent(courseId)}`;
  const people = useLoad(
    () => api.get<{ people: Person[]; departments: string[] }>('/authoring/people'),
    [api],
  );
  const report = useLoad(
    () =>
      api.get<{ items: AssignmentRow[]; counts: Record<AssignmentRow['state'], number> }>(
        `${base}/assignments`,
      ),
    [api, base],
  );
  const [chosen, setChosen] = useState<string[]>([]);
  const [department, setDepartment] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const assign = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await api.post<{ assigned: number; unchanged: number }>(`${base}/assignments`, {
        userIds: chosen,
        department: department || null,
        dueOn,
      });
      setNotice(
        `Assigned to ${r.assigned} ${r.assigned === 1 ? 'person' : 'people'}${r.unchanged ? ` (${r.unchanged} already had this due date)` : ''}. They hear of it in the Candor chat.`,
      );
      setChosen([]);
      setDepartment('');
      report.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="assignments-heading">
      <SectionHeading id="assignments-heading">Assignments</SectionHeading>
      {people.status === 'error' && <ErrorState error={people.error} onRetry={people.reload} />}
      {people.data && (
        <>
          <fieldset className={s.people}>
            <legend>People</legend>
            {people.data.people.map((p) => (
              <Checkbox
                key={p.id}
                label={`${p.displayName}${p.department ? ` — ${p.department}` : ''}`}
                checked={chosen.includes(p.id)}
                onChange={(_e, d) =>
                  setChosen(d.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))
                }
              />
            ))}
          </fieldset>
          <div className={s.row}>
            <Field label="Or a whole department">
              <Select value={department} onChange={(_e, d) => setDepartment(d.value)}>
                <option value="">No department</option>
                {people.data.departments.map((dep) => (
                  <option key={dep} value={dep}>
                    {dep}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Due on" required>
              <Input type="date" value={dueOn} onChange={(_e, d) => setDueOn(d.value)} />
            </Field>
            <Button
              appearance="primary"
              disabled={busy || !dueOn || (chosen.length === 0 && !department)}
              onClick={() => void assign()}
            >
              Assign
            </Button>
          </div>
        </>
      )}
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {error !== null && <ErrorState error={error} title="The course could not be assigned" />}
      {report.status === 'loading' && !report.data && <Loading label="Loading assignments…" />}
      {report.status === 'error' && <ErrorState error={report.error} onRetry={report.reload} />}
      {report.data && report.data.items.length > 0 && (
        <>
          <p role="status">
            {report.data.counts.completed} completed, {report.data.counts.overdue} overdue,{' '}
            {report.data.counts.pending} not yet due.
          </p>
          <Button
            onClick={() =>
              void api
                .download(`${base}/assignments.csv`, {}, 'assignments.csv')
                .then(({ blob, filename }) => saveFile(blob, filename), setError)
            }
          >
            Export as CSV
          </Button>
          <div className={s.scroll}>
            <Table aria-label="Assigned people">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Due</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>Completed</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {report.data.items.map((r) => (
                  <TableRow key={r.userId}>
                    <TableCell>{r.name}</TableCell>
                    <TableCell>{formatDate(r.dueOn)}</TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={STATE[r.state].color}>
                        {STATE[r.state].label}
                      </Badge>
                    </TableCell>
                    <TableCell>
                      {r.completedAt
                        ? `${formatDateTime(r.completedAt)} (version ${r.completedVersion})`
                        : '—'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
    </section>
  );
}
