/**
 * The tab's API routes (docs/api.md) except the register (register-routes.ts) and the dev sign-in
 * (dev-routes.ts). Writes go through the same use cases as the bot's cards, so a decision made here
 * updates the chat cards (the use cases queue the card refresh jobs) and is audited the same way.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import {
  disclosureDetail,
  listApprovals,
  listHrCopied,
  listOwnDisclosures,
  visibleDisclosure,
} from '../../app/disclosure-views';
import { decideDisclosure } from '../../app/decide-disclosure';
import { answerInfoRequest, recordResolution, withdrawDisclosure } from '../../app/employee-actions';
import { DECISIONS, DISCLOSURE_STATES } from '../../domain/disclosure/types';
import { requireRole } from './authorize';
import type { ApiContext } from './context';
import { idParam, parseInput, text2000 } from './validation';

/** `?x=` (empty) is the same as no `x`. */
const optionalQuery = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const listQuery = z.object({
  state: optionalQuery(
    z.enum(DISCLOSURE_STATES, { message: `Use one of: ${DISCLOSURE_STATES.join(', ')}.` }),
  ),
  type: optionalQuery(z.enum(['gift', 'conflict'], { message: 'Use gift or conflict.' })),
});

const approvalsQuery = z.object({
  state: optionalQuery(z.enum(['pending', 'decided'], { message: 'Use pending or decided.' })),
});

const requiredText = (message: string) => text2000.trim().min(1, message);

const answerBody = z.object({ answer: requiredText('Write your answer to the question.') });
const resolutionBody = z.object({
  resolution: requiredText('Say what you did, for example "Returned the tickets on 3 March".'),
});
const decisionBody = z.object({
  decision: z.enum(DECISIONS, { message: `Use one of: ${DECISIONS.join(', ')}.` }),
  comment: text2000.nullish(),
  conditions: text2000.nullish(),
});

export function registerDisclosureRoutes(server: Server, ctx: ApiContext): void {
  const deps = ctx.disclosures;

  server.get(
    '/api/v1/me',
    ctx.route(async (_req, res, principal) => {
      const person = await ctx.directory.getUser(principal.id).catch((err: unknown) => {
        ctx.log.warn({ err }, 'directory lookup for /me failed');
        return null;
      });
      res.send(200, {
        id: principal.id,
        displayName: principal.displayName,
        email: person?.email || principal.email || null,
        department: person?.department ?? null,
        roles: principal.roles,
      });
    }),
  );

  server.get(
    '/api/v1/disclosures',
    ctx.route(async (req, res, principal) => {
      const q = parseInput(listQuery, req.query);
      res.send(200, { items: await listOwnDisclosures(deps, principal, q) });
    }),
  );

  server.get(
    '/api/v1/disclosures/:id',
    ctx.route(async (req, res, principal) => {
      const { id } = parseInput(idParam, req.params);
      res.send(200, await disclosureDetail(deps, id, principal));
    }),
  );

  server.post(
    '/api/v1/disclosures/:id/withdraw',
    ctx.route(async (req, res, principal) => {
      const { id } = parseInput(idParam, req.params);
      await visibleDisclosure(deps, id, principal);
      await withdrawDisclosure(deps, { actorId: principal.id, disclosureId: id });
      res.send(200, await disclosureDetail(deps, id, principal));
    }),
  );

  server.post(
    '/api/v1/disclosures/:id/answer',
    ctx.route(async (req, res, principal) => {
      const { id } = parseInput(idParam, req.params);
      const body = parseInput(answerBody, req.body);
      await visibleDisclosure(deps, id, principal);
      await answerInfoRequest(deps, { actorId: principal.id, disclosureId: id, answer: body.answer });
      res.send(200, await disclosureDetail(deps, id, principal));
    }),
  );

  server.post(
    '/api/v1/disclosures/:id/resolution',
    ctx.route(async (req, res, principal) => {
      const { id } = parseInput(idParam, req.params);
      const body = parseInput(resolutionBody, req.body);
      await visibleDisclosure(deps, id, principal);
      await recordResolution(deps, { actorId: principal.id, disclosureId: id, resolution: body.resolution });
      res.send(200, await disclosureDetail(deps, id, principal));
    }),
  );

  server.get(
    '/api/v1/approvals',
    ctx.route(async (req, res, principal) => {
      const q = parseInput(approvalsQuery, req.query);
      res.send(200, { items: await listApprovals(deps, principal, q.state ?? 'pending') });
    }),
  );

  server.post(
    '/api/v1/approvals/:id/decision',
    ctx.route(async (req, res, principal) => {
      const { id } = parseInput(idParam, req.params);
      const body = parseInput(decisionBody, req.body);
      // Someone who may not see the disclosure learns nothing (404); someone who may see it but is not
      // its reviewer is refused by the use case (403, audited as a refused attempt).
      await visibleDisclosure(deps, id, principal);
      await decideDisclosure(deps, {
        actorId: principal.id,
        disclosureId: id,
        decision: body.decision,
        comment: body.comment ?? undefined,
        conditions: body.conditions ?? undefined,
      });
      res.send(200, await disclosureDetail(deps, id, principal));
    }),
  );

  server.get(
    '/api/v1/hr',
    ctx.route(async (req, res, principal) => {
      requireRole(principal, 'hr');
      const q = parseInput(listQuery, req.query);
      res.send(200, { items: await listHrCopied(deps, q) });
    }),
  );
}
