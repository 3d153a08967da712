/**
 * The audit log's hash chain. Each entry's hash covers its content and the previous entry's hash, so
 * altering, removing or reordering a row breaks every hash after it. Pure.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  disclosureId: string | null;
  actorId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  details: Record<string, unknown>;
  at: Date;
}

export function hashEntry(prevHash: string, e: AuditContent): string {
  const canonical = canonicalJson({
    prevHash,
    disclosureId: e.disclosureId,
    actorId: e.actorId,
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    details: e.details,
    at: e.at.toISOString(),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainRow extends AuditContent {
  seq: string;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  { ok: true; count: number } | { ok: false; count: number; seq: string; problem: string };

/** Checks rows in order; `previous` is the hash the first row must link to. */
export class ChainVerifier {
  private previous = GENESIS_HASH;
  private count = 0;
  private failure: ChainVerdict | null = null;

  push(row: ChainRow): boolean {
    if (this.failure) return false;
    this.count++;
    if (row.prevHash !== this.previous) {
      this.failure = {
        ok: false,
        count: this.count,
        seq: row.seq,
        problem: 'does not link to the entry before it',
      };
      return false;
    }
    if (hashEntry(row.prevHash, row) !== row.hash) {
      this.failure = {
        ok: false,
        count: this.count,
        seq: row.seq,
        problem: 'content does not match its hash',
      };
      return false;
    }
    this.previous = row.hash;
    return true;
  }

  verdict(): ChainVerdict {
    return this.failure ?? { ok: true, count: this.count };
  }
}
