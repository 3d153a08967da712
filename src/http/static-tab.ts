/**
 * Serves the built tab (tab/dist, made by `npm run build:tab`) at /tab/. Hashed assets are cached for a
 * year, index.html is revalidated every time. The Content-Security-Policy of /tab/ (scripts only from
 * this origin, no eval, framing only by Teams and the Microsoft 365 hosts) is set for every /tab/ answer
 * by the API's security headers (src/http/api/security-headers.ts); the build emits no inline script.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * tab/dist of this checkout: from src/http (run with tsx or ts-jest) or dist/src/http (compiled with
 * `npm run build`), whichever has a built tab; the first when neither has.
 */
export function defaultTabDir(): string {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'tab', 'dist'),
    path.resolve(__dirname, '..', '..', '..', 'tab', 'dist'),
  ];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

/** Mounts GET/HEAD /tab and /tab/* on the server, serving files from `distDir`. */
export function registerTab(server: Server, distDir: string = defaultTabDir()): void {
  const root = path.resolve(distDir);

  const redirect = async (req: Request, res: Response) => {
    const query = (req.url ?? '').split('?')[1];
    res.header('location', `/tab/${query ? `?${query}` : ''}`);
    res.send(301);
  };
  server.get('/tab', redirect);
  server.head('/tab', redirect);

  const serve = async (req: Request, res: Response) => {
    const rawPath = (req.url ?? '/tab/').split('?')[0]!.replace(/^\/tab\/?/, '');
    let relative: string;
    try {
      relative = decodeURIComponent(rawPath);
    } catch {
      return plain(res, 400, 'Bad path');
    }
    if (relative.includes('\0')) return plain(res, 400, 'Bad path');
    let file = path.resolve(root, relative || 'index.html');
    if (file !== root && !file.startsWith(root + path.sep)) return plain(res, 404, 'Not found');

    let body: Buffer;
    try {
      ({ file, body } = await readFileIfAny(file));
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code;
      if (missing !== 'ENOENT' && missing !== 'EISDIR' && missing !== 'ENOTDIR') throw e;
      // Unknown paths without an extension are routes of the single-page app: serve its page.
      const isPage = relative === '' || relative.endsWith('/') || path.basename(file) === 'index.html';
      if (!isPage && path.extname(file) !== '') return plain(res, 404, 'Not found');
      try {
        ({ file, body } = await readFileIfAny(path.join(root, 'index.html')));
      } catch {
        return plain(
          res,
          503,
          'The Candor tab has not been built. Run `npm run build:tab`, then reload this page.',
        );
      }
    }

    const ext = path.extname(file).toLowerCase();
    const isHashedAsset = relative.startsWith('assets/');
    res.setHeader('content-type', TYPES[ext] ?? 'application/octet-stream');
    res.setHeader('content-length', body.length);
    res.setHeader(
      'cache-control',
      ext === '.html'
        ? 'no-cache'
        : isHashedAsset
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=3600',
    );
    res.setHeader('x-content-type-options', 'nosniff');
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  server.get('/tab/*', serve);
  server.head('/tab/*', serve);
}

/** The file, or a directory's index.html. */
async function readFileIfAny(file: string): Promise<{ file: string; body: Buffer }> {
  const stat = await fs.stat(file);
  const actual = stat.isDirectory() ? path.join(file, 'index.html') : file;
  return { file: actual, body: await fs.readFile(actual) };
}

function plain(res: Response, status: number, text: string): void {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.writeHead(status);
  res.end(text);
}
