/**
 * A per-IP rate limit for one public route: restify's token-bucket throttle (the same one the server
 * applies to the dev sign-in), put in front of the route's handler. Over the limit: 429.
 */
import restify, { type RequestHandler } from 'restify';

export function publicRateLimit(opts: { rate: number; burst: number }): RequestHandler {
  return restify.plugins.throttle({ rate: opts.rate, burst: opts.burst, ip: true });
}
