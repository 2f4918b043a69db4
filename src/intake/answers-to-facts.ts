import { z } from 'zod';
import type { WizardAnswers } from './use-case';
import {
  AFFECTED,
  BUILD_OR_BUY,
  DATA_CLASSIFICATIONS,
  HIGH_RISK_DOMAINS,
  HOSTING,
  OUTPUT_USES,
  PERSONAL_DATA,
  PROHIBITED_PRACTICES,
  SCALES,
  type UseCaseFacts,
} from './use-case-facts';

/** Where each fact is asked in the wizard, and what a valid stored answer looks like. */
const SOURCES: {
  [K in Exclude<keyof UseCaseFacts, 'tier'>]-?: {
    step: string;
    field: string;
    schema: z.ZodType<NonNullable<UseCaseFacts[K]>>;
  };
} = {
  businessUnit: { step: 'basics', field: 'businessUnit', schema: z.string().min(1) },
  dataClassification: { step: 'data', field: 'dataClassification', schema: z.enum(DATA_CLASSIFICATIONS) },
  personalData: { step: 'data', field: 'personalData', schema: z.enum(PERSONAL_DATA) },
  affected: { step: 'data', field: 'affected', schema: z.array(z.enum(AFFECTED)) },
  scale: { step: 'data', field: 'scale', schema: z.enum(SCALES) },
  outputUse: { step: 'impact', field: 'outputUse', schema: z.enum(OUTPUT_USES) },
  highRiskDomains: { step: 'impact', field: 'highRiskDomains', schema: z.array(z.enum(HIGH_RISK_DOMAINS)) },
  prohibitedPractices: { step: 'impact', field: 'prohibitedPractices', schema: z.array(z.enum(PROHIBITED_PRACTICES)) },
  customerFacing: { step: 'impact', field: 'customerFacing', schema: z.boolean() },
  generatedContentShown: { step: 'impact', field: 'generatedContentShown', schema: z.boolean() },
  hosting: { step: 'solution', field: 'hosting', schema: z.enum(HOSTING) },
  buildOrBuy: { step: 'solution', field: 'buildOrBuy', schema: z.enum(BUILD_OR_BUY) },
};

/** Derives the facts the risk and routing rules look at from wizard answers; unanswered or malformed answers are left out. */
export function factsFromAnswers(answers: WizardAnswers): UseCaseFacts {
  const facts: Record<string, unknown> = {};
  for (const [fact, source] of Object.entries(SOURCES)) {
    const parsed = source.schema.safeParse(answers[source.step]?.[source.field]);
    if (parsed.success) facts[fact] = parsed.data;
  }
  return facts as UseCaseFacts;
}
