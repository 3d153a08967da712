/**
 * The signed-in reviewer's delegation (docs/api.md):
 * - `GET /api/v1/me/delegation` → `{ delegation, today, candidates }`
 * - `PUT /api/v1/me/delegation` `{ delegateId, startsOn, endsOn }` → the delegation (replaces any other)
 * - `DELETE /api/v1/me/delegation` → 204 (ends it; 204 too when there was none)
 */
import type { Server } from 'restify';
import { z } from 'zod';
import type { DelegationService } from '../../app/delegation';
import type { Delegation } from '../../ports/delegation-store';
import type { ApiContext } from './context';
import { parseInput } from './validation';

const putBody = z.object({
  delegateId: z.string({ message: 'Choose who decides for you.' }).max(200),
  startsOn: z.string({ message: 'Give the first day (yyyy-mm-dd).' }).max(20),
  endsOn: z.string({ message: 'Give the last day (yyyy-mm-dd).' }).max(20),
});

export function registerDelegationRoutes(server: Server, ctx: ApiContext, service: DelegationService): void {
  server.get(
    '/api/v1/me/delegation',
    ctx.route(async (_req, res, principal) => {
      const [{ delegation, today }, candidates] = await Promise.all([
        service.get(principal.id),
        service.candidates(principal.id),
      ]);
      res.send(200, {
        delegation: delegation ? toJson(delegation) : null,
        today,
        candidates: candidates.map((p) => ({
          id: p.id,
          displayName: p.displayName,
          jobTitle: p.jobTitle,
          department: p.department,
        })),
      });
    }),
  );

  server.put(
    '/api/v1/me/delegation',
    ctx.route(async (req, res, principal) => {
      const body = parseInput(putBody, req.body);
      const delegation = await service.set(principal.id, body);
      ctx.log.info({ reviewerId: principal.id, delegationId: delegation.id }, 'delegation set');
      res.send(200, toJson(delegation));
    }),
  );

  server.del(
    '/api/v1/me/delegation',
    ctx.route(async (_req, res, principal) => {
      const ended = await service.end(principal.id);
      if (ended) ctx.log.info({ reviewerId: principal.id, delegationId: ended.id }, 'delegation ended');
      res.send(204);
    }),
  );
}

function toJson(d: Delegation) {
  return { id: d.id, delegate: d.delegate, startsOn: d.startsOn, endsOn: d.endsOn, createdAt: d.createdAt };
}
