import { z } from 'zod';
import { FACT_NAMES, type FactName, type UseCaseFacts, label } from './use-case-facts';

const scalar = z.union([z.string(), z.boolean()]);

/** A rule condition over use-case facts, as written in COE_CONFIG. */
export type Condition =
  | { always: true }
  | { field: FactName; in: Array<string | boolean> }
  | { field: FactName; notIn: Array<string | boolean> }
  | { anyOf: Condition[] }
  | { allOf: Condition[] };

const factName = z.enum(FACT_NAMES as [FactName, ...FactName[]], {
  errorMap: () => ({ message: `must be one of: ${FACT_NAMES.join(', ')}` }),
});

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ always: z.literal(true) }).strict(),
    z.object({ field: factName, in: z.array(scalar).min(1) }).strict(),
    z.object({ field: factName, notIn: z.array(scalar).min(1) }).strict(),
    z.object({ anyOf: z.array(conditionSchema).min(1) }).strict(),
    z.object({ allOf: z.array(conditionSchema).min(1) }).strict(),
  ]),
);

function valuesOf(facts: UseCaseFacts, field: FactName): Array<string | boolean> {
  const v = facts[field];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * Evaluates a condition and, when it holds, returns the facts that made it hold
 * (for explanations such as "personal data: Special-category personal data"); undefined when it does not hold.
 */
export function matchCondition(condition: Condition, facts: UseCaseFacts): string[] | undefined {
  if ('always' in condition) return [];
  if ('anyOf' in condition) {
    const hits = condition.anyOf.map((c) => matchCondition(c, facts)).filter((h): h is string[] => h !== undefined);
    return hits.length ? hits.flat() : undefined;
  }
  if ('allOf' in condition) {
    const hits = condition.allOf.map((c) => matchCondition(c, facts));
    return hits.every((h) => h !== undefined) ? (hits as string[][]).flat() : undefined;
  }
  const actual = valuesOf(facts, condition.field);
  if ('in' in condition) {
    const matched = actual.filter((v) => condition.in.includes(v));
    return matched.length ? matched.map((v) => label(v)) : undefined;
  }
  return actual.some((v) => condition.notIn.includes(v)) || actual.length === 0
    ? undefined
    : actual.map((v) => label(v));
}

/** The facts a condition looks at (for telling which review stages a changed fact concerns). */
export function conditionFields(condition: Condition): FactName[] {
  if ('always' in condition) return [];
  if ('anyOf' in condition) return condition.anyOf.flatMap(conditionFields);
  if ('allOf' in condition) return condition.allOf.flatMap(conditionFields);
  return [condition.field];
}
