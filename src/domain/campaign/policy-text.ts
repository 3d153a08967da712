import type { PolicyPack } from '../policy/types';
import type { PolicyText } from './types';

/**
 * The text of a policy pack to acknowledge: its title, organisation and every clause its rules quote,
 * each once, in the order the pack cites them (the fallback's clause last).
 */
export function policyText(pack: PolicyPack): PolicyText {
  const seen = new Set<string>();
  const clauses: PolicyText['clauses'] = [];
  for (const citation of [...pack.rules.map((r) => r.citation), pack.fallback.citation]) {
    const key = `${citation.clause}\u0000${citation.quote}`;
    if (seen.has(key)) continue;
    seen.add(key);
    clauses.push({ clause: citation.clause, quote: citation.quote });
  }
  return { packId: pack.id, title: pack.title, organization: pack.organization, clauses };
}
