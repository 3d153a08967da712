/**
 * Validates a policy pack read from JSON. Objects are strict: a misspelt condition key would
 * otherwise be ignored and the rule would match far more than its author meant.
 */
import { z } from 'zod';
import {
  CONFLICT_CATEGORIES,
  GIFT_KINDS,
  GIFT_OCCASIONS,
  GIFT_RELATIONSHIPS,
  REQUIRED_ACTIONS,
  type PolicyOutcome,
} from '../disclosure/types';
import { ConfigError } from '../errors';
import type { PolicyPack, RuleCondition } from './types';

export const POLICY_OUTCOMES = [
  'permitted',
  'review',
  'prohibited',
] as const satisfies readonly PolicyOutcome[];

const GIFT_CONDITION_KEYS = [
  'relationshipIn',
  'occasionIn',
  'occasionNotIn',
  'kindIn',
  'valueBelowCents',
  'valueAtLeastCents',
  'asGroupMember',
  'donorYearTotalAtLeastCents',
] as const satisfies ReadonlyArray<keyof RuleCondition>;

const CONFLICT_CONDITION_KEYS = [
  'categoryIn',
  'counterpartyDealsWithAgency',
  'employerIsAgencyContractor',
  'relativeInvolvementIn',
  'publicOfficeStatusIn',
  'onStateTimeOrResources',
  'partisan',
  'briefOccasionalPersonalCall',
  'federallyFunded',
] as const satisfies ReadonlyArray<keyof RuleCondition>;

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case words joined by hyphens');
const text = z.string().trim().min(1);
const cents = z.number().int().nonnegative();
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1);

const conditionSchema = z
  .strictObject({
    type: z.enum(['gift', 'conflict']).optional(),
    relationshipIn: list(z.enum(GIFT_RELATIONSHIPS)).optional(),
    occasionIn: list(z.enum(GIFT_OCCASIONS)).optional(),
    occasionNotIn: list(z.enum(GIFT_OCCASIONS)).optional(),
    kindIn: list(z.enum(GIFT_KINDS)).optional(),
    valueBelowCents: cents.optional(),
    valueAtLeastCents: cents.optional(),
    asGroupMember: z.boolean().optional(),
    donorYearTotalAtLeastCents: cents.optional(),
    categoryIn: list(z.enum(CONFLICT_CATEGORIES)).optional(),
    counterpartyDealsWithAgency: z.boolean().optional(),
    employerIsAgencyContractor: z.boolean().optional(),
    relativeInvolvementIn: list(
      z.enum(['employed_by_agency', 'influence_hiring', 'supervises_relative', 'signs_benefiting_document']),
    ).optional(),
    publicOfficeStatusIn: list(z.enum(['seeking', 'holding'])).optional(),
    onStateTimeOrResources: z.boolean().optional(),
    partisan: z.boolean().optional(),
    briefOccasionalPersonalCall: z.boolean().optional(),
    federallyFunded: z.boolean().optional(),
  })
  .superRefine((when, ctx) => {
    const has = (keys: ReadonlyArray<keyof RuleCondition>) => keys.some((k) => when[k] !== undefined);
    if (Object.keys(when).length === 0) {
      ctx.addIssue({ code: 'custom', message: 'a rule must say when it applies (empty condition)' });
    }
    if (has(GIFT_CONDITION_KEYS) && (has(CONFLICT_CONDITION_KEYS) || when.type === 'conflict')) {
      ctx.addIssue({ code: 'custom', message: 'mixes gift facts with conflict facts; it could never match' });
    }
    if (has(CONFLICT_CONDITION_KEYS) && when.type === 'gift') {
      ctx.addIssue({ code: 'custom', message: 'a gift rule cannot test conflict facts' });
    }
    if (
      when.valueBelowCents !== undefined &&
      when.valueAtLeastCents !== undefined &&
      when.valueBelowCents <= when.valueAtLeastCents
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['valueBelowCents'],
        message: 'must be greater than valueAtLeastCents, or no value could match',
      });
    }
  });

const citationSchema = z.strictObject({ document: text, clause: text, quote: text });

const ruleSchema = z.strictObject({
  id,
  title: text,
  citation: citationSchema.extend({ source: text.optional() }),
  when: conditionSchema,
  outcome: z.enum(POLICY_OUTCOMES),
  actions: z.array(z.enum(REQUIRED_ACTIONS)),
  guidance: text,
  informational: z.boolean().optional(),
});

const packSchema = z
  .strictObject({
    id,
    organization: text,
    title: text,
    adopted: text.optional(),
    rules: list(ruleSchema),
    fallback: z.strictObject({ guidance: text, citation: citationSchema }),
  })
  .superRefine((pack, ctx) => {
    const seen = new Set<string>();
    pack.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
      }
      seen.add(rule.id);
    });
  });

export const policyPackSchema: z.ZodType<PolicyPack> = packSchema;

/** `rules[3] (chro-gift-x).when.valueBelowCents`: the rule id makes the path easy to find in the file. */
function describePath(json: unknown, path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(pack)';
  let out = '';
  let node: unknown = json;
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
    node =
      node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number' && path[0] === 'rules' && out === `rules[${key}]`) {
      const ruleId = node !== null && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof ruleId === 'string') out += ` (${ruleId})`;
    }
  }
  return out;
}

/**
 * Parses one pack. `name` (e.g. the file name) is used in the error message when the JSON has no
 * usable id of its own.
 */
export function parsePolicyPack(json: unknown, name?: string): PolicyPack {
  const result = policyPackSchema.safeParse(json);
  if (result.success) return result.data;
  const ownId = json !== null && typeof json === 'object' ? (json as { id?: unknown }).id : undefined;
  const packName = typeof ownId === 'string' && ownId ? ownId : (name ?? '(unnamed)');
  const problems = result.error.issues.map((issue) => `${describePath(json, issue.path)}: ${issue.message}`);
  throw new ConfigError(`Policy pack "${packName}" is invalid: ${problems.join('; ')}`);
}
