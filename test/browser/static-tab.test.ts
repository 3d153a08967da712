/**
 * Serving the built tab (src/http/static-tab.ts) on a bare restify server with a scratch dist directory:
 * content types, caching, the single-page fallback, and nothing outside the directory.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'restify';
import { createHttpServer, listen } from '../../src/http/server';
import { registerTab } from '../../src/http/static-tab';
import { createLogger } from '../../src/logging';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'candor-tab-'));
  await mkdir(path.join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>Candor</title>');
  await writeFile(path.join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'dist', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the web');
  server = createHttpServer({ log: createLogger('silent') });
  registerTab(server, path.join(dir, 'dist'));
  base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function get(p: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${p}`, { redirect: 'manual', ...init });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

describe('the tab served at /tab/', () => {
  it('answers the page, revalidated on every visit', async () => {
    const res = await get('/tab/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.body).toContain('<title>Candor</title>');
  });

  it('sends /tab to /tab/, keeping the query', async () => {
    const res = await get('/tab?x=1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/tab/?x=1');
  });

  it('caches the hashed assets for a year, with their content type', async () => {
    const res = await get('/tab/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('/tab/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers HEAD without a body', async () => {
    const res = await get('/tab/assets/index-abc123.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String('console.log(1)'.length));
    expect(res.body).toBe('');
  });

  it('answers the page for an app route, and 404 for a missing file', async () => {
    expect((await get('/tab/mine')).body).toContain('<title>Candor</title>');
    expect((await get('/tab/assets/missing.js')).status).toBe(404);
  });

  it('serves nothing outside its directory', async () => {
    for (const p of [
      '/tab/../secret.txt',
      '/tab/%2e%2e/secret.txt',
      '/tab/..%2fsecret.txt',
      '/tab/%2e%2e%2fsecret.txt',
    ]) {
      const res = await get(p);
      expect(res.body).not.toContain('not for the web');
      expect([200, 400, 404]).toContain(res.status);
    }
    expect((await get('/tab/%00')).status).toBe(400);
  });

  it('says how to build the tab when it is not built', async () => {
    const bare = createHttpServer({ log: createLogger('silent') });
    registerTab(bare, path.join(dir, 'nowhere'));
    const url = `http://127.0.0.1:${await listen(bare, 0, '127.0.0.1')}`;
    try {
      const res = await fetch(`${url}/tab/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:tab');
    } finally {
      await new Promise<void>((resolve) => bare.close(() => resolve()));
    }
  });
});
