/**
 * Every `/api/v1` route the tab API fuzz test (api-v1.fuzz.test.ts) sends requests to: one line per
 * route. A feature that adds routes adds them here; `:id` is replaced by a disclosure id, a random uuid
 * or junk; any other `:param` the same way.
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
  // Certificates (src/http/api/certificate-routes.ts)
  { method: 'GET', path: '/api/v1/certificates' },
  { method: 'GET', path: '/api/v1/me/certificates' },
  { method: 'POST', path: '/api/v1/certificates/:id/reissue' },
  { method: 'POST', path: '/api/v1/certificates/:id/revoke' },
  // Courses (src/http/api/course-routes.ts)
  { method: 'GET', path: '/api/v1/courses' },
  { method: 'GET', path: '/api/v1/courses/:id' },
  { method: 'POST', path: '/api/v1/courses/:id/start' },
  { method: 'POST', path: '/api/v1/courses/:id/sections/:sectionId/read' },
  { method: 'POST', path: '/api/v1/courses/:id/attempts' },
  { method: 'POST', path: '/api/v1/courses/:id/attempts/:attemptId' },
  { method: 'GET', path: '/api/v1/authoring/people' },
  { method: 'GET', path: '/api/v1/authoring/courses' },
  { method: 'POST', path: '/api/v1/authoring/courses' },
  { method: 'GET', path: '/api/v1/authoring/courses/:id' },
  { method: 'PUT', path: '/api/v1/authoring/courses/:id/draft' },
  { method: 'POST', path: '/api/v1/authoring/courses/:id/publish' },
  { method: 'POST', path: '/api/v1/authoring/courses/:id/retire' },
  { method: 'GET', path: '/api/v1/authoring/courses/:id/export' },
  { method: 'GET', path: '/api/v1/authoring/courses/:id/assignments' },
  { method: 'POST', path: '/api/v1/authoring/courses/:id/assignments' },
  { method: 'GET', path: '/api/v1/authoring/courses/:id/assignments.csv' },
  // Events (src/http/api/event-routes.ts)
  { method: 'DELETE', path: '/api/v1/events/:id/registration' },
  { method: 'DELETE', path: '/api/v1/events/:id/registrations/:rid' },
  { method: 'GET', path: '/api/v1/events' },
  { method: 'GET', path: '/api/v1/events/:id' },
  { method: 'GET', path: '/api/v1/events/:id/event.ics' },
  { method: 'GET', path: '/api/v1/events/:id/registrations.csv' },
  { method: 'POST', path: '/api/v1/events' },
  { method: 'POST', path: '/api/v1/events/:id/attendance/read' },
  { method: 'POST', path: '/api/v1/events/:id/cancel' },
  { method: 'POST', path: '/api/v1/events/:id/certificates/:cid/reissue' },
  { method: 'POST', path: '/api/v1/events/:id/certificates/:cid/revoke' },
  { method: 'POST', path: '/api/v1/events/:id/registration' },
  { method: 'PUT', path: '/api/v1/events/:id' },
  { method: 'PUT', path: '/api/v1/events/:id/materials' },
  { method: 'PUT', path: '/api/v1/events/:id/registrations/:rid/attendance' },
  // Attestation campaigns (src/http/api/campaign-routes.ts)
  { method: 'GET', path: '/api/v1/campaigns/options' },
  { method: 'GET', path: '/api/v1/campaigns' },
  { method: 'POST', path: '/api/v1/campaigns' },
  { method: 'GET', path: '/api/v1/campaigns/:id' },
  { method: 'GET', path: '/api/v1/campaigns/:id/recipients' },
  { method: 'GET', path: '/api/v1/campaigns/:id/export.csv' },
  { method: 'POST', path: '/api/v1/campaigns/:id/resend-failed' },
  { method: 'POST', path: '/api/v1/campaigns/:id/remind' },
];
