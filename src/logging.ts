/**
 * Structured logs (pino). Disclosure contents never go into logs: log ids, states and counts only.
 * Known sensitive keys are redacted as a second line of defence.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

export type Logger = pino.Logger;

/** Correlation ids (request id, job id) of the work in progress, added to every log line. */
export const logContext = new AsyncLocalStorage<Record<string, string>>();

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'candor' },
      mixin: () => logContext.getStore() ?? {},
      redact: {
        paths: [
          'req.headers.authorization',
          '*.text',
          '*.value',
          '*.details',
          '*.comment',
          '*.conditions',
          '*.description',
          'activity.text',
          'activity.value',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
