/**
 * A network client for MSAL that trusts extra certificate authorities besides the public ones.
 *
 * MSAL's own client uses fetch, which cannot be given a CA. An agency behind a TLS-inspecting proxy
 * with a private CA needs this, and so do tests, whose loopback token issuer has a self-signed
 * certificate (MSAL refuses authorities that are not https).
 */
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export function createMsalNetworkClient(opts: { extraCa: string | string[] }): INetworkModule {
  const ca = [...rootCertificates, ...(Array.isArray(opts.extraCa) ? opts.extraCa : [opts.extraCa])];
  const agent = new https.Agent({ ca });
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      request<T>(agent, 'GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      request<T>(agent, 'POST', url, options, undefined),
  };
}

function request<T>(
  agent: https.Agent,
  method: 'GET' | 'POST',
  url: string,
  options: NetworkRequestOptions | undefined,
  timeoutMs: number | undefined,
): Promise<NetworkResponse<T>> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options?.headers };
    const body = options?.body;
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const req = https.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined)
            responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        let parsed: T;
        try {
          parsed = (text === '' ? {} : JSON.parse(text)) as T;
        } catch {
          reject(
            new Error(`Failed to parse response from ${method} ${url} (status ${res.statusCode ?? '?'})`),
          );
          return;
        }
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parsed });
      });
    });
    req.on('error', (err) => reject(new Error(`Network request failed: ${method} ${url}: ${err.message}`)));
    if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(new Error('Request timeout')));
    if (body !== undefined) req.write(body);
    req.end();
  });
}
