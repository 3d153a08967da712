/** `#/hr`: disclosures the policy copies to Human Resources. */
import { DisclosureTable } from '../components/DisclosureTable';
import { EmptyState, ErrorState, Lead, Loading, PageHeading } from '../components/ui';
import { useSignedIn } from '../session-context';
import type { DisclosureSummary, ItemsOf } from '../types';
import { useLoad } from '../useLoad';

export function HrPage() {
  const { api } = useSignedIn();
  const list = useLoad(() => api.get<ItemsOf<DisclosureSummary>>('/hr').then((r) => r.items), [api]);
  return (
    <>
      <PageHeading>Copied to HR</PageHeading>
      <Lead>Disclosures the policy says Human Resources must know about, newest first.</Lead>
      {list.status === 'loading' && <Loading label="Loading disclosures copied to HR…" />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.status === 'ok' &&
        (list.data.length === 0 ? (
          <EmptyState title="Nothing has been copied to HR yet.">
            When the policy says Human Resources must be told — for example, an employee running for public
            office — the disclosure appears here.
          </EmptyState>
        ) : (
          <DisclosureTable
            items={list.data}
            page="hr"
            label="Disclosures copied to HR"
            columns={['employee', 'unit', 'type', 'category', 'state', 'created']}
          />
        ))}
    </>
  );
}
