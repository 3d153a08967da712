/**
 * Hash routes: `#/mine`, `#/mine/<id>`, `#/approvals`, `#/register`, `#/hr`, `#/campaigns`, `#/events`, `#/courses`,
 * `#/courses/<id>`, `#/authoring`, `#/authoring/<id>`, `#/configure`.
 */
import { useEffect, useState } from 'react';

export const PAGE_KEYS = [
  'mine',
  'approvals',
  'register',
  'hr',
  'campaigns',
  'events',
  'courses',
  'authoring',
  'configure',
] as const;
export type PageKey = (typeof PAGE_KEYS)[number];

export interface Route {
  page: PageKey | 'unknown';
  /** A disclosure opened from that page (`#/mine/<id>`). */
  id: string | null;
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split(/[/?]/).filter(Boolean);
  const [first, second] = parts;
  if (!first) return { page: 'mine', id: null };
  const page = (PAGE_KEYS as readonly string[]).includes(first) ? (first as PageKey) : 'unknown';
  return { page, id: second ? decodeURIComponent(second) : null };
}

export function href(page: PageKey, id?: string): string {
  return id ? `#/${page}/${encodeURIComponent(id)}` : `#/${page}`;
}

export function navigate(page: PageKey, id?: string): void {
  window.location.hash = href(page, id);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
