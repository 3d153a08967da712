/** Role checks for the tab's API. Record-level checks (whose disclosure is it?) live in the read use cases. */
import type { ApiRole, Principal } from './principal';
import { MissingRoleError } from './problem';

export function hasRole(principal: Principal, role: ApiRole): boolean {
  return principal.roles.includes(role);
}

/** Throws MissingRoleError (answered 403 problem+json) unless the principal holds one of `roles`. */
export function requireRole(principal: Principal, ...roles: [ApiRole, ...ApiRole[]]): void {
  if (!roles.some((r) => hasRole(principal, r))) throw new MissingRoleError(roles);
}
