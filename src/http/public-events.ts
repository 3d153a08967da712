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
 * secret link it would have to know.
 */
import restify, { type Request, type Response, type Server } from 'restify';
import type { EventCertificate } from '../app/events/certificates';
import type { EventDeps } from '../app/events/deps';
import { cancelByToken, registerPublic } from '../app/events/registration';
import { CandorError, NotFoundError, ValidationError, type FieldError } from '../domain/errors';
import { registrationClosedReason } from '../domain/events/rules';
import { formatInZone } from '../domain/events/time';
import type { EventRecord, Registration } from '../domain/events/types';
import { eventIcs, icsFileName } from '../events/ics';
import type { Logger } from '../logging';
import { html, raw, sendPage, type Raw } from './public-html';
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
  const throttle = restify.plugins.throttle({ burst: limit.burst, rate: 1 / limit.perSeconds, ip: true });
  const cancelThrottle = restify.plugins.throttle({
    burst: limit.burst,
    rate: 1 / limit.perSeconds,
    ip: true,
  });
  const pageThrottle = restify.plugins.throttle({ burst: 60, rate: 2, ip: true });
  const page = (handler: (req: Request, res: Response) => Promise<void>) =>
    withRequestContext(async (req, res) => {
      try {
        await handler(req, res);
      } catch (err) {
        if (err instanceof NotFoundError) return notFound(res);
        deps.log.error({ err }, 'public event page failed');
        sendPage(
          res,
          500,
          'Something went wrong',
          html`<h1>Something went wrong</h1>
            <p>Please try again in a few minutes.</p>`,
        );
      }
    });
  const throttled = (t: restify.RequestHandler) => (req: Request, res: Response, next: restify.Next) =>
    t(req, res, (err?: unknown) => {
      if (err) {
        res.setHeader('retry-after', String(Math.ceil(limit.perSeconds)));
        sendPage(
          res,
          429,
          'Too many requests',
          html`<h1>Too many requests</h1>
            <p>Please wait a minute and try again.</p>`,
        );
        return next(false);
      }
      return next();
    });

  const publicEvent = async (publicId: string): Promise<EventRecord> => {
    const event = /^[A-Za-z0-9_-]{10,40}$/.test(publicId) ? await d.store.getByPublicId(publicId) : null;
    if (!event || event.audience !== 'public') throw new NotFoundError('Event', publicId);
    return event;
  };

  server.get(
    '/events/:publicId',
    throttled(pageThrottle),
    page(async (req, res) => {
      const event = await publicEvent(String(req.params.publicId));
      sendPage(res, 200, event.title, eventPage(deps, event, {}, []));
    }),
  );

  server.post(
    '/events/:publicId/register',
    throttled(throttle),
    page(async (req, res) => {
      const event = await publicEvent(String(req.params.publicId));
      const form = (req.body ?? {}) as Record<string, unknown>;
      if (typeof form[HONEYPOT_FIELD] === 'string' && form[HONEYPOT_FIELD].trim() !== '') {
        deps.log.info({ eventId: event.id }, 'public registration refused: honeypot filled');
        sendPage(
          res,
          200,
          'Thank you',
          html`<h1>Thank you</h1>
            <p>Your registration was received.</p>`,
        );
        return;
      }
      try {
        const { registration } = await registerPublic(d, event.publicId, {
          name: form.name,
          email: form.email,
        });
        res.redirect(303, `/events/r/${registration.token}`, () => undefined);
      } catch (err) {
        if (err instanceof ValidationError) {
          sendPage(
            res,
            400,
            `Check your details: ${event.title}`,
            eventPage(deps, event, form, err.fieldErrors),
          );
          return;
        }
        if (err instanceof CandorError && !(err instanceof NotFoundError)) {
          sendPage(res, 409, event.title, eventPage(deps, event, form, [], err.message));
          return;
        }
        throw err;
      }
    }),
  );

  const personal = async (token: string) => {
    const registration = await d.store.registrationByToken(token);
    if (!registration) throw new NotFoundError('Registration', '');
    const event = await d.store.get(registration.eventId);
    if (!event) throw new NotFoundError('Event', registration.eventId);
    return { event, registration };
  };

  server.get(
    '/events/r/:token',
    throttled(pageThrottle),
    page(async (req, res) => {
      const { event, registration } = await personal(String(req.params.token));
      const certificate = await certificateFor(d, event, registration);
      sendPage(
        res,
        200,
        `Your registration: ${event.title}`,
        personalPage(deps, event, registration, certificate),
        { personal: true },
      );
    }),
  );

  server.get(
    '/events/r/:token/event.ics',
    throttled(pageThrottle),
    page(async (req, res) => {
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
    throttled(cancelThrottle),
    page(async (req, res) => {
      const token = String(req.params.token);
      try {
        await cancelByToken(d, token);
      } catch (err) {
        if (!(err instanceof CandorError) || err instanceof NotFoundError) throw err;
        const { event, registration } = await personal(token);
        sendPage(res, 409, event.title, personalPage(deps, event, registration, null, err.message), {
          personal: true,
        });
        return;
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
  const list = await d.certificates.listForSource('event', event.id);
  return (
    list.find(
      (c) =>
        !c.recipientUserId &&
        c.status === 'valid' &&
        c.recipientEmail?.toLowerCase() === r.email!.toLowerCase(),
    ) ?? null
  );
}

function notFound(res: Response): void {
  sendPage(
    res,
    404,
    'Not found',
    html`<h1>Not found</h1>
      <p>There is no event here. Check the link you were given.</p>`,
  );
}

function details(deps: PublicEventDeps, event: EventRecord): Raw {
  return html` <p class="agency">${deps.agencyName}</p>
    <h1>${event.title}</h1>
    <dl>
      <dt>What</dt>
      <dd>${event.kind === 'training' ? 'Training' : 'Outreach event'}, online in Microsoft Teams</dd>
      <dt>Starts</dt>
      <dd>${formatInZone(event.startsAt, event.timeZone)}</dd>
      <dt>Ends</dt>
      <dd>${formatInZone(event.endsAt, event.timeZone)}</dd>
      ${
        event.presenters.length > 0
          ? html`<dt>Presenters</dt>
              <dd>${event.presenters.join(', ')}</dd>`
          : ''
      }
    </dl>
    ${event.description ? html`<p>${event.description}</p>` : ''}`;
}

function eventPage(
  deps: PublicEventDeps,
  event: EventRecord,
  values: Record<string, unknown>,
  errors: FieldError[],
  problem?: string,
): Raw {
  const closed = registrationClosedReason(event, deps.events.clock.now());
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const value = (field: string) => (typeof values[field] === 'string' ? (values[field] as string) : '');
  const field = (name: string, label: string, type: string, autocomplete: string) => {
    const message = err(name);
    return html` <label for="${name}">${label}</label>
      ${message ? html`<p class="error" id="${name}-error">${message}</p>` : ''}
      <input
        type="${type}"
        id="${name}"
        name="${name}"
        value="${value(name)}"
        autocomplete="${autocomplete}"
        required
        ${message ? raw(`aria-invalid="true" aria-describedby="${name}-error"`) : ''}
      />`;
  };
  const form = closed
    ? html`<p class="notice">${closed}</p>`
    : html` <h2>Register</h2>
        <p>
          You will get the link to join, a calendar file and, for trainings, your certificate of completion on
          your confirmation page. Keep its address.
        </p>
        ${
          errors.length > 0
            ? html`<div class="problem" role="alert">
                <p>Please correct the following:</p>
                <ul>
                  ${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}
                </ul>
              </div>`
            : ''
        }
        ${problem ? html`<p class="problem" role="alert">${problem}</p>` : ''}
        <form method="post" action="/events/${event.publicId}/register" novalidate>
          ${field('name', 'Your name (as it should appear on a certificate)', 'text', 'name')}
          ${field('email', 'Your email address', 'email', 'email')}
          <div class="hp" aria-hidden="true">
            <label for="${HONEYPOT_FIELD}">Leave this field empty</label>
            <input
              type="text"
              id="${HONEYPOT_FIELD}"
              name="${HONEYPOT_FIELD}"
              tabindex="-1"
              autocomplete="off"
            />
          </div>
          <button type="submit">Register</button>
        </form>`;
  return html`${details(deps, event)}${form}`;
}

function personalPage(
  deps: PublicEventDeps,
  event: EventRecord,
  r: Registration,
  certificate: EventCertificate | null,
  problem?: string,
): Raw {
  const now = deps.events.clock.now();
  const over = event.endsAt <= now;
  const status =
    event.status === 'cancelled'
      ? html`<p class="problem">
          This event was cancelled.${event.cancelReason ? ` ${event.cancelReason}` : ''}
        </p>`
      : r.status === 'registered'
        ? html`<p class="notice">You are registered, ${r.name}.</p>`
        : r.status === 'waitlisted'
          ? html`<p class="notice">
              The event is full: you are on the waitlist. If a seat frees up you get it automatically; this
              page will then show the link to join.
            </p>`
          : html`<p class="notice">Your registration is cancelled.</p>`;
  const join =
    r.status === 'registered' && event.status === 'scheduled' && !over
      ? event.meeting
        ? html`<p>
            <a href="${event.meeting.joinUrl}">Join the Teams meeting</a> (no Teams account needed: join from
            your browser).
          </p>`
        : html`<p>The link to join will follow: come back to this page before the event.</p>`
      : '';
  const calendar =
    event.status === 'scheduled' && !over
      ? html`<p><a href="/events/r/${r.token}/event.ics">Add to your calendar (.ics)</a></p>`
      : '';
  const materials =
    event.materials.length > 0
      ? html`<h2>Materials</h2>
          <ul>
            ${event.materials.map((m) => html`<li><a href="${m.url}">${m.label}</a></li>`)}
          </ul>`
      : '';
  const cert = certificate
    ? html`<h2>Certificate of completion</h2>
        <p>
          <a href="/certificates/${certificate.downloadToken}.pdf">Download your certificate (PDF)</a>.
          Verification code: ${certificate.code}.
        </p>`
    : '';
  const cancel =
    r.status !== 'cancelled' && event.status === 'scheduled' && !over
      ? html`<form method="post" action="/events/r/${r.token}/cancel">
          <button type="submit" class="secondary">Cancel my registration</button>
        </form>`
      : '';
  const again =
    r.status === 'cancelled' && event.status === 'scheduled' && !over
      ? html`<p><a href="/events/${event.publicId}">Register again</a></p>`
      : '';
  return html`${details(deps, event)}${problem ? html`<p class="problem" role="alert">${problem}</p>` : ''}${status}${join}${calendar}${materials}${cert}${cancel}${again}
    <p><small>This page is yours: its address is your access. Do not share it.</small></p>`;
}
