/**
 * `#/approvals`: disclosures assigned to me for review — those waiting first, then those I decided —
 * and my delegation while I am out.
 */
import { DelegationSection } from '../components/DelegationSection';
import { DisclosureTable } from '../components/DisclosureTable';
import { EmptyState, ErrorState, Lead, Loading, PageHeading, SectionHeading } from '../components/ui';
import { plural } from '../format';
import { useSignedIn } from '../session-context';
import type { DisclosureSummary, ItemsOf } from '../types';
import { useLoad } from '../useLoad';

export function ApprovalsPage() {
  const { api } = useSignedIn();
  const pending = useLoad(
    () => api.get<ItemsOf<DisclosureSummary>>('/approvals', { state: 'pending' }).then((r) => r.items),
    [api],
  );
  const decided = useLoad(
    () => api.get<ItemsOf<DisclosureSummary>>('/approvals', { state: 'decided' }).then((r) => r.items),
    [api],
  );
  return (
    <>
      <PageHeading>Approvals</PageHeading>
      <Lead>
        Disclosures from the people you supervise. Those waiting for your decision come first — open one to
        decide; those waiting for more information go back to you once the employee answers.
      </Lead>

      <section aria-labelledby="pending-heading">
        <SectionHeading id="pending-heading">
          Waiting{pending.data ? ` (${pending.data.length})` : ''}
        </SectionHeading>
        {pending.status === 'loading' && <Loading label="Loading what is waiting for you…" />}
        {pending.status === 'error' && <ErrorState error={pending.error} onRetry={pending.reload} />}
        {pending.status === 'ok' &&
          (pending.data.length === 0 ? (
            <EmptyState title="Nothing is waiting for your review.">
              When someone you supervise makes a disclosure that needs a decision, it appears here and in the
              Candor chat.
            </EmptyState>
          ) : (
            <DisclosureTable
              items={pending.data}
              page="approvals"
              label={`Waiting: ${plural(pending.data.length, 'disclosure')}`}
              columns={['employee', 'type', 'category', 'value', 'state', 'created']}
            />
          ))}
      </section>

      <section aria-labelledby="decided-heading">
        <SectionHeading id="decided-heading">Decided</SectionHeading>
        {decided.status === 'loading' && <Loading label="Loading your earlier decisions…" />}
        {decided.status === 'error' && <ErrorState error={decided.error} onRetry={decided.reload} />}
        {decided.status === 'ok' &&
          (decided.data.length === 0 ? (
            <EmptyState title="You have not decided on any disclosure yet." />
          ) : (
            <DisclosureTable
              items={decided.data}
              page="approvals"
              label="Disclosures you decided"
              columns={['employee', 'type', 'category', 'state', 'updated']}
            />
          ))}
      </section>

      <DelegationSection />
    </>
  );
}
