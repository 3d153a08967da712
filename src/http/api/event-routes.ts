/**
 * The tab's event routes (docs/api.md, "Events"). Every employee sees upcoming and past events and
 * registers or cancels for themselves; outreach staff (and admins) create, edit and cancel events, see
 * registrations, attendance and certificates, mark attendance, add materials and export CSV.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { collectAttendance, markAttendance } from '../../app/events/attendance';
import type { EventDeps } from '../../app/events/deps';
import {
  cancelEvent,
  createEvent,
  setMaterials,
  updateEvent,
  type Actor,
} from '../../app/events/manage-events';
import { pastFor, summarize, upcomingFor } from '../../app/events/queries';
import {
  cancelRegistrationById,
  cancelStaffRegistration,
  registerStaff,
} from '../../app/events/registration';
import { CSV_BOM, csvLine } from '../../app/register';
import { NotFoundError } from '../../domain/errors';
import { localDate } from '../../domain/events/time';
import { AmbiguousTimeError, type EventForm } from '../../domain/events/validate';
import { eventIcs, icsFileName } from '../../events/ics';
import { bearerToken } from './authenticate';
import { hasRole, requireRole } from './authorize';
import type { ApiContext } from './context';
import type { Principal } from './principal';
import { streamCsv } from './register-routes';
import { certificateOf, eventJson, registrationJson } from './event-json';
import { problemFor } from './problem';
import { parseInput, text2000 } from './validation';

export interface EventRouteDeps {
  events: EventDeps;
  agencyName: string;
  /** Whether tab sign-in is Entra (so the request's token can be exchanged on-behalf-of). */
  entraSignIn: boolean;
}

const eventIdParam = z.object({ id: z.uuid({ message: 'Must be an event id (a UUID).' }) });
const registrationParams = eventIdParam.extend({ rid: z.uuid({ message: 'Must be a registration id.' }) });
const certificateParams = eventIdParam.extend({ cid: z.string().min(1).max(100) });
const scopeQuery = z.object({
  scope: z.enum(['upcoming', 'past'], { message: 'Use upcoming or past.' }).optional(),
});
const cancelBody = z.object({ reason: text2000.optional() });
const minutesBody = z.object({ minutes: z.coerce.number({ message: 'Give the minutes attended.' }) });
const revokeBody = z.object({ reason: z.string().trim().min(1, 'Say why it is revoked.').max(500) });
const reissueBody = z.object({ recipientName: z.string().trim().min(1).max(200).optional() });
const versionField = z.object({ version: z.coerce.number().int().optional() });

const isManager = (p: Principal) => hasRole(p, 'outreach') || hasRole(p, 'admin');

export function registerEventRoutes(server: Server, ctx: ApiContext, deps: EventRouteDeps): void {
  const d = deps.events;
  const actorOf = (req: Request, p: Principal): Actor => ({
    id: p.id,
    displayName: p.displayName,
    token: deps.entraSignIn ? bearerToken(req) : null,
  });
  const json = (summary: Parameters<typeof eventJson>[0], p: Principal) =>
    eventJson(summary, { manager: isManager(p), publicUrl: d.publicUrl });
  const one = async (id: string, p: Principal) => {
    const event = await d.store.get(id);
    if (!event) throw new NotFoundError('Event', id);
    return (await summarize(d, [event], p.id))[0]!;
  };
  /** The event page: for outreach staff with registrations, attendance and certificates. */
  const detail = async (id: string, p: Principal) => {
    const summary = await one(id, p);
    const body: Record<string, unknown> = { event: json(summary, p), meetingsEnabled: d.meetings.enabled };
    if (isManager(p)) {
      const [registrations, certificates] = await Promise.all([
        d.store.registrations(id),
        d.certificates ? d.certificates.listForSource('event', id) : Promise.resolve([]),
      ]);
      body.registrations = registrations.map((r) =>
        registrationJson(r, summary.event, certificateOf(r, certificates)),
      );
      body.unmatchedAttendees = summary.event.unmatchedAttendees;
      body.certificatesEnabled = d.certificates !== null;
    }
    return body;
  };
  const withAmbiguity = async (res: Response, run: () => Promise<void>) => {
    try {
      await run();
    } catch (err) {
      if (!(err instanceof AmbiguousTimeError)) throw err;
      // A validation problem plus, per ambiguous field, the offsets to choose from.
      const { problem } = problemFor(err);
      res.sendRaw(400, JSON.stringify({ ...problem, choices: err.choices }), {
        'content-type': 'application/problem+json',
      });
    }
  };

  server.get(
    '/api/v1/events',
    ctx.route(async (req, res, p) => {
      const q = parseInput(scopeQuery, req.query);
      const items = q.scope === 'past' ? await pastFor(d, p.id) : await upcomingFor(d, p.id);
      res.send(200, {
        items: items.map((s) => json(s, p)),
        canManage: isManager(p),
        meetingsEnabled: d.meetings.enabled,
        timeZone: d.timeZone,
      });
    }),
  );

  server.post(
    '/api/v1/events',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      await withAmbiguity(res, async () => {
        const event = await createEvent(d, actorOf(req, p), (req.body ?? {}) as EventForm);
        res.send(201, await detail(event.id, p));
      });
    }),
  );

  server.get(
    '/api/v1/events/:id',
    ctx.route(async (req, res, p) => {
      const { id } = parseInput(eventIdParam, req.params);
      res.send(200, await detail(id, p));
    }),
  );

  server.put(
    '/api/v1/events/:id',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      const { id } = parseInput(eventIdParam, req.params);
      const { version } = parseInput(versionField, req.body);
      await withAmbiguity(res, async () => {
        await updateEvent(d, actorOf(req, p), id, (req.body ?? {}) as EventForm, version);
        res.send(200, await detail(id, p));
      });
    }),
  );

  server.post(
    '/api/v1/events/:id/cancel',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      const { id } = parseInput(eventIdParam, req.params);
      const body = parseInput(cancelBody, req.body);
      await cancelEvent(d, actorOf(req, p), id, body.reason ?? '');
      res.send(200, await detail(id, p));
    }),
  );

  server.put(
    '/api/v1/events/:id/materials',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      const { id } = parseInput(eventIdParam, req.params);
      await setMaterials(
        d,
        actorOf(req, p),
        id,
        (req.body as { materials?: unknown } | undefined)?.materials,
      );
      res.send(200, await detail(id, p));
    }),
  );

  // ── The caller's own registration ─────────────────────────────────────────────────────────────
  server.post(
    '/api/v1/events/:id/registration',
    ctx.route(async (req, res, p) => {
      const { id } = parseInput(eventIdParam, req.params);
      await registerStaff(d, id, p.id, 'tab');
      res.send(200, await detail(id, p));
    }),
  );

  server.del(
    '/api/v1/events/:id/registration',
    ctx.route(async (req, res, p) => {
      const { id } = parseInput(eventIdParam, req.params);
      await cancelStaffRegistration(d, id, p.id);
      res.send(200, await detail(id, p));
    }),
  );

  server.get(
    '/api/v1/events/:id/event.ics',
    ctx.route(async (req, res, p) => {
      const { id } = parseInput(eventIdParam, req.params);
      const s = await one(id, p);
      const ics = eventIcs(s.event, {
        pageUrl: `${d.publicUrl}/tab/#/events/${s.event.id}`,
        agencyName: deps.agencyName,
        includeJoinUrl: isManager(p) || s.mine?.status === 'registered',
      });
      res.writeHead(200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="${icsFileName(s.event)}"`,
      });
      res.end(ics);
    }),
  );

  // ── Outreach staff: registrations, attendance, certificates ───────────────────────────────────
  server.del(
    '/api/v1/events/:id/registrations/:rid',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      const { id, rid } = parseInput(registrationParams, req.params);
      await cancelRegistrationById(d, id, rid, p.id);
      res.send(200, await detail(id, p));
    }),
  );

  server.put(
    '/api/v1/events/:id/registrations/:rid/attendance',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      const { id, rid } = parseInput(registrationParams, req.params);
      const { minutes } = parseInput(minutesBody, req.body);
      await markAttendance(d, { eventId: id, registrationId: rid, minutes, actorId: p.id });
      res.send(200, await detail(id, p));
    }),
  );

  server.post(
    '/api/v1/events/:id/attendance/read',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      const { id } = parseInput(eventIdParam, req.params);
      const outcome = await collectAttendance(d, id, p.id);
      res.send(200, { outcome, ...(await detail(id, p)) });
    }),
  );

  server.post(
    '/api/v1/events/:id/certificates/:cid/revoke',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      const { id, cid } = parseInput(certificateParams, req.params);
      const { reason } = parseInput(revokeBody, req.body);
      await ownCertificate(d, id, cid);
      await d.certificates!.revoke({ certificateId: cid, actorId: p.id, reason });
      res.send(200, await detail(id, p));
    }),
  );

  server.post(
    '/api/v1/events/:id/certificates/:cid/reissue',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      const { id, cid } = parseInput(certificateParams, req.params);
      const body = parseInput(reissueBody, req.body);
      await ownCertificate(d, id, cid);
      await d.certificates!.reissue({
        certificateId: cid,
        actorId: p.id,
        ...(body.recipientName ? { recipientName: body.recipientName } : {}),
      });
      res.send(200, await detail(id, p));
    }),
  );

  server.get(
    '/api/v1/events/:id/registrations.csv',
    ctx.route(async (req, res, p) => {
      requireRole(p, 'outreach', 'admin');
      const { id } = parseInput(eventIdParam, req.params);
      const event = await d.store.get(id);
      if (!event) throw new NotFoundError('Event', id);
      const [registrations, certificates] = await Promise.all([
        d.store.registrations(id),
        d.certificates ? d.certificates.listForSource('event', id) : Promise.resolve([]),
      ]);
      async function* rows(): AsyncGenerator<string> {
        let chunk =
          CSV_BOM +
          csvLine([
            'Name',
            'Email',
            'Staff or public',
            'Status',
            'Registered on',
            'Minutes attended',
            'Attendance from',
            'Certificate',
            'Certificate status',
          ]);
        for (const r of registrations) {
          const c = certificateOf(r, certificates);
          chunk += csvLine([
            r.name,
            r.email,
            r.userId ? 'staff' : 'public',
            r.status,
            localDate(r.createdAt, event!.timeZone),
            r.attendedMinutes,
            r.attendanceSource === 'report'
              ? 'Teams report'
              : r.attendanceSource === 'manual'
                ? 'marked by hand'
                : null,
            c?.code ?? null,
            c?.status ?? null,
          ]);
        }
        for (const u of event!.unmatchedAttendees)
          chunk += csvLine([
            u.name,
            u.email,
            'not registered',
            'attended without registering',
            null,
            u.minutes,
            'Teams report',
            null,
            null,
          ]);
        yield chunk;
      }
      await streamCsv(res, rows(), `${icsFileName(event).replace(/\.ics$/, '')}-registrations.csv`);
    }),
  );
}

/** A certificate acted on through an event must be one of that event's (else 404). */
async function ownCertificate(d: EventDeps, eventId: string, certificateId: string): Promise<void> {
  if (!d.certificates) throw new NotFoundError('Certificate', certificateId);
  const list = await d.certificates.listForSource('event', eventId);
  if (!list.some((c) => c.id === certificateId)) throw new NotFoundError('Certificate', certificateId);
}
