/**
 * Prints the configuration reference (Markdown table) from the one config schema, for the README:
 * `npx tsx scripts/config-reference.ts`. A test checks that the README holds every key.
 */
import { CONFIG_KEYS } from '../src/config/schema';

function defaultOf(schema: unknown): string {
  const s = schema as { parse(v: unknown): unknown };
  try {
    const v = s.parse(undefined);
    if (v === undefined) return '—';
    return '`' + (Array.isArray(v) ? v.join(',') : String(v)) + '`';
  } catch {
    return '—';
  }
}

const rows = Object.entries(CONFIG_KEYS).map(
  ([key, [schema, description]]) => `| \`${key}\` | ${defaultOf(schema)} | ${description} |`,
);
console.log(['| key | default | meaning |', '|---|---|---|', ...rows].join('\n'));
