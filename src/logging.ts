/**
 * Structured logs (pino). Disclosure contents never go into logs: log ids, states and counts only.
 * Known sensitive keys are redacted as a second line of defence.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'candor' },
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
