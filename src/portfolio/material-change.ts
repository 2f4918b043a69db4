/** A material change after approval (new data, customer exposure, another model or hosting), applied to the wizard's answers. Pure. */
import { z } from 'zod';
import { factsFromAnswers } from '../intake/answers-to-facts';
import type { WizardAnswers } from '../intake/use-case';
import {
  AFFECTED,
  DATA_CLASSIFICATIONS,
  FACT_NAMES,
  type FactName,
  HOSTING,
  PERSONAL_DATA,
  type UseCaseFacts,
} from '../intake/use-case-facts';

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.enum(values).optional());

/** What the owner reports on the change form; empty fields mean "unchanged". */
export const materialChangeSchema = z.object({
  description: z.string().trim().min(5, 'Say in a sentence what changes.').max(2000),
  dataClassification: optionalEnum(DATA_CLASSIFICATIONS),
  personalData: optionalEnum(PERSONAL_DATA),
  affected: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
    z.array(z.enum(AFFECTED)).optional(),
  ),
  customerFacing: z.preprocess(
    (v) => (v === 'true' ? true : v === 'false' ? false : v === '' ? undefined : v),
    z.boolean().optional(),
  ),
  hosting: optionalEnum(HOSTING),
  model: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(120).optional()),
});
export type MaterialChange = z.infer<typeof materialChangeSchema>;

export interface AppliedChange {
  answers: WizardAnswers;
  facts: UseCaseFacts;
  /** Facts whose value differs; a different model counts as a hosting change (the security stage looks at it). */
  changedFacts: FactName[];
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(Array.isArray(a) ? [...a].sort() : a) === JSON.stringify(Array.isArray(b) ? [...b].sort() : b);

/** The answers with the change applied (facts not derivable from the answers are kept from `current`), the facts derived from them and which facts changed (empty: nothing material). */
export function applyMaterialChange(
  answers: WizardAnswers,
  current: UseCaseFacts,
  change: MaterialChange,
): AppliedChange {
  const next: WizardAnswers = JSON.parse(JSON.stringify(answers ?? {})) as WizardAnswers;
  const set = (step: string, field: string, value: unknown) => {
    if (value === undefined) return;
    next[step] = { ...(next[step] ?? {}), [field]: value };
  };
  set('data', 'dataClassification', change.dataClassification);
  set('data', 'personalData', change.personalData);
  if (change.affected)
    set('data', 'affected', [
      ...new Set([...((next.data?.affected as string[] | undefined) ?? []), ...change.affected]),
    ]);
  set('impact', 'customerFacing', change.customerFacing);
  set('solution', 'hosting', change.hosting);
  set('solution', 'model', change.model);
  const { tier: _tier, ...before } = current;
  const facts: UseCaseFacts = { ...before, ...factsFromAnswers(next) };
  const changedFacts = FACT_NAMES.filter((f) => f !== 'tier' && !same(before[f], facts[f]));
  const modelChanged = change.model !== undefined && change.model !== String(answers?.solution?.model ?? '');
  if (modelChanged && !changedFacts.includes('hosting')) changedFacts.push('hosting');
  return { answers: next, facts, changedFacts };
}
