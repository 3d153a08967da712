/**
 * `#/campaigns` (ethics officer, admin): launch an attestation campaign (a policy, a year, an audience,
 * how often to remind), follow each campaign's progress live (counts refreshed every 2 s while cards or
 * reminders are going out), see who failed and why, resend to the failed only, remind those who have not
 * acknowledged, and export who has and has not acknowledged.
 */
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  ProgressBar,
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
import { useEffect, useState } from 'react';
import { EmptyState, ErrorState, Lead, Loading, PageHeading, SectionHeading } from '../components/ui';
import { formatDateTime, plural } from '../format';
import { useSignedIn } from '../session-context';
import { useLoad } from '../useLoad';

const STATES = ['queued', 'sending', 'sent', 'acknowledged', 'failed'] as const;
type RecipientState = (typeof STATES)[number];
const STATE_LABELS: Record<RecipientState, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  acknowledged: 'Acknowledged',
  failed: 'Failed',
};
const POLL_MS = 2000;
const PAGE_SIZE = 100;

type Counts = Record<RecipientState, number> & { total: number; inDoubt: number };

interface CampaignSummary {
  id: string;
  packId: string;
  policyTitle: string;
  year: number;
  audienceLabel: string;
  createdAt: string;
  counts: Counts;
  reminderIntervalDays: number;
  reminderRound: number;
  lastRemindedAt: string | null;
  reminders: { sent: number; pending: number; failed: number };
  complete: boolean;
}

interface Options {
  packs: Array<{ id: string; title: string; organization: string }>;
  departments: string[];
  groups: string[];
  people: number;
  year: number;
}

interface RecipientRow {
  id: string;
  displayName: string;
  department: string | null;
  state: RecipientState;
  reason: string | null;
  attempts: number;
  inDoubt: boolean;
  sentAt: string | null;
  acknowledgedAt: string | null;
  remindersSent: number;
}

const DEFAULT_REMINDER_DAYS = 7;

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    alignItems: 'end',
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
  },
  counts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXL,
    margin: `${tokens.spacingVerticalM} 0`,
  },
  count: { display: 'flex', flexDirection: 'column' },
  number: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    margin: `${tokens.spacingVerticalM} 0`,
  },
  reason: { color: tokens.colorPaletteRedForeground1 },
});

export function CampaignsPage() {
  const { api } = useSignedIn();
  const options = useLoad(() => api.get<Options>('/campaigns/options'), [api]);
  const list = useLoad(() => api.get<{ items: CampaignSummary[] }>('/campaigns'), [api]);
  const [selected, setSelected] = useState<string | null>(null);
  const current = selected ?? list.data?.items[0]?.id ?? null;

  return (
    <>
      <PageHeading>Attestation campaigns</PageHeading>
      <Lead>
        Ask everyone, a department or a group to acknowledge a policy for a year. Each person gets a card in
        Teams with the policy text and an Acknowledge button.
      </Lead>
      {options.status === 'error' ? (
        <ErrorState error={options.error} onRetry={options.reload} />
      ) : options.data ? (
        <LaunchForm
          options={options.data}
          onLaunched={(c) => {
            setSelected(c.id);
            list.reload();
          }}
        />
      ) : (
        <Loading label="Loading the policies" />
      )}
      <SectionHeading>Campaigns</SectionHeading>
      {list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading label="Loading campaigns" />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No campaign yet.">Launch one above.</EmptyState>
      ) : (
        <Table aria-label="Campaigns" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Policy</TableHeaderCell>
              <TableHeaderCell>Year</TableHeaderCell>
              <TableHeaderCell>Audience</TableHeaderCell>
              <TableHeaderCell>Launched</TableHeaderCell>
              <TableHeaderCell>Acknowledged</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.data.items.map((c) => (
              <TableRow key={c.id} aria-selected={c.id === current}>
                <TableCell>
                  <Button appearance="transparent" onClick={() => setSelected(c.id)}>
                    {c.policyTitle}
                  </Button>
                </TableCell>
                <TableCell>{c.year}</TableCell>
                <TableCell>{c.audienceLabel}</TableCell>
                <TableCell>{formatDateTime(c.createdAt)}</TableCell>
                <TableCell>
                  {c.counts.acknowledged} of {c.counts.total}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {current && <CampaignDetail key={current} id={current} />}
    </>
  );
}

function LaunchForm({ options, onLaunched }: { options: Options; onLaunched(c: CampaignSummary): void }) {
  const s = useStyles();
  const { api } = useSignedIn();
  const [packId, setPackId] = useState(options.packs[0]?.id ?? '');
  const [year, setYear] = useState(String(options.year));
  const [kind, setKind] = useState<'everyone' | 'department' | 'group'>('everyone');
  const [department, setDepartment] = useState(options.departments[0] ?? '');
  const [group, setGroup] = useState(options.groups[0] ?? '');
  const [remindDays, setRemindDays] = useState(String(DEFAULT_REMINDER_DAYS));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const launch = async () => {
    setBusy(true);
    setError(null);
    try {
      const audience =
        kind === 'department' ? { kind, department } : kind === 'group' ? { kind, groupId: group } : { kind };
      onLaunched(
        await api.post<CampaignSummary>('/campaigns', {
          packId,
          year: Number(year),
          audience,
          reminderIntervalDays: Number(remindDays),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form
        className={s.form}
        aria-label="Launch a campaign"
        onSubmit={(e) => {
          e.preventDefault();
          void launch();
        }}
      >
        <Field label="Policy">
          <Select value={packId} onChange={(_e, d) => setPackId(d.value)}>
            {options.packs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Year">
          <Input type="number" min={2000} max={2100} value={year} onChange={(_e, d) => setYear(d.value)} />
        </Field>
        <Field label="Audience">
          <Select value={kind} onChange={(_e, d) => setKind(d.value as typeof kind)}>
            <option value="everyone">Everyone ({plural(options.people, 'person', 'people')})</option>
            {options.departments.length > 0 && <option value="department">A department</option>}
            {options.groups.length > 0 && <option value="group">A group</option>}
          </Select>
        </Field>
        {kind === 'department' && (
          <Field label="Department">
            <Select value={department} onChange={(_e, d) => setDepartment(d.value)}>
              {options.departments.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </Select>
          </Field>
        )}
        {kind === 'group' && (
          <Field label="Group">
            <Select value={group} onChange={(_e, d) => setGroup(d.value)}>
              {options.groups.map((g) => (
                <option key={g}>{g}</option>
              ))}
            </Select>
          </Field>
        )}
        <Field
          label="Remind every N days until acknowledged"
          hint="0: no automatic reminders (you can still remind from the campaign)."
        >
          <Input
            type="number"
            min={0}
            max={365}
            value={remindDays}
            onChange={(_e, d) => setRemindDays(d.value)}
          />
        </Field>
        <Button appearance="primary" type="submit" disabled={busy || !packId}>
          {busy ? 'Launching…' : 'Launch campaign'}
        </Button>
      </form>
      {error !== null && <ErrorState error={error} title="The campaign was not launched" />}
    </>
  );
}

function CampaignDetail({ id }: { id: string }) {
  const s = useStyles();
  const { api } = useSignedIn();
  const summary = useLoad(() => api.get<CampaignSummary>(`/campaigns/${id}`), [api, id]);
  const [filter, setFilter] = useState<RecipientState | ''>('');
  const [rows, setRows] = useState<RecipientRow[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  // Live progress: refresh the counts (and the first page of people) every 2 s until nothing is queued,
  // cards and reminders alike.
  const complete = (summary.data?.complete ?? false) && summary.data?.reminders.pending === 0;
  useEffect(() => {
    if (complete) return;
    const timer = window.setInterval(() => {
      summary.reload();
      setTick((t) => t + 1);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [complete, summary.reload]);

  useEffect(() => {
    let stale = false;
    api
      .get<{ items: RecipientRow[]; nextCursor: string | null }>(`/campaigns/${id}/recipients`, {
        state: filter || undefined,
        limit: PAGE_SIZE,
      })
      .then(
        (page) => {
          if (stale) return;
          setRows(page.items);
          setCursor(page.nextCursor);
        },
        (e: unknown) => !stale && setError(e),
      );
    return () => {
      stale = true;
    };
  }, [api, id, filter, tick]);

  const more = async () => {
    if (!cursor) return;
    const page = await api.get<{ items: RecipientRow[]; nextCursor: string | null }>(
      `/campaigns/${id}/recipients`,
      { state: filter || undefined, limit: PAGE_SIZE, cursor },
    );
    setRows((r) => [...(r ?? []), ...page.items]);
    setCursor(page.nextCursor);
  };

  const download = async (acknowledged: boolean) => {
    try {
      const { blob, filename } = await api.download(
        `/campaigns/${id}/export.csv`,
        { acknowledged: String(acknowledged) },
        `candor-campaign-${acknowledged ? 'acknowledged' : 'not-acknowledged'}.csv`,
      );
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError(e);
    }
  };

  const resend = async () => {
    try {
      const { queued } = await api.post<{ queued: number }>(`/campaigns/${id}/resend-failed`, {});
      setNotice(`${plural(queued, 'card')} queued again.`);
      summary.reload();
      setTick((t) => t + 1);
    } catch (e) {
      setError(e);
    }
  };

  const remind = async () => {
    try {
      const answer = await api.post<{ queued: number; message: string }>(`/campaigns/${id}/remind`, {});
      setNotice(answer.message);
      summary.reload();
      setTick((t) => t + 1);
    } catch (e) {
      setError(e);
    }
  };

  if (summary.status === 'error') return <ErrorState error={summary.error} onRetry={summary.reload} />;
  const c = summary.data;
  if (!c) return <Loading label="Loading the campaign" />;
  const done = c.counts.sent + c.counts.acknowledged + c.counts.failed;
  return (
    <section aria-labelledby="campaign-heading">
      <SectionHeading id="campaign-heading">
        {c.policyTitle}, {c.year}: {c.audienceLabel}
      </SectionHeading>
      <ProgressBar
        value={c.counts.total ? done / c.counts.total : 0}
        aria-label={`${done} of ${c.counts.total} cards sent or failed`}
      />
      <div className={s.counts} aria-live="polite">
        {STATES.map((st) => (
          <div key={st} className={s.count}>
            <span className={s.number}>{c.counts[st]}</span>
            <span>{STATE_LABELS[st]}</span>
          </div>
        ))}
      </div>
      <p>
        {c.reminderRound === 0
          ? 'No reminder yet.'
          : `${plural(c.reminders.sent, 'reminder')} sent in ${plural(c.reminderRound, 'round')}, the last on ${formatDateTime(c.lastRemindedAt)}.`}{' '}
        {c.reminders.pending > 0 && `${c.reminders.pending} going out now. `}
        {c.reminders.failed > 0 && `${c.reminders.failed} could not be delivered. `}
        {c.reminderIntervalDays > 0
          ? `Those who have not acknowledged are reminded every ${plural(c.reminderIntervalDays, 'day')}.`
          : 'No automatic reminders.'}
      </p>
      {c.counts.inDoubt > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>
            {plural(c.counts.inDoubt, 'card was', 'cards were')} sent again after the app stopped in the
            middle of sending: those people may have two identical cards.
          </MessageBarBody>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {error !== null && <ErrorState error={error} />}
      <div className={s.actions}>
        <Button onClick={() => void download(true)}>Export acknowledged (CSV)</Button>
        <Button onClick={() => void download(false)}>Export not acknowledged (CSV)</Button>
        <Button appearance="primary" disabled={c.counts.failed === 0} onClick={() => void resend()}>
          Resend to failed ({c.counts.failed})
        </Button>
        <Button disabled={c.counts.sent === 0} onClick={() => void remind()}>
          Remind those who have not acknowledged ({c.counts.sent})
        </Button>
      </div>
      <Field label="Show">
        <Select value={filter} onChange={(_e, d) => setFilter(d.value as RecipientState | '')}>
          <option value="">Everyone</option>
          {STATES.map((st) => (
            <option key={st} value={st}>
              {STATE_LABELS[st]}
            </option>
          ))}
        </Select>
      </Field>
      {rows === null ? (
        <Loading label="Loading people" />
      ) : rows.length === 0 ? (
        <EmptyState title="No one here." />
      ) : (
        <Table aria-label="People in this campaign" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Department</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>Sent</TableHeaderCell>
              <TableHeaderCell>Acknowledged</TableHeaderCell>
              <TableHeaderCell>Reminders</TableHeaderCell>
              <TableHeaderCell>Reason</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{r.displayName}</TableCell>
                <TableCell>{r.department ?? ''}</TableCell>
                <TableCell>{STATE_LABELS[r.state]}</TableCell>
                <TableCell>{formatDateTime(r.sentAt)}</TableCell>
                <TableCell>{formatDateTime(r.acknowledgedAt)}</TableCell>
                <TableCell>{r.remindersSent}</TableCell>
                <TableCell className={r.state === 'failed' ? s.reason : undefined}>
                  {r.reason ?? ''}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {cursor && <Button onClick={() => void more()}>Load more</Button>}
    </section>
  );
}
