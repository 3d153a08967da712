/**
 * `/api/v1/campaigns*`: attestation campaigns (docs/api.md). Ethics officer or admin only.
 *
 *   GET  /api/v1/campaigns                       { items: CampaignSummary[] }
 *   GET  /api/v1/campaigns/options               { packs, departments, groups, year }
 *   POST /api/v1/campaigns                       { packId, year, audience, reminderIntervalDays? } → 201 CampaignSummary
 *   GET  /api/v1/campaigns/:id                   CampaignSummary (counts by state)
 *   GET  /api/v1/campaigns/:id/recipients        { items: Recipient[], nextCursor }  ?state=failed,sent&cursor&limit
 *   GET  /api/v1/campaigns/:id/export.csv        text/csv, streamed  ?acknowledged=true|false
 *   POST /api/v1/campaigns/:id/resend-failed     { queued: n }
 *   POST /api/v1/campaigns/:id/remind            { queued, round, pending, message }
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { remindUnacknowledged } from '../../app/campaign-reminders';
import { campaignCsv, launchCampaign, type CampaignDeps } from '../../app/campaigns';
import { dateInZone } from '../../app/submit-disclosure';
import { RECIPIENT_STATES, type Recipient } from '../../domain/campaign/types';
import { NotFoundError, ValidationError } from '../../domain/errors';
import type { ReminderStore } from '../../ports/campaign-store';
import type { Principal } from './principal';
import { requireRole } from './authorize';
import type { ApiContext } from './context';
import { streamCsv } from './register-routes';
import { parseInput } from './validation';

const MAX_PAGE = 500;
/** Automatic reminders to those who have not acknowledged, unless the launch says otherwise. */
export const DEFAULT_REMINDER_INTERVAL_DAYS = 7;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Required.')
    .max(max, `Keep it under ${max} characters.`)
    .refine((s) => !s.includes('\u0000'), 'Remove the NUL character.');

const audienceSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('everyone') }),
    z.object({ kind: z.literal('department'), department: text(200) }),
    z.object({ kind: z.literal('group'), groupId: text(200) }),
    z.object({
      kind: z.literal('people'),
      ids: z.array(text(200)).min(1, 'Choose at least one person.').max(10_000, 'At most 10,000 people.'),
    }),
  ],
  { error: 'Choose everyone, a department, a group or a list of people.' },
);

const launchBody = z.object({
  packId: text(100),
  year: z.coerce
    .number({ message: 'Must be a year.' })
    .int('Must be a year.')
    .min(2000, 'A year from 2000.')
    .max(2100, 'A year up to 2100.'),
  audience: audienceSchema,
  reminderIntervalDays: z.coerce
    .number({ message: 'Must be a number of days.' })
    .int('Must be a whole number of days.')
    .min(0, '0 (no automatic reminders) or more.')
    .max(365, 'At most 365 days.')
    .default(DEFAULT_REMINDER_INTERVAL_DAYS),
});

const idParam = z.object({ id: z.uuid({ message: 'Must be a campaign id (a UUID).' }) });

const recipientsQuery = z.object({
  state: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.split(',').map((s) => s.trim()) : undefined),
    z.array(z.enum(RECIPIENT_STATES, { message: `Use ${RECIPIENT_STATES.join(', ')}.` })).optional(),
  ),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
});

const exportQuery = z.object({
  acknowledged: z.enum(['true', 'false'], { message: 'Use true or false.' }),
});

export interface CampaignRouteDeps extends CampaignDeps {
  reminders: ReminderStore;
  /** Called after a launch or a resend: wake this instance's sender. */
  onQueued(): void;
  /** Called after a reminder round was queued: wake this instance's reminder sender. */
  onRemindersQueued(): void;
  /** Groups offered in the tab (the org chart's roles), or [] when groups are Entra ids. */
  groups: readonly string[];
}

export function registerCampaignRoutes(server: Server, ctx: ApiContext, deps: CampaignRouteDeps): void {
  const allowed = (p: Principal) => requireRole(p, 'ethics_officer', 'admin');
  const summary = async (id: string) => {
    const s = await deps.store.summary(id);
    if (!s) throw new NotFoundError('Campaign', id);
    return s;
  };

  server.get(
    '/api/v1/campaigns',
    ctx.route(async (_req, res, principal) => {
      allowed(principal);
      res.setHeader('cache-control', 'no-store');
      res.send(200, { items: await deps.store.list(100) });
    }),
  );

  server.get(
    '/api/v1/campaigns/options',
    ctx.route(async (_req, res, principal) => {
      allowed(principal);
      const people = await deps.directory.listPeople();
      const departments = [
        ...new Set(people.map((p) => p.department).filter((d): d is string => !!d)),
      ].sort();
      res.setHeader('cache-control', 'no-store');
      res.send(200, {
        packs: deps.packs.map((p) => ({ id: p.id, title: p.title, organization: p.organization })),
        departments,
        groups: deps.groups,
        people: people.length,
        year: Number(dateInZone(ctx.disclosures.clock.now(), ctx.agency.timeZone).slice(0, 4)),
      });
    }),
  );

  server.post(
    '/api/v1/campaigns',
    ctx.route(async (req, res, principal) => {
      allowed(principal);
      const body = parseInput(launchBody, req.body);
      const campaign = await launchCampaign(deps, principal.id, body);
      deps.onQueued();
      ctx.log.info({ campaignId: campaign.id, packId: body.packId, year: body.year }, 'campaign launched');
      res.send(201, await summary(campaign.id));
    }),
  );

  server.get(
    '/api/v1/campaigns/:id',
    ctx.route(async (req, res, principal) => {
      allowed(principal);
      const { id } = parseInput(idParam, req.params);
      res.setHeader('cache-control', 'no-store');
      res.send(200, await summary(id));
    }),
  );

  server.get(
    '/api/v1/campaigns/:id/recipients',
    ctx.route(async (req, res, principal) => {
      allowed(principal);
      const { id } = parseInput(idParam, req.params);
      const q = parseInput(recipientsQuery, req.query);
      await summary(id);
      const limit = q.limit ?? 100;
      const items = await deps.store.recipients(id, {
        states: q.state,
        after: q.cursor ? decodeCursor(q.cursor) : undefined,
        limit,
      });
      const last = items[items.length - 1];
      res.setHeader('cache-control', 'no-store');
      res.send(200, {
        items: items.map(publicRecipient),
        nextCursor: items.length === limit && last ? encodeCursor(last) : null,
      });
    }),
  );

  server.get(
    '/api/v1/campaigns/:id/export.csv',
    ctx.route(async (req, res, principal) => {
      allowed(principal);
      const { id } = parseInput(idParam, req.params);
      const { acknowledged } = parseInput(exportQuery, req.query);
      const s = await summary(id);
      ctx.log.info({ userId: principal.id, campaignId: id }, 'campaign export');
      const which = acknowledged === 'true' ? 'acknowledged' : 'not-acknowledged';
      await streamCsv(
        res,
        campaignCsv(deps.store, id, acknowledged === 'true', ctx.agency.timeZone),
        `candor-${s.packId}-${s.year}-${which}.csv`,
      );
    }),
  );

  server.post(
    '/api/v1/campaigns/:id/resend-failed',
    ctx.route(async (req, res, principal) => {
      allowed(principal);
      const { id } = parseInput(idParam, req.params);
      const queued = await deps.store.resendFailed(id, principal.id);
      if (queued > 0) deps.onQueued();
      res.send(200, { queued });
    }),
  );

  server.post(
    '/api/v1/campaigns/:id/remind',
    ctx.route(async (req, res, principal) => {
      allowed(principal);
      const { id } = parseInput(idParam, req.params);
      const answer = await remindUnacknowledged(deps.reminders, id, principal.id);
      if (answer.queued > 0) {
        deps.onRemindersQueued();
        ctx.log.info({ campaignId: id, round: answer.round, queued: answer.queued }, 'campaign reminders');
      }
      res.send(200, answer);
    }),
  );
}

function publicRecipient(r: Recipient) {
  return {
    id: r.id,
    userId: r.userId,
    displayName: r.displayName,
    email: r.email,
    department: r.department,
    state: r.state,
    reason: r.reason,
    attempts: r.attempts,
    inDoubt: r.inDoubt,
    sentAt: r.sentAt,
    acknowledgedAt: r.acknowledgedAt,
    remindersSent: r.remindersSent,
    lastRemindedAt: r.lastRemindedAt,
  };
}

function encodeCursor(r: Recipient): string {
  return Buffer.from(JSON.stringify([r.displayName, r.id])).toString('base64url');
}

function decodeCursor(cursor: string): { displayName: string; id: string } {
  try {
    const [displayName, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof displayName === 'string' && typeof id === 'string') return { displayName, id };
  } catch {
    // fall through
  }
  throw new ValidationError([{ field: 'cursor', message: 'Not a cursor from this list.' }]);
}
