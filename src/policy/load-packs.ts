/**
 * Reads policy packs from `packs/<id>.json`. Called once at start, so it reads synchronously and
 * fails fast with a ConfigError that names the pack and the problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../domain/errors';
import { parsePolicyPack } from '../domain/policy/pack-schema';
import type { PolicyPack } from '../domain/policy/types';

/** Next to this file. A build that compiles to another directory must copy `packs/*.json` with it. */
export const DEFAULT_PACKS_DIR = path.join(__dirname, 'packs');

export function listPackIds(dir: string = DEFAULT_PACKS_DIR): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    throw new ConfigError(`Cannot read the policy pack directory ${dir}: ${(err as Error).message}`);
  }
  return entries
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

function readPack(id: string, dir: string): PolicyPack {
  const file = path.join(dir, `${id}.json`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Policy pack "${id}" cannot be read from ${file}: ${(err as Error).message}`);
  }
  const pack = parsePolicyPack(json, id);
  if (pack.id !== id) {
    throw new ConfigError(
      `Policy pack file ${file} declares id "${pack.id}"; it must match the file name "${id}".`,
    );
  }
  return pack;
}

export function loadPolicyPacks(ids: string[], dir: string = DEFAULT_PACKS_DIR): PolicyPack[] {
  if (ids.length === 0) throw new ConfigError('At least one policy pack must be configured.');
  const known = listPackIds(dir);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) throw new ConfigError(`Policy pack "${duplicate}" is listed more than once.`);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    const names = unknown.map((id) => `"${id}"`).join(', ');
    throw new ConfigError(`Unknown policy pack ${names}. Known packs: ${known.join(', ') || '(none)'}.`);
  }
  return ids.map((id) => readPack(id, dir));
}
