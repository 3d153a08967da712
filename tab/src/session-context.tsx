/** The signed-in person and their API client, for every page. */
import { createContext, useContext } from 'react';
import type { Api } from './api';
import type { Me, Role } from './types';

export interface SessionValue {
  me: Me;
  api: Api;
  /** `teams` inside Microsoft Teams, `dev` with the local dev sign-in. */
  kind: 'teams' | 'dev';
  /** Back to the sign-in page (dev) or a fresh SSO token (Teams). */
  signInAgain(): void;
  /** Dev sign-in only: forget the token and choose someone else. */
  signOut: (() => void) | null;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue | null {
  return useContext(SessionContext);
}

export function useSignedIn(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSignedIn outside a signed-in session');
  return s;
}

export function hasRole(me: Me, role: Role): boolean {
  return me.roles.includes(role);
}
