/**
 * `#/events/<id>`: one event. Everyone sees it and registers or cancels for themselves; outreach staff
 * also edit or cancel it, see registrations and the waitlist, read or mark attendance, reissue or revoke
 * certificates, add materials and export the registrations as CSV.
 */
import {
  Badge,
  Button,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError } from '../api';
import { EventForm } from '../components/EventForm';
import { EmptyState, ErrorState, Loading, PageHeading, SectionHeading } from '../components/ui';
import { NO_MEETING, type EventDetailJson, type Material, type RegistrationJson } from '../event-types';
import { formatDateTime, plural } from '../format';
import { href } from '../route';
import { useSignedIn } from '../session-context';
import { useLoad } from '../useLoad';
import { statusText } from './Events';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
  },
  dt: { fontWeight: tokens.fontWeightSemibold },
  dd: { margin: 0 },
  actions: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
    margin: `${tokens.spacingVerticalM} 0`,
  },
  inline: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  narrow: { width: '6rem' },
});

async function saveFile(blob: Blob, filename: string): Promise<void> {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function EventDetailPage({ id }: { id: string }) {
  const s = useStyles();
  const { api } = useSignedIn();
  const load = useLoad(() => api.get<EventDetailJson>(`/events/${encodeURIComponent(id)}`), [api, id]);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelReason, setCancelReason] = useState<string | null>(null);

  const act = async (run: () => Promise<EventDetailJson | void>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const next = await run();
      if (next) load.set(next);
      else load.reload();
      setMessage({ intent: 'success', text: done });
    } catch (e) {
      setMessage({
        intent: 'error',
        text:
          e instanceof ApiError
            ? e.problem.errors?.map((f) => f.message).join(' ') || e.problem.detail || e.problem.title
            : String(e),
      });
    } finally {
      setBusy(false);
    }
  };

  if (load.status === 'loading' && !load.data) return <Loading label="Loading the event…" />;
  if (load.status === 'error') return <ErrorState error={load.error} onRetry={load.reload} />;
  const data = load.data!;
  const e = data.event;
  const over = new Date(e.endsAt).getTime() <= Date.now();
  const started = new Date(e.startsAt).getTime() <= Date.now();
  const manager = data.registrations !== undefined;
  const open = e.status === 'scheduled' && !over;

  if (editing)
    return (
      <>
        <PageHeading>Edit: {e.title}</PageHeading>
        <EventForm
          event={e}
          timeZone={e.timeZone}
          onSaved={() => {
            setEditing(false);
            load.reload();
            setMessage({
              intent: 'success',
              text: 'Saved. Registrants were told in the chat if the time changed.',
            });
          }}
          onCancel={() => setEditing(false)}
        />
      </>
    );

  return (
    <>
      <p>
        <Link href={href('events')}>All events</Link>
      </p>
      <PageHeading>{e.title}</PageHeading>
      {e.status === 'cancelled' && (
        <MessageBar intent="warning">
          <MessageBarBody>
            This event was cancelled.{e.cancelReason ? ` ${e.cancelReason}` : ''}
          </MessageBarBody>
        </MessageBar>
      )}
      {message && (
        <MessageBar intent={message.intent} role={message.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <dl className={s.facts}>
        <dt className={s.dt}>Starts</dt>
        <dd className={s.dd}>{e.when}</dd>
        <dt className={s.dt}>Ends</dt>
        <dd className={s.dd}>{e.until}</dd>
        <dt className={s.dt}>Kind</dt>
        <dd className={s.dd}>
          {e.kind === 'training'
            ? `Training (certificate after ${e.completionPercent}% of the time, ${e.requiredMinutes} minutes)`
            : 'Outreach event'}{' '}
          · {e.audience === 'public' ? 'open to the public' : 'for staff'}
        </dd>
        {e.presenters.length > 0 && (
          <>
            <dt className={s.dt}>Presenters</dt>
            <dd className={s.dd}>{e.presenters.join(', ')}</dd>
          </>
        )}
        <dt className={s.dt}>Seats</dt>
        <dd className={s.dd}>
          {e.capacity === null
            ? `No limit (${plural(e.registeredCount, 'registration')})`
            : `${e.registeredCount} of ${e.capacity} taken`}
        </dd>
        <dt className={s.dt}>Organizer</dt>
        <dd className={s.dd}>{e.organizerName}</dd>
        <dt className={s.dt}>Teams meeting</dt>
        <dd className={s.dd}>
          {e.joinUrl ? (
            <Link href={e.joinUrl} target="_blank" rel="noreferrer">
              Join the Teams meeting
            </Link>
          ) : e.hasMeeting ? (
            'The join link appears here once you are registered.'
          ) : (
            <Badge appearance="tint" color="warning">
              {NO_MEETING}
            </Badge>
          )}
        </dd>
        {e.publicUrl && (
          <>
            <dt className={s.dt}>Public registration page</dt>
            <dd className={s.dd}>
              <Link href={e.publicUrl} target="_blank" rel="noreferrer">
                {e.publicUrl}
              </Link>
            </dd>
          </>
        )}
      </dl>
      {e.description && <p>{e.description}</p>}
      <p>
        <strong>{statusText(e)}</strong>
      </p>
      <div className={s.actions}>
        {open && (!e.mine || e.mine.status === 'cancelled') && (
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() =>
              act(() => api.post(`/events/${e.id}/registration`, {}), 'Done: see your status above.')
            }
          >
            {e.seatsLeft === 0 ? 'Join the waitlist' : 'Register'}
          </Button>
        )}
        {open && e.mine && e.mine.status !== 'cancelled' && (
          <Button
            disabled={busy}
            onClick={() =>
              act(() => api.del(`/events/${e.id}/registration`), 'Your registration is cancelled.')
            }
          >
            Cancel my registration
          </Button>
        )}
        <Button
          disabled={busy}
          onClick={() =>
            act(async () => {
              const { blob, filename } = await api.download(`/events/${e.id}/event.ics`, {}, 'event.ics');
              await saveFile(blob, filename);
            }, 'Calendar file downloaded.')
          }
        >
          Add to calendar (.ics)
        </Button>
        {manager && open && <Button onClick={() => setEditing(true)}>Edit</Button>}
        {manager && open && cancelReason === null && (
          <Button onClick={() => setCancelReason('')}>Cancel event</Button>
        )}
      </div>
      {manager && cancelReason !== null && (
        <div className={s.inline}>
          <Field label="Why is it cancelled? (registrants are told)">
            <Textarea value={cancelReason} onChange={(_ev, d) => setCancelReason(d.value)} />
          </Field>
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() =>
              act(
                () => api.post(`/events/${e.id}/cancel`, { reason: cancelReason }),
                'The event and its Teams meeting are cancelled.',
              ).then(() => setCancelReason(null))
            }
          >
            Cancel the event
          </Button>
          <Button onClick={() => setCancelReason(null)}>Keep it</Button>
        </div>
      )}
      {e.materials.length > 0 && (
        <section aria-labelledby="materials-heading">
          <SectionHeading id="materials-heading">Materials</SectionHeading>
          <ul>
            {e.materials.map((m, i) => (
              <li key={i}>
                <Link href={m.url} target="_blank" rel="noreferrer">
                  {m.label}
                </Link>{' '}
                ({m.kind})
              </li>
            ))}
          </ul>
        </section>
      )}
      {manager && <ManagerSections data={data} busy={busy} act={act} started={started} />}
    </>
  );
}

function ManagerSections({
  data,
  busy,
  act,
  started,
}: {
  data: EventDetailJson;
  busy: boolean;
  act: (run: () => Promise<EventDetailJson | void>, done: string) => Promise<void>;
  started: boolean;
}) {
  const s = useStyles();
  const { api } = useSignedIn();
  const e = data.event;
  const regs = data.registrations ?? [];
  const active = regs.filter((r) => r.status !== 'cancelled');
  return (
    <>
      <section aria-labelledby="registrations-heading">
        <SectionHeading id="registrations-heading">
          Registrations ({active.filter((r) => r.status === 'registered').length} registered,{' '}
          {active.filter((r) => r.status === 'waitlisted').length} waiting)
        </SectionHeading>
        <div className={s.actions}>
          <Button
            disabled={busy || regs.length === 0}
            onClick={() =>
              act(async () => {
                const { blob, filename } = await api.download(
                  `/events/${e.id}/registrations.csv`,
                  {},
                  'registrations.csv',
                );
                await saveFile(blob, filename);
              }, 'CSV downloaded.')
            }
          >
            Export registrations and attendance (CSV)
          </Button>
          {e.hasMeeting && started && e.status === 'scheduled' && (
            <Button
              disabled={busy}
              onClick={() =>
                act(() => api.post(`/events/${e.id}/attendance/read`, {}), 'Attendance read from Teams.')
              }
            >
              Read attendance from Teams
            </Button>
          )}
        </div>
        {e.attendanceReadAt && (
          <p>Attendance last read from Teams on {formatDateTime(e.attendanceReadAt)}.</p>
        )}
        {regs.length === 0 ? (
          <EmptyState title="No one has registered yet." />
        ) : (
          <Table aria-label="Registrations" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Email</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Attended</TableHeaderCell>
                {data.certificatesEnabled && e.kind === 'training' && (
                  <TableHeaderCell>Certificate</TableHeaderCell>
                )}
                <TableHeaderCell>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {regs.map((r) => (
                <RegistrationRow key={r.id} r={r} data={data} busy={busy} act={act} started={started} />
              ))}
            </TableBody>
          </Table>
        )}
        {(data.unmatchedAttendees?.length ?? 0) > 0 && (
          <>
            <SectionHeading>In the meeting without a registration</SectionHeading>
            <ul>
              {data.unmatchedAttendees!.map((u, i) => (
                <li key={i}>
                  {u.name}
                  {u.email ? ` (${u.email})` : ''}: {plural(u.minutes, 'minute')}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <MaterialsEditor data={data} busy={busy} act={act} />
    </>
  );
}

function RegistrationRow({
  r,
  data,
  busy,
  act,
  started,
}: {
  r: RegistrationJson;
  data: EventDetailJson;
  busy: boolean;
  act: (run: () => Promise<EventDetailJson | void>, done: string) => Promise<void>;
  started: boolean;
}) {
  const s = useStyles();
  const { api } = useSignedIn();
  const e = data.event;
  const [minutes, setMinutes] = useState(r.attendedMinutes === null ? '' : String(r.attendedMinutes));
  /** The revocation reason being typed, or null when not revoking. */
  const [revoking, setRevoking] = useState<string | null>(null);
  const c = r.certificate;
  const base = `/events/${e.id}`;
  return (
    <TableRow>
      <TableCell>
        {r.name} {r.kind === 'public' && <Badge appearance="outline">public</Badge>}
      </TableCell>
      <TableCell>{r.email ?? '—'}</TableCell>
      <TableCell>{r.status}</TableCell>
      <TableCell>
        {r.attendedMinutes === null
          ? '—'
          : `${r.attendedMinutes} min${r.attendanceSource === 'manual' ? ' (by hand)' : ''}`}
        {r.completed ? ' ✓' : ''}
      </TableCell>
      {data.certificatesEnabled && e.kind === 'training' && (
        <TableCell>
          {c ? (
            <>
              <Link href={c.downloadUrl} target="_blank" rel="noreferrer">
                {c.code}
              </Link>{' '}
              {c.status === 'revoked' && <Badge color="danger">revoked</Badge>}
            </>
          ) : (
            '—'
          )}
        </TableCell>
      )}
      <TableCell>
        <div className={s.inline}>
          {started && r.status === 'registered' && e.status === 'scheduled' && (
            <>
              <Field label={`Minutes attended by ${r.name}`} size="small">
                <Input
                  className={s.narrow}
                  type="number"
                  min={0}
                  value={minutes}
                  onChange={(_ev, d) => setMinutes(d.value)}
                />
              </Field>
              <Button
                size="small"
                disabled={busy}
                onClick={() =>
                  act(
                    () => api.put(`${base}/registrations/${r.id}/attendance`, { minutes: Number(minutes) }),
                    `Attendance of ${r.name} saved.`,
                  )
                }
              >
                Save
              </Button>
            </>
          )}
          {c?.status === 'valid' && (
            <>
              <Button
                size="small"
                disabled={busy}
                onClick={() =>
                  act(
                    () => api.post(`${base}/certificates/${c.id}/reissue`, { recipientName: r.name }),
                    `A new certificate was issued to ${r.name}.`,
                  )
                }
              >
                Reissue
              </Button>
              <Button size="small" disabled={busy} onClick={() => setRevoking('')}>
                Revoke
              </Button>
            </>
          )}
          {c?.status === 'valid' && revoking !== null && (
            <>
              <Field label={`Why is the certificate of ${r.name} revoked?`} size="small">
                <Input value={revoking} onChange={(_ev, d) => setRevoking(d.value)} />
              </Field>
              <Button
                size="small"
                appearance="primary"
                disabled={busy || revoking.trim() === ''}
                onClick={() =>
                  act(
                    () => api.post(`${base}/certificates/${c.id}/revoke`, { reason: revoking }),
                    `The certificate of ${r.name} is revoked.`,
                  ).then(() => setRevoking(null))
                }
              >
                Revoke it
              </Button>
              <Button size="small" onClick={() => setRevoking(null)}>
                Keep it
              </Button>
            </>
          )}
          {!started && r.status !== 'cancelled' && (
            <Button
              size="small"
              disabled={busy}
              onClick={() =>
                act(() => api.del(`${base}/registrations/${r.id}`), `${r.name} is no longer registered.`)
              }
            >
              Remove
            </Button>
          )}
        </div>
      </TableCell>
    </TableRow>
  );
}

function MaterialsEditor({
  data,
  busy,
  act,
}: {
  data: EventDetailJson;
  busy: boolean;
  act: (run: () => Promise<EventDetailJson | void>, done: string) => Promise<void>;
}) {
  const s = useStyles();
  const { api } = useSignedIn();
  const e = data.event;
  const [items, setItems] = useState<Material[]>(e.materials);
  const update = (i: number, patch: Partial<Material>) =>
    setItems((list) => list.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <section aria-labelledby="edit-materials-heading">
      <SectionHeading id="edit-materials-heading">Slides and recording</SectionHeading>
      <p>Links shown on the event page; after the event, registrants who did not attend are sent them.</p>
      {items.map((m, i) => (
        <div className={s.inline} key={i}>
          <Field label={`Kind of link ${i + 1}`}>
            <Select value={m.kind} onChange={(_ev, d) => update(i, { kind: d.value as Material['kind'] })}>
              <option value="slides">Slides</option>
              <option value="recording">Recording</option>
              <option value="handout">Handout</option>
              <option value="other">Other</option>
            </Select>
          </Field>
          <Field label={`Label of link ${i + 1}`}>
            <Input value={m.label} onChange={(_ev, d) => update(i, { label: d.value })} />
          </Field>
          <Field label={`Address of link ${i + 1}`}>
            <Input type="url" value={m.url} onChange={(_ev, d) => update(i, { url: d.value })} />
          </Field>
          <Button onClick={() => setItems((list) => list.filter((_m, j) => j !== i))}>Remove</Button>
        </div>
      ))}
      <div className={s.actions}>
        <Button onClick={() => setItems((list) => [...list, { kind: 'slides', label: '', url: '' }])}>
          Add a link
        </Button>
        <Button
          appearance="primary"
          disabled={busy}
          onClick={() =>
            act(() => api.put(`/events/${e.id}/materials`, { materials: items }), 'Materials saved.')
          }
        >
          Save materials
        </Button>
      </div>
    </section>
  );
}
