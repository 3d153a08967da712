/**
 * Public registration for outreach events open to the public (no Teams account):
 *
 *   GET  /events/{publicId}               the event and a form (name, email)
 *   POST /events/{publicId}/register      registers → 303 to the personal page; rate-limited per IP
 *   GET  /events/r/{token}                the personal page: status, join link, .ics, cancel, certificate
 *   GET  /events/r/{token}/event.ics      the calendar file
 *   POST /events/r/{token}/cancel         cancels the registration
 *
 * Only `audience = public` events have a page (anything else is 404). The form carries a honeypot field
 * hidden from people (and from assistive technology); a submission that fills it is answered like a
 * success and stored nowhere. No page lists or counts other registrants. The forms need no CSRF token:
 * a forged submission could only register a name and email its sender chose, or cancel through a
 * secret link it would have to know. The pages share the public pages' layout and CSP (./public/html).
 */
import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import type { EventCertificate } from '../app/events/certificates';
import type { EventDeps } from '../app/events/deps';
import { cancelByToken, registerPublic } from '../app/events/registration';
import { CandorError, NotFoundError, ValidationError, type FieldError } from '../domain/errors';
import { registrationClosedReason } from '../domain/events/rules';
import { formatInZone } from '../domain/events/time';
import type { EventRecord, Registration } from '../domain/events/types';
import { eventIcs, icsFileName } from '../events/ics';
import type { Logger } from '../logging';
import { markup, page, sendHtml, type Html } from './public/html';
import { publicRateLimit } from './public/rate-limit';
import { withRequestContext } from './server';

export interface PublicEventDeps {
  events: EventDeps;
  agencyName: string;
  log: Logger;
  /**
   * Registrations per IP: a burst, then one per `perSeconds`. Default 10, then one per 6 s (an office
   * or a library behind one address can still register a group; a script cannot flood the list).
   */
  rateLimit?: { burst: number; perSeconds: number };
}

/** The honeypot's field name: a plausible one, so form-filling bots fill it. */
export const HONEYPOT_FIELD = 'website';

export function registerPublicEventPages(server: Server, deps: PublicEventDeps): void {
  const d = deps.events;
  const limit = deps.rateLimit ?? { burst: 10, perSeconds: 6 };
  const perForm = () => publicRateLimit({ burst: limit.burst, rate: 1 / limit.perSeconds });
  const send = (res: Response, status: number, title: string, body: Html) =>
    sendHtml(res, status, page({ title, agencyName: deps.agencyName, body }));
  const handle = (handler: (req: Request, res: Response) => Promise<void>) =>
    withRequestContext(async (req, res) => {
      try {
        await handler(req, res);
      } catch (err) {
        if (err instanceof NotFoundError)
          return send(
            res,
            404,
            'Not found',
            markup`<h1>Not found</h1>
            <p>There is no event here. Check the link you were given.</p>`,
          );
        deps.log.error({ err }, 'public event page failed');
        send(
          res,
          500,
          'Something went wrong',
          markup`<h1>Something went wrong</h1>
          <p>Please try again in a few minutes.</p>`,
        );
      }
    });
  /** The throttle's refusal as a page rather than restify's JSON error. */
  const limited = (throttle: RequestHandler) => (req: Request, res: Response, next: Next) =>
    throttle(req, res, (err?: unknown) => {
      if (!err) return next();
      res.setHeader('retry-after', String(Math.ceil(limit.perSeconds)));
      send(
        res,
        429,
        'Too many requests',
        markup`<h1>Too many requests</h1>
        <p>Please wait a minute and try again.</p>`,
      );
      return next(false);
    });
  const pages = limited(publicRateLimit({ burst: 60, rate: 2 }));

  const publicEvent = async (publicId: string): Promise<EventRecord> => {
    const event = /^[A-Za-z0-9_-]{10,40}$/.test(publicId) ? await d.store.getByPublicId(publicId) : null;
    if (!event || event.audience !== 'public') throw new NotFoundError('Event', publicId);
    return event;
  };
  const personal = async (token: string) => {
    const registration = await d.store.registrationByToken(token);
    if (!registration) throw new NotFoundError('Registration', '');
    const event = await d.store.get(registration.eventId);
    if (!event) throw new NotFoundError('Event', registration.eventId);
    return { event, registration };
  };
  const now = () => d.clock.now();

  server.get(
    '/events/:publicId',
    pages,
    handle(async (req, res) => {
      const event = await publicEvent(String(req.params.publicId));
      send(res, 200, event.title, eventPage(event, now(), {}, []));
    }),
  );

  server.post(
    '/events/:publicId/register',
    limited(perForm()),
    handle(async (req, res) => {
      const event = await publicEvent(String(req.params.publicId));
      const form = (req.body ?? {}) as Record<string, unknown>;
      if (typeof form[HONEYPOT_FIELD] === 'string' && form[HONEYPOT_FIELD].trim() !== '') {
        deps.log.info({ eventId: event.id }, 'public registration refused: honeypot filled');
        send(res, 200, 'Thank you', markup`<h1>Thank you</h1><p>Your registration was received.</p>`);
        return;
      }
      try {
        const { registration } = await registerPublic(d, event.publicId, {
          name: form.name,
          email: form.email,
        });
        res.redirect(303, `/events/r/${registration.token}`, () => undefined);
      } catch (err) {
        if (err instanceof ValidationError)
          return send(
            res,
            400,
            `Check your details: ${event.title}`,
            eventPage(event, now(), form, err.fieldErrors),
          );
        if (err instanceof CandorError && !(err instanceof NotFoundError))
          return send(res, 409, event.title, eventPage(event, now(), form, [], err.message));
        throw err;
      }
    }),
  );

  server.get(
    '/events/r/:token',
    pages,
    handle(async (req, res) => {
      const { event, registration } = await personal(String(req.params.token));
      const certificate = await certificateFor(d, event, registration);
      send(
        res,
        200,
        `Your registration: ${event.title}`,
        personalPage(event, registration, now(), certificate),
      );
    }),
  );

  server.get(
    '/events/r/:token/event.ics',
    pages,
    handle(async (req, res) => {
      const { event, registration } = await personal(String(req.params.token));
      const ics = eventIcs(event, {
        pageUrl: `${d.publicUrl}/events/r/${registration.token}`,
        agencyName: deps.agencyName,
        includeJoinUrl: registration.status === 'registered',
      });
      res.writeHead(200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="${icsFileName(event)}"`,
        'cache-control': 'no-store',
      });
      res.end(ics);
    }),
  );

  server.post(
    '/events/r/:token/cancel',
    limited(perForm()),
    handle(async (req, res) => {
      const token = String(req.params.token);
      try {
        await cancelByToken(d, token);
      } catch (err) {
        if (!(err instanceof CandorError) || err instanceof NotFoundError) throw err;
        const { event, registration } = await personal(token);
        return send(res, 409, event.title, personalPage(event, registration, now(), null, err.message));
      }
      res.redirect(303, `/events/r/${token}`, () => undefined);
    }),
  );
}

async function certificateFor(
  d: EventDeps,
  event: EventRecord,
  r: Registration,
): Promise<EventCertificate | null> {
  if (!d.certificates || event.kind !== 'training' || !r.email) return null;
  const email = r.email.toLowerCase();
  const list = await d.certificates.listForSource('event', event.id);
  return (
    list.find(
      (c) => !c.recipientUserId && c.status === 'valid' && c.recipientEmail?.toLowerCase() === email,
    ) ?? null
  );
}

function details(event: EventRecord): Html {
  return markup`<h1>${event.title}</h1>
    <dl>
      <dt><strong>What</strong></dt>
      <dd>${event.kind === 'training' ? 'Training' : 'Outreach event'}, online in Microsoft Teams</dd>
      <dt><strong>Starts</strong></dt>
      <dd>${formatInZone(event.startsAt, event.timeZone)}</dd>
      <dt><strong>Ends</strong></dt>
      <dd>${formatInZone(event.endsAt, event.timeZone)}</dd>
      ${event.presenters.length > 0 && markup`<dt><strong>Presenters</strong></dt><dd>${event.presenters.join(', ')}</dd>`}
    </dl>
    ${event.description && markup`<p>${event.description}</p>`}`;
}

function eventPage(
  event: EventRecord,
  now: Date,
  values: Record<string, unknown>,
  errors: FieldError[],
  problem?: string,
): Html {
  const closed = registrationClosedReason(event, now);
  if (closed) return markup`${details(event)}<p class="status bad">${closed}</p>`;
  const value = (field: string) => (typeof values[field] === 'string' ? (values[field] as string) : '');
  const field = (name: string, label: string, type: string, autocomplete: string) => {
    const message = errors.find((e) => e.field === name)?.message;
    return markup`<label for="${name}">${label}</label>
      ${message && markup`<p class="error" id="${name}-error">${message}</p>`}
      <input type="${type}" id="${name}" name="${name}" value="${value(name)}" autocomplete="${autocomplete}"
        required${message ? markup` aria-invalid="true" aria-describedby="${name}-error"` : ''}>`;
  };
  return markup`${details(event)}
    <h2>Register</h2>
    <p>Your confirmation page gives you the link to join, a calendar file and, for trainings, your
      certificate of completion. Keep its address.</p>
    ${
      errors.length > 0 &&
      markup`<div class="status bad" role="alert"><p>Please correct the following:</p>
        <ul>${errors.map((e) => markup`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul></div>`
    }
    ${problem && markup`<p class="status bad" role="alert">${problem}</p>`}
    <form method="post" action="/events/${event.publicId}/register" novalidate>
      ${field('name', 'Your name (as it should appear on a certificate)', 'text', 'name')}
      ${field('email', 'Your email address', 'email', 'email')}
      <div class="visually-hidden" aria-hidden="true">
        <label for="${HONEYPOT_FIELD}">Leave this field empty</label>
        <input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off">
      </div>
      <button type="submit">Register</button>
    </form>`;
}

function personalPage(
  event: EventRecord,
  r: Registration,
  now: Date,
  certificate: EventCertificate | null,
  problem?: string,
): Html {
  const open = event.status === 'scheduled' && event.endsAt > now;
  const status =
    event.status === 'cancelled'
      ? markup`<p class="status bad">This event was cancelled.${event.cancelReason ? ` ${event.cancelReason}` : ''}</p>`
      : r.status === 'registered'
        ? markup`<p class="status good">You are registered, ${r.name}.</p>`
        : r.status === 'waitlisted'
          ? markup`<p class="status">The event is full: you are on the waitlist. If a seat frees up you get it
              automatically, and this page then shows the link to join.</p>`
          : markup`<p class="status">Your registration is cancelled.</p>`;
  const join =
    open &&
    r.status === 'registered' &&
    (event.meeting
      ? markup`<p><a href="${event.meeting.joinUrl}">Join the Teams meeting</a> (no Teams account needed: join
          from your browser).</p>`
      : markup`<p>The link to join will follow: come back to this page before the event.</p>`);
  return markup`${details(event)}
    ${problem && markup`<p class="status bad" role="alert">${problem}</p>`}
    ${status}
    ${join}
    ${open && markup`<p><a href="/events/r/${r.token}/event.ics">Add to your calendar (.ics)</a></p>`}
    ${
      event.materials.length > 0 &&
      markup`<h2>Materials</h2>
        <ul>${event.materials.map((m) => markup`<li><a href="${m.url}">${m.label}</a></li>`)}</ul>`
    }
    ${
      certificate &&
      markup`<h2>Certificate of completion</h2>
        <p><a href="/certificates/${certificate.downloadToken}.pdf">Download your certificate (PDF)</a>.
          Verification code: <span class="code">${certificate.code}</span>.</p>`
    }
    ${
      open &&
      r.status !== 'cancelled' &&
      markup`<form method="post" action="/events/r/${r.token}/cancel">
        <button type="submit" class="secondary">Cancel my registration</button>
      </form>`
    }
    ${open && r.status === 'cancelled' && markup`<p><a href="/events/${event.publicId}">Register again</a></p>`}
    <p class="hint">This page is yours: its address is your access. Do not share it.</p>`;
}
