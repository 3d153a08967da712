/** Small, accessible, script-free HTML pages for people without a Teams account. */
import type { Response } from 'restify';

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Tagged template that escapes every interpolated value unless it is `raw(...)`. */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new Raw(html);
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const part =
      v instanceof Raw
        ? v.html
        : Array.isArray(v)
          ? v.map((x) => (x instanceof Raw ? x.html : escapeHtml(String(x)))).join('')
          : v === null || v === undefined || v === false
            ? ''
            : escapeHtml(String(v));
    out += part + strings[i + 1]!;
  });
  return new Raw(out);
}

const STYLE = `
  body { font-family: "Segoe UI", system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f5f5f5; line-height: 1.5; }
  main { max-width: 40rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px; }
  h1 { font-size: 1.6rem; margin-top: 0; }
  .agency { color: #4a4a4a; font-size: .95rem; margin: 0 0 .5rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dt { font-weight: 600; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input[type=text], input[type=email] { display: block; box-sizing: border-box; width: 100%; max-width: 24rem; padding: .5rem; font-size: 1rem; border: 1px solid #616161; border-radius: 4px; }
  button { margin-top: 1.25rem; padding: .6rem 1.2rem; font-size: 1rem; background: #0f548c; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  button.secondary { background: #fff; color: #0f548c; border: 1px solid #0f548c; }
  a { color: #0f548c; }
  .error { color: #a4262c; font-weight: 600; }
  .notice { background: #eef6fc; border-left: 4px solid #0f548c; padding: .75rem 1rem; }
  .problem { background: #fdf3f4; border-left: 4px solid #a4262c; padding: .75rem 1rem; }
  .hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
  :focus-visible { outline: 3px solid #0f548c; outline-offset: 2px; }
`;

/** The page's headers: nothing loads from elsewhere, no framing, personal pages are not cached. */
export function sendPage(
  res: Response,
  status: number,
  title: string,
  body: Raw,
  opts: { personal?: boolean } = {},
): void {
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body.html}
</main>
</body>
</html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'cache-control': opts.personal ? 'no-store' : 'no-cache',
  });
  res.end(page);
}
