/** `#/events`: upcoming and past outreach events and trainings; outreach staff create them here. */
import {
  Badge,
  Button,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { EventForm } from '../components/EventForm';
import { EmptyState, ErrorState, Lead, Loading, PageHeading, SectionHeading } from '../components/ui';
import { NO_MEETING, type EventJson, type EventListJson } from '../event-types';
import { plural } from '../format';
import { href, navigate } from '../route';
import { useSignedIn } from '../session-context';
import { useLoad } from '../useLoad';

export function EventsPage({ creating = false }: { creating?: boolean }) {
  const { api } = useSignedIn();
  const upcoming = useLoad(() => api.get<EventListJson>('/events', { scope: 'upcoming' }), [api]);
  const past = useLoad(() => api.get<EventListJson>('/events', { scope: 'past' }), [api]);
  const canManage = upcoming.data?.canManage ?? false;

  if (creating)
    return (
      <>
        <PageHeading>New event</PageHeading>
        {upcoming.status === 'loading' && <Loading label="Loading…" />}
        {upcoming.status === 'error' && <ErrorState error={upcoming.error} onRetry={upcoming.reload} />}
        {upcoming.data && !canManage && <EmptyState title="Only outreach staff create events." />}
        {upcoming.data && canManage && (
          <>
            {!upcoming.data.meetingsEnabled && (
              <Lead>
                {NO_MEETING}: the event will have no join link. Share how to join in the description.
              </Lead>
            )}
            <EventForm
              event={null}
              timeZone={upcoming.data.timeZone}
              onSaved={(id) => navigate('events', id)}
              onCancel={() => navigate('events')}
            />
          </>
        )}
      </>
    );

  return (
    <>
      <PageHeading>Outreach events and trainings</PageHeading>
      <Lead>
        Events held in Teams. Register here or in the Candor chat (type “events”); you get the join link and
        reminders in the chat.
      </Lead>
      {canManage && (
        <Button appearance="primary" onClick={() => navigate('events', 'new')}>
          New event
        </Button>
      )}
      <section aria-labelledby="upcoming-heading">
        <SectionHeading id="upcoming-heading">Upcoming</SectionHeading>
        {upcoming.status === 'loading' && <Loading label="Loading upcoming events…" />}
        {upcoming.status === 'error' && <ErrorState error={upcoming.error} onRetry={upcoming.reload} />}
        {upcoming.data &&
          (upcoming.data.items.length === 0 ? (
            <EmptyState title="No events are scheduled." />
          ) : (
            <EventTable items={upcoming.data.items} label="Upcoming events" />
          ))}
      </section>
      <section aria-labelledby="past-heading">
        <SectionHeading id="past-heading">Past and cancelled</SectionHeading>
        {past.status === 'loading' && <Loading label="Loading past events…" />}
        {past.status === 'error' && <ErrorState error={past.error} onRetry={past.reload} />}
        {past.data &&
          (past.data.items.length === 0 ? (
            <EmptyState title="No past events yet." />
          ) : (
            <EventTable items={past.data.items} label="Past and cancelled events" />
          ))}
      </section>
    </>
  );
}

export function statusText(e: EventJson): string {
  if (e.status === 'cancelled') return 'Cancelled';
  if (e.mine?.status === 'registered') return 'You are registered';
  if (e.mine?.status === 'waitlisted') return 'You are on the waitlist';
  if (e.seatsLeft === 0) return 'Full (waitlist open)';
  return e.seatsLeft === null
    ? plural(e.registeredCount, 'registration')
    : `${plural(e.seatsLeft, 'seat')} left`;
}

function EventTable({ items, label }: { items: EventJson[]; label: string }) {
  return (
    <Table aria-label={label} size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Event</TableHeaderCell>
          <TableHeaderCell>When</TableHeaderCell>
          <TableHeaderCell>Kind</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((e) => (
          <TableRow key={e.id}>
            <TableCell>
              <Link href={href('events', e.id)}>{e.title}</Link>
            </TableCell>
            <TableCell>{e.when}</TableCell>
            <TableCell>
              {e.kind === 'training' ? 'Training' : 'Outreach'} ·{' '}
              {e.audience === 'public' ? 'public' : 'staff'}
            </TableCell>
            <TableCell>
              {e.status === 'cancelled' ? (
                <Badge appearance="tint" color="danger">
                  Cancelled
                </Badge>
              ) : (
                statusText(e)
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
