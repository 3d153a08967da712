/**
 * Errors → `application/problem+json` (RFC 9457): `{ type, title, status, detail, errors? }`.
 *
 * Domain errors keep their meaning: VALIDATION_FAILED 400 (with the field errors), NOT_FOUND 404,
 * FORBIDDEN 403, INVALID_STATE and CONFLICT 409, DIRECTORY_UNAVAILABLE 503. No or an invalid token is 401
 * with `WWW-Authenticate: Bearer`; a missing role 403. Anything else is a 500 with a generic message: the
 * error is logged, never sent.
 *
 * The use cases phrase their messages for the person who may act on the record; a record the caller may
 * not see is answered as NotFoundError by the API before any use case message could name it.
 */
import type { Request, Response } from 'restify';
import { CandorError, type FieldError } from '../../domain/errors';
import type { Logger } from '../../logging';
import type { ApiRole } from './principal';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

/** No token, or a token that does not validate. `reason` goes to the log, not to the caller. */
export class UnauthorizedError extends Error {
  constructor(
    readonly tokenPresent: boolean,
    readonly reason: string,
  ) {
    super(tokenPresent ? `Invalid bearer token: ${reason}` : 'No bearer token');
    this.name = 'UnauthorizedError';
  }
}

/**
 * The token could not be checked because Entra ID's signing keys could not be fetched (network error,
 * timeout, an answer that is not a key set). Answered 503, not 401: the caller's token may be fine.
 */
export class SignInUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`Signing keys unavailable: ${reason}`);
    this.name = 'SignInUnavailableError';
  }
}

/** The caller is signed in but lacks the role the route needs. */
export class MissingRoleError extends Error {
  constructor(readonly roles: readonly ApiRole[]) {
    super(`This needs the role ${roles.join(' or ')}.`);
    this.name = 'MissingRoleError';
  }
}

const type = (slug: string) => `urn:candor:problem:${slug}`;

/** The problem to answer for an error, and any headers that go with it. */
export function problemFor(err: unknown): { problem: Problem; headers: Record<string, string> } {
  if (err instanceof UnauthorizedError)
    return {
      problem: {
        type: type('unauthorized'),
        title: 'Sign-in required',
        status: 401,
        detail: err.tokenPresent
          ? 'The access token is invalid or has expired. Sign in again.'
          : 'This needs an access token (Authorization: Bearer …).',
      },
      headers: {
        'www-authenticate': err.tokenPresent
          ? 'Bearer realm="candor", error="invalid_token"'
          : 'Bearer realm="candor"',
      },
    };
  if (err instanceof SignInUnavailableError)
    return {
      problem: {
        type: type('unavailable'),
        title: 'Temporarily unavailable',
        status: 503,
        detail: 'Sign-in cannot be checked right now. Try again in a minute.',
      },
      headers: { 'retry-after': '30' },
    };
  if (err instanceof MissingRoleError)
    return {
      problem: { type: type('missing-role'), title: 'Not allowed', status: 403, detail: err.message },
      headers: {},
    };
  if (err instanceof CandorError) {
    switch (err.code) {
      case 'VALIDATION_FAILED':
        return {
          problem: {
            type: type('validation-failed'),
            title: 'Some fields need attention',
            status: 400,
            detail: err.message,
            errors: (err as CandorError & { fieldErrors: FieldError[] }).fieldErrors,
          },
          headers: {},
        };
      case 'NOT_FOUND':
        return { problem: notFoundProblem(), headers: {} };
      case 'FORBIDDEN':
        return {
          problem: { type: type('forbidden'), title: 'Not allowed', status: 403, detail: err.message },
          headers: {},
        };
      case 'INVALID_STATE':
      case 'CONFLICT':
        return {
          problem: {
            type: type('invalid-state'),
            title: 'Not possible now',
            status: 409,
            detail: err.message,
          },
          headers: {},
        };
      case 'DIRECTORY_UNAVAILABLE':
        return {
          problem: {
            type: type('unavailable'),
            title: 'Temporarily unavailable',
            status: 503,
            detail: 'The directory is not answering. Try again in a few minutes.',
          },
          headers: { 'retry-after': '60' },
        };
      case 'CONFIG_INVALID':
        break;
    }
  }
  return { problem: internalProblem(), headers: {} };
}

/** The same answer for a record that does not exist and one the caller may not see. */
function notFoundProblem(): Problem {
  return {
    type: type('not-found'),
    title: 'Not found',
    status: 404,
    detail: 'There is nothing here, or you may not see it.',
  };
}

function internalProblem(): Problem {
  return {
    type: type('internal'),
    title: 'Something went wrong',
    status: 500,
    detail: 'The request could not be completed. Try again; if it keeps failing, tell the ethics office.',
  };
}

export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    // A streamed answer (e.g. a CSV export) failed midway: cut it off so the client sees an error.
    res.destroy();
    return;
  }
  res.sendRaw(problem.status, JSON.stringify(problem), {
    ...headers,
    'content-type': PROBLEM_CONTENT_TYPE,
  });
}

/** Answers `err` as problem+json; unknown errors and 5xx are logged (the message never reaches the caller). */
export function sendError(res: Response, err: unknown, log: Logger): void {
  const { problem, headers } = problemFor(err);
  if (problem.status >= 500) log.error({ err }, 'API request failed');
  else if (err instanceof UnauthorizedError)
    log.info({ reason: err.reason }, 'API request not authenticated');
  else if (problem.status === 403) log.info({ reason: (err as Error).message }, 'API request refused');
  sendProblem(res, problem, headers);
}

/**
 * restify's own errors on `/api/v1` (unknown route, wrong method, unparseable or oversized body) as
 * problem+json too. Registered as a `restifyError` listener.
 */
export function restifyErrorAsProblem(log: Logger) {
  return (req: Request, res: Response, err: unknown, done: () => void): void => {
    if (!(req.path?.() ?? req.url ?? '').startsWith('/api/v1/') || res.headersSent) return done();
    const status = statusOf(err);
    if (status >= 500) {
      sendError(res, err, log);
      return done();
    }
    const problem: Problem =
      status === 404
        ? notFoundProblem()
        : {
            type: type(`http-${status}`),
            title: titleOf(status),
            status,
            detail: status === 400 ? 'The request body is not valid JSON.' : titleOf(status),
          };
    sendProblem(res, problem);
    done();
  };
}

function statusOf(err: unknown): number {
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

function titleOf(status: number): string {
  return (
    {
      400: 'Bad request',
      404: 'Not found',
      405: 'Method not allowed',
      406: 'Not acceptable',
      413: 'Request body too large',
      415: 'Unsupported media type',
    }[status] ?? 'Request refused'
  );
}
