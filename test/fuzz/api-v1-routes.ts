/**
 * Every `/api/v1` route the tab API fuzz test (api-v1.fuzz.test.ts) sends requests to: one line per
 * route. A feature that adds routes adds them here; `:id` is replaced by a disclosure id, a random uuid
 * or junk.
 */
export interface FuzzRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
}

export const ROUTES: FuzzRoute[] = [
  { method: 'GET', path: '/api/v1/me' },
  { method: 'GET', path: '/api/v1/disclosures' },
  { method: 'GET', path: '/api/v1/disclosures/:id' },
  { method: 'POST', path: '/api/v1/disclosures/:id/withdraw' },
  { method: 'POST', path: '/api/v1/disclosures/:id/answer' },
  { method: 'POST', path: '/api/v1/disclosures/:id/resolution' },
  { method: 'GET', path: '/api/v1/approvals' },
  { method: 'POST', path: '/api/v1/approvals/:id/decision' },
  { method: 'GET', path: '/api/v1/hr' },
  { method: 'GET', path: '/api/v1/register' },
  { method: 'GET', path: '/api/v1/register/export.csv' },
  { method: 'GET', path: '/api/v1/register/donor-totals' },
  { method: 'GET', path: '/api/v1/register/stats' },
  { method: 'GET', path: '/api/v1/dev/people' },
  { method: 'POST', path: '/api/v1/dev/sign-in' },
  { method: 'GET', path: '/api/v1/me/delegation' },
  { method: 'PUT', path: '/api/v1/me/delegation' },
  { method: 'DELETE', path: '/api/v1/me/delegation' },
];
