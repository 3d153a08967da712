/**
 * Security headers for the tab's pages (`/tab/`) and the API (`/api/`).
 *
 * The tab runs in an iframe of Teams (web, desktop, mobile, GCC High/DoD) and of the other Microsoft 365
 * hosts (microsoft365.com / office.com, Outlook, and the new *.cloud.microsoft domains), so
 * `frame-ancestors` lists those hosts (Microsoft's "tab requirements" for Teams apps) and nothing else;
 * no X-Frame-Options, which cannot express a list and would break the embedding.
 */
import type { Request, Response, Server } from 'restify';

/** Hosts that may frame the tab: Teams and the Microsoft 365 apps a Teams tab extends to. */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.microsoft.us', // GCC High and DoD
  'https://local.teams.office.com', // Teams desktop/mobile local host
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft', // teams.cloud.microsoft, m365.cloud.microsoft, outlook.cloud.microsoft
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.skype.com',
] as const;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Fluent UI (Griffel) inserts <style> rules at runtime, which a nonce-less policy can only allow with
  // 'unsafe-inline'. Scripts stay strict: no inline script, no eval.
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

export interface SecurityHeaderOptions {
  /** The app's public URL: HSTS is sent only when it is https. */
  publicUrl: string;
}

/** Headers for every answer under `/tab/` and `/api/`. */
export function securityHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(opts.publicUrl.startsWith('https:') ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Paths the headers apply to. */
export function isTabOrApiPath(path: string): boolean {
  return path === '/tab' || path.startsWith('/tab/') || path.startsWith('/api/');
}

/**
 * Sets the headers before routing, so they are on every answer of those paths (404s and errors
 * included). API answers are personal data: never cached.
 */
export function applySecurityHeaders(server: Server, opts: SecurityHeaderOptions): void {
  const headers = Object.entries(securityHeaders(opts));
  server.pre(async (req: Request, res: Response) => {
    const path = req.path?.() ?? req.url ?? '';
    if (!isTabOrApiPath(path)) return;
    for (const [name, value] of headers) res.setHeader(name, value);
    if (path.startsWith('/api/')) {
      res.setHeader('cache-control', 'no-store');
      res.setHeader('pragma', 'no-cache');
    }
  });
}
