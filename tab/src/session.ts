/**
 * Token sources. In Teams: SSO tokens from `authentication.getAuthToken()`, reused until a minute before
 * they expire. In a browser (local mode): the dev sign-in's token, kept in sessionStorage for this tab only.
 */
import type { TokenSource } from './api';
import { teamsToken } from './teams';

const STORAGE_KEY = 'candor.devSession';

export interface DevSession {
  token: string;
  expiresAt: string;
  userId: string;
}

export function teamsTokens(): TokenSource {
  let cached: { token: string; exp: number } | null = null;
  return {
    kind: 'teams',
    async token(fresh = false) {
      if (!fresh && cached && cached.exp - 60_000 > Date.now()) return cached.token;
      const token = await teamsToken();
      cached = { token, exp: expiryOf(token) };
      return token;
    },
  };
}

export function devTokens(session: DevSession): TokenSource {
  return {
    kind: 'dev',
    async token() {
      return session.token;
    },
  };
}

export function loadDevSession(): DevSession | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<DevSession>;
    if (!s.token || !s.expiresAt || !s.userId) return null;
    if (Date.parse(s.expiresAt) - 30_000 < Date.now()) {
      clearDevSession();
      return null;
    }
    return s as DevSession;
  } catch {
    return null;
  }
}

export function saveDevSession(session: DevSession): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } catch {
    /* storage disabled: the session lasts as long as the page */
  }
}

export function clearDevSession(): void {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
}

/** A JWT's `exp` in ms, or "now + 5 minutes" when it cannot be read. */
function expiryOf(jwt: string): number {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: number }).exp;
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    /* opaque token */
  }
  return Date.now() + 5 * 60_000;
}
