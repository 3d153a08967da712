/** Calls the app's HTTP API in tests: JSON in, the answer's status, headers, raw text and parsed JSON out. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary JSON answers
  body: any;
}

export interface ApiInit {
  method?: string;
  /** An object is sent as JSON; a string as it is (also JSON). */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function apiCall(
  baseUrl: string,
  path: string,
  token?: string,
  init: ApiInit = {},
): Promise<ApiAnswer> {
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === 'string'
        ? init.body
        : JSON.stringify(init.body);
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(body !== undefined ? { body } : {}),
  });
  // Bytes, not res.text(): that would drop a CSV's byte order mark.
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  const json = res.headers.get('content-type')?.includes('json');
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: json && text ? JSON.parse(text) : undefined,
  };
}

/** Signs in through the local dev sign-in and returns the bearer token. */
export async function devSignIn(baseUrl: string, userId: string): Promise<string> {
  const r = await apiCall(baseUrl, '/api/v1/dev/sign-in', undefined, { method: 'POST', body: { userId } });
  if (r.status !== 200) throw new Error(`Dev sign-in failed: HTTP ${r.status} ${r.text}`);
  return r.body.token as string;
}
