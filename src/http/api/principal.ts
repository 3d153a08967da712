/**
 * Who calls the tab's API. Produced by the authentication step (Teams SSO token validated against
 * Entra ID, or the local dev sign-in) and passed to every route.
 */
export const API_ROLES = ['employee', 'ethics_officer', 'hr', 'outreach', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface Principal {
  /** Entra ID object id (`oid`), the same id the bot sees as `from.aadObjectId`. */
  id: string;
  displayName: string;
  roles: ApiRole[];
  /** The sign-in name from the token (`preferred_username`), when it carries one. */
  email?: string;
}
