import type { PolicyPack } from '../policy/types';
import type { PolicyText } from './types';

/**
 * The text of a policy pack to acknowledge: its title, organisation and every passage its rules quote,
 * in the order the pack cites them (the fallback's last). A passage is shown once: a quote repeated by
 * several rules, or contained in a longer quote of the pack, is not shown again.
 */
export function policyText(pack: PolicyPack): PolicyText {
  const citations = [...pack.rules.map((r) => r.citation), pack.fallback.citation];
  const quotes = citations.map((c) => c.quote);
  const clauses: PolicyText['clauses'] = [];
  const shown = new Set<string>();
  for (const { clause, quote } of citations) {
    if (shown.has(quote)) continue;
    if (quotes.some((other) => other !== quote && other.includes(quote))) continue;
    shown.add(quote);
    clauses.push({ clause, quote });
  }
  return { packId: pack.id, title: pack.title, organization: pack.organization, clauses };
}
