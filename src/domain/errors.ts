/**
 * Named domain errors. Each carries a stable code; the edges (HTTP API, bot invoke handler)
 * map codes to a status and a message the user can act on.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'INVALID_STATE'
  | 'CONFLICT'
  | 'DIRECTORY_UNAVAILABLE'
  | 'CONFIG_INVALID';

export abstract class CandorError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem with one field of a submitted form, keyed by the field's id. */
export interface FieldError {
  field: string;
  message: string;
}

export class ValidationError extends CandorError {
  readonly code = 'VALIDATION_FAILED' as const;
  constructor(readonly fieldErrors: FieldError[]) {
    super(`Some fields need attention: ${fieldErrors.map((e) => e.field).join(', ')}`);
  }
}

export class NotFoundError extends CandorError {
  readonly code = 'NOT_FOUND' as const;
  constructor(what: string, id: string) {
    super(`${what} ${id} was not found.`);
  }
}

/** The actor may not do this to this record. */
export class ForbiddenError extends CandorError {
  readonly code = 'FORBIDDEN' as const;
}

/** The record's current state does not allow the action (already decided, withdrawn, …). */
export class InvalidStateError extends CandorError {
  readonly code = 'INVALID_STATE' as const;
}

export class DirectoryUnavailableError extends CandorError {
  readonly code = 'DIRECTORY_UNAVAILABLE' as const;
}

export class ConfigError extends CandorError {
  readonly code = 'CONFIG_INVALID' as const;
}
