/** Input validation for the API with zod: a failed parse becomes a ValidationError (400 with field errors). */
import { z } from 'zod';
import { ValidationError } from '../../domain/errors';

/** Parses `value` (a body, `req.query` or `req.params`) or throws ValidationError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message })),
  );
}

/** A disclosure id (UUID). */
export const idParam = z.object({ id: z.uuid({ message: 'Must be a disclosure id (a UUID).' }) });

/** Free text from the tab: at most 2,000 characters. */
export const text2000 = z.string().max(2000, 'Keep it under 2,000 characters.');
