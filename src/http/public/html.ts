/**
 * Server-rendered public pages (certificate verification, public courses): plain accessible HTML that
 * needs no script and no sign-in. One stylesheet, inlined and allowed by its hash in the page's
 * Content-Security-Policy, so nothing else (no script, no other style, no framing) can run.
 */
import { createHash } from 'node:crypto';
import type { Response } from 'restify';

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --navy: #1b2a4a; --line: #d0d7de;
  --good: #116329; --good-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9; --focus: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: #f6f8fa; }
header { background: var(--navy); color: #fff; padding: .75rem 1rem; }
header p { margin: 0; font-weight: 600; letter-spacing: .02em; }
main { max-width: 42rem; margin: 1.5rem auto; padding: 1.25rem; background: #fff; border: 1px solid var(--line);
  border-radius: .5rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .75rem; color: var(--navy); }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
a { color: var(--focus); }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible,
summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.status { padding: .75rem 1rem; border-radius: .375rem; border: 1px solid; margin: 0 0 1rem; font-weight: 600; }
.status.good { color: var(--good); background: var(--good-bg); border-color: var(--good); }
.status.bad { color: var(--bad); background: var(--bad-bg); border-color: var(--bad); }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 1.1rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=email], textarea, select { width: 100%; font: inherit; padding: .5rem .6rem;
  border: 1px solid #8c959f; border-radius: .375rem; }
button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .55rem 1.1rem; margin-top: 1rem;
  border-radius: .375rem; border: 1px solid var(--navy); background: var(--navy); color: #fff; cursor: pointer;
  text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: var(--navy); }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }
.error { color: var(--bad); font-weight: 600; }
fieldset { border: 1px solid var(--line); border-radius: .375rem; margin: 1rem 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.choice { display: flex; gap: .5rem; align-items: flex-start; margin: .4rem 0; font-weight: 400; }
.choice input { margin-top: .3rem; width: 1.1rem; height: 1.1rem; flex: none; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
footer { max-width: 42rem; margin: 0 auto 2rem; padding: 0 1.25rem; color: var(--muted); font-size: .875rem; }
@media (max-width: 30rem) { main { margin: 0; border-radius: 0; border-left: 0; border-right: 0; } }
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export const PUBLIC_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self' https: data:",
  'media-src https:',
  'frame-src https://www.youtube-nocookie.com https://player.vimeo.com https://www.youtube.com',
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** HTML already safe to insert: made by `markup` (whose interpolations are escaped) or `raw`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const raw = (value: string): Html => new Html(value);

type Part = string | number | Html | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/**
 * HTML with every interpolation escaped. (Not named `html`: prettier would reformat such templates,
 * whitespace inside the hashed <style> included.)
 */
export function markup(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

export interface PageOptions {
  /** The document title (also the `<h1>` unless the body has its own). */
  title: string;
  agencyName: string;
  body: Html;
}

export function page(opts: PageOptions): string {
  return markup`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${opts.title} · ${opts.agencyName}</title>
        <style>${raw(STYLE)}</style>
      </head>
      <body>
        <header><p>${opts.agencyName}</p></header>
        <main id="main">${opts.body}</main>
      </body>
    </html> `.value;
}

/** Answers an HTML page, never cached (its content is per person or changes). */
export function sendHtml(res: Response, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PUBLIC_PAGE_CSP,
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex',
  });
  res.end(body);
}
