/** Events as the tab's API answers them (docs/api.md): instants in UTC plus their local form. */
import type { EventCertificate } from '../../app/events/certificates';
import type { EventSummary } from '../../app/events/queries';
import { scheduledMinutes, requiredMinutes, meetsCompletionRule } from '../../domain/events/rules';
import { formatInZone, toLocalParts } from '../../domain/events/time';
import type { EventRecord, Registration } from '../../domain/events/types';

export function eventJson(
  s: EventSummary,
  opts: { manager: boolean; publicUrl: string },
): Record<string, unknown> {
  const e: EventRecord = s.event;
  const start = toLocalParts(e.startsAt, e.timeZone);
  const end = toLocalParts(e.endsAt, e.timeZone);
  const regOpen = e.registrationOpensAt ? toLocalParts(e.registrationOpensAt, e.timeZone) : null;
  const regClose = e.registrationClosesAt ? toLocalParts(e.registrationClosesAt, e.timeZone) : null;
  const mayJoin = opts.manager || s.mine?.status === 'registered';
  return {
    id: e.id,
    kind: e.kind,
    audience: e.audience,
    title: e.title,
    description: e.description,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    timeZone: e.timeZone,
    when: formatInZone(e.startsAt, e.timeZone),
    until: formatInZone(e.endsAt, e.timeZone),
    local: {
      startDate: start.date,
      startTime: start.time,
      startOffset: start.offset,
      endDate: end.date,
      endTime: end.time,
      endOffset: end.offset,
      registrationOpens: regOpen ? `${regOpen.date}T${regOpen.time}` : '',
      registrationCloses: regClose ? `${regClose.date}T${regClose.time}` : '',
    },
    durationMinutes: scheduledMinutes(e),
    capacity: e.capacity,
    presenters: e.presenters,
    registrationOpensAt: e.registrationOpensAt?.toISOString() ?? null,
    registrationClosesAt: e.registrationClosesAt?.toISOString() ?? null,
    completionPercent: e.completionPercent,
    requiredMinutes: requiredMinutes(e),
    status: e.status,
    cancelReason: e.cancelReason,
    hasMeeting: e.meeting !== null,
    joinUrl: mayJoin ? (e.meeting?.joinUrl ?? null) : null,
    publicUrl: e.audience === 'public' && opts.manager ? `${opts.publicUrl}/events/${e.publicId}` : null,
    materials: e.materials,
    organizerName: e.organizerName,
    attendanceReadAt: e.attendanceReadAt?.toISOString() ?? null,
    version: e.version,
    registeredCount: s.registeredCount,
    seatsLeft: s.seatsLeft,
    mine: s.mine ? { status: s.mine.status, attendedMinutes: s.mine.attendedMinutes } : null,
  };
}

export function registrationJson(
  r: Registration,
  event: EventRecord,
  certificate: EventCertificate | null,
): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    kind: r.userId ? 'staff' : 'public',
    status: r.status,
    registeredAt: r.createdAt.toISOString(),
    attendedMinutes: r.attendedMinutes,
    attendanceSource: r.attendanceSource,
    completed: meetsCompletionRule(event, r.attendedMinutes),
    certificate: certificate
      ? {
          id: certificate.id,
          code: certificate.code,
          status: certificate.status,
          issuedAt: new Date(certificate.issuedAt).toISOString(),
          revokedReason: certificate.revokedReason,
          downloadUrl: `/certificates/${certificate.downloadToken}.pdf`,
        }
      : null,
  };
}

/** The certificate of a registration: the latest one issued to that person for the event. */
export function certificateOf(r: Registration, certificates: EventCertificate[]): EventCertificate | null {
  const mine = certificates.filter((c) =>
    r.userId
      ? c.recipientUserId === r.userId
      : !c.recipientUserId && c.recipientEmail?.toLowerCase() === r.email?.toLowerCase(),
  );
  const sorted = [...mine].sort((a, b) => new Date(b.issuedAt).getTime() - new Date(a.issuedAt).getTime());
  return sorted.find((c) => c.status === 'valid') ?? sorted[0] ?? null;
}
