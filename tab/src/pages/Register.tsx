/**
 * `#/register` (ethics officer): every disclosure, filtered and searched, paged with "Load more";
 * CSV export with the same filters; per-donor yearly totals; charts by month, category and outcome.
 */
import {
  Button,
  Field,
  Input,
  SearchBox,
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
import { useEffect, useMemo, useState } from 'react';
import type { Query } from '../api';
import { BarChart } from '../components/BarChart';
import { DisclosureTable } from '../components/DisclosureTable';
import { EmptyState, ErrorState, Lead, Loading, PageHeading, SectionHeading } from '../components/ui';
import { formatMoney, formatMonth, plural, todayIso } from '../format';
import {
  CATEGORY_LABELS,
  OUTCOME_SHORT_LABELS,
  RELATIONSHIP_LABELS,
  STATE_LABELS,
  STATE_ORDER,
  TYPE_LABELS,
  categoryLabel,
  outcomeLabel,
} from '../labels';
import { useSignedIn } from '../session-context';
import type {
  DisclosureSummary,
  DonorTotal,
  ItemsOf,
  RegisterPage as RegisterPageJson,
  RegisterStats,
} from '../types';
import { useLoad } from '../useLoad';

const PAGE_SIZE = 50;

interface Filters {
  type: string;
  category: string;
  outcome: string;
  state: string;
  from: string;
  to: string;
  unit: string;
  donor: string;
  q: string;
}

const NO_FILTERS: Filters = {
  type: '',
  category: '',
  outcome: '',
  state: '',
  from: '',
  to: '',
  unit: '',
  donor: '',
  q: '',
};

const useStyles = makeStyles({
  filters: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    marginBottom: tokens.spacingVerticalL,
  },
  search: { gridColumn: '1 / -1', maxWidth: '640px' },
  field: { minWidth: 0 },
  control: { width: '100%', minWidth: 0 },
  rightHead: { '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  buttons: { gridColumn: '1 / -1', display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  status: { color: tokens.colorNeutralForeground2, margin: `0 0 ${tokens.spacingVerticalS}` },
  more: {
    marginTop: tokens.spacingVerticalM,
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
  },
  charts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  tableWrap: {
    overflowX: 'auto',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  right: { textAlign: 'right', whiteSpace: 'nowrap' },
  year: { maxWidth: '200px', marginBottom: tokens.spacingVerticalM },
});

/** The text fields apply after a short pause in typing; the lists and dates at once. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function RegisterPage() {
  const { api } = useSignedIn();
  const s = useStyles();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const set = (k: keyof Filters) => (value: string) =>
    setFilters((f) => ({ ...f, [k]: value, ...(k === 'type' ? { category: '' } : {}) }));
  const text = useDebounced({ unit: filters.unit, donor: filters.donor, q: filters.q }, 350);
  const query: Query = useMemo(
    () => ({
      type: filters.type,
      category: filters.category,
      outcome: filters.outcome,
      state: filters.state,
      from: filters.from,
      to: filters.to,
      unit: text.unit.trim(),
      donor: text.donor.trim(),
      q: text.q.trim(),
    }),
    [filters.type, filters.category, filters.outcome, filters.state, filters.from, filters.to, text],
  );
  const queryKey = JSON.stringify(query);

  // The first page for these filters; "Load more" appends the next ones.
  const first = useLoad(
    () => api.get<RegisterPageJson>('/register', { ...query, limit: PAGE_SIZE }),
    [api, queryKey],
  );
  const [more, setMore] = useState<{ key: string; items: DisclosureSummary[]; cursor: string | null } | null>(
    null,
  );
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const items = first.data ? [...first.data.items, ...(more?.key === queryKey ? more.items : [])] : [];
  const cursor = more?.key === queryKey ? more.cursor : (first.data?.nextCursor ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<RegisterPageJson>('/register', { ...query, limit: PAGE_SIZE, cursor });
      setMore((m) => ({
        key: queryKey,
        items: [...(m?.key === queryKey ? m.items : []), ...page.items],
        cursor: page.nextCursor,
      }));
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const { blob, filename } = await api.download(
        '/register/export.csv',
        query,
        `candor-register-${todayIso()}.csv`,
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
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };

  const filtered = Object.values(filters).some((v) => v !== '');
  const categories =
    filters.type === 'gift'
      ? { gift: true, conflict: false }
      : filters.type === 'conflict'
        ? { gift: false, conflict: true }
        : { gift: true, conflict: true };

  return (
    <>
      <PageHeading>Disclosure register</PageHeading>
      <Lead>
        Every disclosure in the agency, newest first. Filter or search it, export it, and see the trends
        below.
      </Lead>

      <search className={s.filters} aria-label="Filter the register">
        <Field
          label="Search"
          className={s.search}
          hint="Words in the description, the donor, the employee or the reference."
        >
          <SearchBox value={filters.q} onChange={(_e, d) => set('q')(d.value)} />
        </Field>
        <Field label="Type" className={s.field}>
          <Select
            className={s.control}
            select={{ className: s.control }}
            value={filters.type}
            onChange={(_e, d) => set('type')(d.value)}
          >
            <option value="">All types</option>
            <option value="gift">{TYPE_LABELS.gift}</option>
            <option value="conflict">{TYPE_LABELS.conflict}</option>
          </Select>
        </Field>
        <Field label="Category" className={s.field}>
          <Select
            className={s.control}
            select={{ className: s.control }}
            value={filters.category}
            onChange={(_e, d) => set('category')(d.value)}
          >
            <option value="">All categories</option>
            {categories.gift && (
              <optgroup label="Gift: the donor is a…">
                {Object.entries(RELATIONSHIP_LABELS).map(([k, v]) => (
                  <option key={`g-${k}`} value={k}>
                    {v}
                  </option>
                ))}
              </optgroup>
            )}
            {categories.conflict && (
              <optgroup label="Conflict of interest">
                {Object.entries(CATEGORY_LABELS).map(([k, v]) => (
                  <option key={`c-${k}`} value={k}>
                    {v}
                  </option>
                ))}
              </optgroup>
            )}
          </Select>
        </Field>
        <Field label="Policy outcome" className={s.field}>
          <Select
            className={s.control}
            select={{ className: s.control }}
            value={filters.outcome}
            onChange={(_e, d) => set('outcome')(d.value)}
          >
            <option value="">All outcomes</option>
            {Object.entries(OUTCOME_SHORT_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Status" className={s.field}>
          <Select
            className={s.control}
            select={{ className: s.control }}
            value={filters.state}
            onChange={(_e, d) => set('state')(d.value)}
          >
            <option value="">All statuses</option>
            {STATE_ORDER.map((k) => (
              <option key={k} value={k}>
                {STATE_LABELS[k]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="From" className={s.field}>
          <Input
            className={s.control}
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(_e, d) => set('from')(d.value)}
          />
        </Field>
        <Field label="To" className={s.field}>
          <Input
            className={s.control}
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(_e, d) => set('to')(d.value)}
          />
        </Field>
        <Field label="Unit" className={s.field}>
          <Input className={s.control} value={filters.unit} onChange={(_e, d) => set('unit')(d.value)} />
        </Field>
        <Field label="Donor" className={s.field}>
          <Input className={s.control} value={filters.donor} onChange={(_e, d) => set('donor')(d.value)} />
        </Field>
        <div className={s.buttons}>
          <Button appearance="primary" onClick={() => void exportCsv()} disabled={exporting}>
            {exporting ? 'Exporting…' : 'Export CSV'}
          </Button>
          <Button onClick={() => setFilters(NO_FILTERS)} disabled={!filtered}>
            Clear filters
          </Button>
        </div>
      </search>
      {exportError !== null && (
        <ErrorState error={exportError} title="The export failed" onRetry={() => void exportCsv()} />
      )}

      <section aria-labelledby="results-heading">
        <SectionHeading id="results-heading">Disclosures</SectionHeading>
        <p className={s.status} role="status">
          {(first.status === 'ok' || first.data) && items.length > 0
            ? `${plural(items.length, 'disclosure')} shown${cursor ? ', more available' : ''}${first.status === 'loading' ? ' — updating…' : ''}`
            : ''}
        </p>
        {first.status === 'loading' && !first.data && <Loading label="Loading the register…" />}
        {first.status === 'error' && <ErrorState error={first.error} onRetry={first.reload} />}
        {first.data &&
          first.status !== 'error' &&
          (items.length === 0 ? (
            filtered ? (
              <EmptyState title="No disclosures match these filters.">
                <Button onClick={() => setFilters(NO_FILTERS)}>Clear filters</Button>
              </EmptyState>
            ) : (
              <EmptyState title="The register is empty.">
                Disclosures appear here as soon as staff make them in the Candor chat.
              </EmptyState>
            )
          ) : (
            <>
              <DisclosureTable
                items={items}
                page="register"
                label="Register of disclosures"
                columns={['created', 'employee', 'unit', 'type', 'category', 'value', 'outcome', 'state']}
              />
              {moreError !== null && <ErrorState error={moreError} onRetry={() => void loadMore()} />}
              {cursor && (
                <div className={s.more}>
                  <Button onClick={() => void loadMore()} disabled={loadingMore}>
                    {loadingMore ? 'Loading…' : 'Load more'}
                  </Button>
                </div>
              )}
            </>
          ))}
      </section>

      <Trends from={filters.from} to={filters.to} />
      <DonorTotals />
    </>
  );
}

function Trends({ from, to }: { from: string; to: string }) {
  const { api } = useSignedIn();
  const s = useStyles();
  const stats = useLoad(() => api.get<RegisterStats>('/register/stats', { from, to }), [api, from, to]);
  const dates = from || to ? ` (${from || 'the start'} to ${to || 'today'})` : '';
  return (
    <section aria-labelledby="trends-heading">
      <SectionHeading id="trends-heading">Trends{dates}</SectionHeading>
      {stats.status === 'loading' && !stats.data && <Loading label="Loading the figures…" />}
      {stats.status === 'error' && <ErrorState error={stats.error} onRetry={stats.reload} />}
      {stats.data && (
        <div className={s.charts}>
          <BarChart
            title="Disclosures by month"
            bars={stats.data.byMonth.map((m) => ({
              key: m.month,
              label: formatMonth(m.month),
              value: m.count,
            }))}
          />
          <BarChart
            title="Disclosures by category"
            bars={stats.data.byCategory.map((c) => ({
              key: c.key,
              label: categoryLabel(c.key),
              value: c.count,
            }))}
          />
          <BarChart
            title="Disclosures by policy outcome"
            bars={stats.data.byOutcome.map((o) => ({
              key: o.key,
              label: outcomeLabel(o.key),
              value: o.count,
            }))}
          />
        </div>
      )}
    </section>
  );
}

function DonorTotals() {
  const { api } = useSignedIn();
  const s = useStyles();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const totals = useLoad(
    () => api.get<ItemsOf<DonorTotal>>('/register/donor-totals', { year }).then((r) => r.items),
    [api, year],
  );
  return (
    <section aria-labelledby="donors-heading">
      <SectionHeading id="donors-heading">Gifts by donor in {year}</SectionHeading>
      <Field label="Year" className={s.year}>
        <Select value={String(year)} onChange={(_e, d) => setYear(Number(d.value))}>
          {[0, 1, 2, 3, 4].map((i) => (
            <option key={i} value={thisYear - i}>
              {thisYear - i}
            </option>
          ))}
        </Select>
      </Field>
      {totals.status === 'loading' && !totals.data && <Loading label="Loading donor totals…" />}
      {totals.status === 'error' && <ErrorState error={totals.error} onRetry={totals.reload} />}
      {totals.data &&
        (totals.data.length === 0 ? (
          <EmptyState title={`No gifts were disclosed in ${year}.`} />
        ) : (
          <div className={s.tableWrap}>
            <Table size="small" aria-label={`Gifts by donor and employee in ${year}`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Donor</TableHeaderCell>
                  <TableHeaderCell scope="col">Employee</TableHeaderCell>
                  <TableHeaderCell scope="col" className={s.rightHead}>
                    Gifts
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" className={s.rightHead}>
                    Total value
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {totals.data.map((t) => (
                  <TableRow key={`${t.donor}|${t.employeeId}`}>
                    <TableCell>{t.donor}</TableCell>
                    <TableCell>{t.employeeName}</TableCell>
                    <TableCell className={s.right}>{t.count}</TableCell>
                    <TableCell className={s.right}>{formatMoney(t.totalCents)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ))}
    </section>
  );
}
