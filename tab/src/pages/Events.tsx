/** `#/events`: the outreach calendar's place (the configurable tab points here) until the events feature. */
import { EmptyState, PageHeading } from '../components/ui';

export function EventsPage() {
  return (
    <>
      <PageHeading>Outreach calendar</PageHeading>
      <EmptyState title="Outreach events arrive with the events feature.">
        Until then, outreach and training sessions are announced as usual.
      </EmptyState>
    </>
  );
}
