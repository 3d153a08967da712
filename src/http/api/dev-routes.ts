/**
 * The local dev sign-in (docs/api.md, "Local"): pick a person of the org chart, get a token the app signs
 * itself. Registered only when Entra sign-in is not configured, and never in production mode.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { ConfigError, ValidationError } from '../../domain/errors';
import type { DevSignIn } from './authenticate';
import type { ApiContext } from './context';
import { parseInput } from './validation';

const signInBody = z.object({
  userId: z.string({ message: 'Choose a person.' }).trim().min(1, 'Choose a person.').max(200),
});

export function registerDevRoutes(
  server: Server,
  ctx: ApiContext,
  devSignIn: DevSignIn,
  mode: 'local' | 'production',
): void {
  if (mode !== 'local')
    throw new ConfigError('The dev sign-in routes are never registered in production mode.');

  server.get(
    '/api/v1/dev/people',
    ctx.publicRoute(async (_req, res) => {
      res.send(200, {
        people: ctx.orgChart.people.map((p) => ({
          id: p.id,
          displayName: p.displayName,
          jobTitle: p.jobTitle,
          department: p.department,
          roles: ctx.orgChart.rolesOf(p.id),
        })),
      });
    }),
  );

  server.post(
    '/api/v1/dev/sign-in',
    ctx.publicRoute(async (req, res) => {
      const { userId } = parseInput(signInBody, req.body);
      const person = ctx.orgChart.byId(userId);
      if (!person)
        throw new ValidationError([{ field: 'userId', message: 'No one in the org chart has this id.' }]);
      const signedIn = await devSignIn.issue({
        id: person.id,
        displayName: person.displayName,
        roles: ctx.orgChart.rolesOf(person.id),
      });
      ctx.log.info({ userId: person.id }, 'dev sign-in');
      res.send(200, signedIn);
    }),
  );
}
