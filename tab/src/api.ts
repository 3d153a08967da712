/**
 * The tab's client of `/api/v1` (docs/api.md): a bearer token on every call, problem+json errors turned
 * into ApiError with a `detail` that tells the person what to do next.
 */
import type { DevPerson, Problem } from './types';

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
  /** The message of one field of a 400 answer, if the API named it. */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

/** Where a token comes from: Teams SSO or the local dev sign-in. */
export interface TokenSource {
  readonly kind: 'teams' | 'dev';
  /** A token for the API; `fresh` asks for a new one (after a 401). */
  token(fresh?: boolean): Promise<string>;
}

export type Query = Record<string, string | number | null | undefined>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

const FALLBACK_DETAIL: Record<number, string> = {
  0: 'Candor could not be reached. Check your network connection, then try again.',
  400: 'Candor could not accept this. Check what you entered and try again.',
  401: 'Your sign-in has expired. Sign in again to continue.',
  403: 'You do not have access to this. If you think you should, ask the ethics officer.',
  404: 'This was not found. It may have been removed, or you may not have access to it.',
  409: 'Someone changed this at the same time. Reload to see the latest version.',
  429: 'Candor is busy. Wait a moment, then try again.',
};

function fallbackProblem(status: number, title?: string): Problem {
  return {
    title: title || (status === 0 ? 'No connection' : `Error ${status}`),
    status,
    detail:
      FALLBACK_DETAIL[status] ??
      'Something went wrong on the Candor server. Try again in a moment; if it keeps happening, tell the ethics officer.',
  };
}

async function problemOf(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      const base = fallbackProblem(res.status, res.statusText);
      return {
        ...base,
        ...body,
        status: res.status,
        title: body.title || base.title,
        detail: body.detail || base.detail,
      };
    } catch {
      /* not JSON after all */
    }
  }
  return fallbackProblem(res.status, res.statusText);
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${BASE}${path}`, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ApiError(fallbackProblem(0));
  }
}

export class Api {
  constructor(
    private readonly tokens: TokenSource,
    /** Called when the API refuses the token for good (expired dev session, revoked access). */
    private readonly onUnauthorized: () => void,
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('GET', path + queryString(query));
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('PUT', path, body);
  }

  del<T>(path: string): Promise<T> {
    return this.json<T>('DELETE', path);
  }

  /** A file the API sends (e.g. the register as CSV), with its name from Content-Disposition. */
  async download(
    path: string,
    query: Query,
    fallbackName: string,
  ): Promise<{ blob: Blob; filename: string }> {
    const res = await this.authorized('GET', path + queryString(query));
    const disposition = res.headers.get('content-disposition') ?? '';
    const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
    return { blob: await res.blob(), filename: named ? decodeURIComponent(named) : fallbackName };
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.authorized(method, path, body);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  private async authorized(method: string, path: string, body?: unknown): Promise<Response> {
    const attempt = async (fresh: boolean) => {
      let token: string;
      try {
        token = await this.tokens.token(fresh);
      } catch (e) {
        throw new ApiError({
          title: 'Sign-in failed',
          status: 401,
          detail: `Candor could not sign you in${e instanceof Error && e.message ? ` (${e.message})` : ''}. Try again; if it keeps failing, close and reopen the tab.`,
        });
      }
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      return send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    };
    let res = await attempt(false);
    // Teams may hand out a token that has just expired: ask once for a fresh one.
    if (res.status === 401 && this.tokens.kind === 'teams') res = await attempt(true);
    if (res.ok) return res;
    const problem = await problemOf(res);
    if (res.status === 401) this.onUnauthorized();
    throw new ApiError(problem);
  }
}

/** The local dev sign-in (404 when the app uses Entra ID, i.e. in production). */
export async function devPeople(): Promise<DevPerson[] | 'unavailable'> {
  const res = await send('/dev/people', { headers: { accept: 'application/json' } });
  if (res.status === 404) return 'unavailable';
  if (!res.ok) throw new ApiError(await problemOf(res));
  return ((await res.json()) as { people: DevPerson[] }).people;
}

export async function devSignIn(userId: string): Promise<{ token: string; expiresAt: string }> {
  const res = await send('/dev/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!res.ok) throw new ApiError(await problemOf(res));
  return (await res.json()) as { token: string; expiresAt: string };
}
