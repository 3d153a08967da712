/** `#/mine`: the person's own disclosures, newest first, filtered by state and type. */
import { Button, Field, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { DisclosureTable } from '../components/DisclosureTable';
import { EmptyState, ErrorState, Lead, Loading, PageHeading } from '../components/ui';
import { plural } from '../format';
import { STATE_LABELS, STATE_ORDER, TYPE_LABELS } from '../labels';
import { useSignedIn } from '../session-context';
import type { DisclosureSummary, ItemsOf } from '../types';
import { useLoad } from '../useLoad';

export const useFilterStyles = makeStyles({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'flex-end',
    marginBottom: tokens.spacingVerticalL,
  },
  field: { minWidth: '200px' },
  count: { color: tokens.colorNeutralForeground2, margin: `0 0 ${tokens.spacingVerticalS}` },
});

export function MyDisclosuresPage() {
  const { api } = useSignedIn();
  const s = useFilterStyles();
  const [state, setState] = useState('');
  const [type, setType] = useState('');
  const list = useLoad(
    () => api.get<ItemsOf<DisclosureSummary>>('/disclosures', { state, type }).then((r) => r.items),
    [api, state, type],
  );
  const filtered = state !== '' || type !== '';

  return (
    <>
      <PageHeading>My disclosures</PageHeading>
      <Lead>
        Your gift and conflict-of-interest disclosures, newest first. Open one to see where it stands.
      </Lead>
      <div className={s.filters} role="group" aria-label="Filter your disclosures">
        <Field label="Status" className={s.field}>
          <Select value={state} onChange={(_e, d) => setState(d.value)}>
            <option value="">All statuses</option>
            {STATE_ORDER.map((k) => (
              <option key={k} value={k}>
                {STATE_LABELS[k]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Type" className={s.field}>
          <Select value={type} onChange={(_e, d) => setType(d.value)}>
            <option value="">Gifts and conflicts</option>
            <option value="gift">{TYPE_LABELS.gift}</option>
            <option value="conflict">{TYPE_LABELS.conflict}</option>
          </Select>
        </Field>
      </div>
      {list.status === 'loading' && !list.data && <Loading label="Loading your disclosures…" />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.data &&
        (list.data.length === 0 ? (
          filtered ? (
            <EmptyState title="None of your disclosures match these filters.">
              <Button
                onClick={() => {
                  setState('');
                  setType('');
                }}
              >
                Show all my disclosures
              </Button>
            </EmptyState>
          ) : (
            <EmptyState title="You have no disclosures yet.">
              Type “gift” or “conflict” in the Candor chat to make one.
            </EmptyState>
          )
        ) : (
          <>
            <p className={s.count} role="status">
              {plural(list.data.length, 'disclosure')}
              {list.status === 'loading' ? ' — updating…' : ''}
            </p>
            <DisclosureTable
              items={list.data}
              page="mine"
              label="My disclosures"
              columns={['type', 'category', 'value', 'state', 'updated']}
            />
          </>
        ))}
    </>
  );
}
