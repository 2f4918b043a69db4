/** The life of an approved use case: stages, the moves allowed between them, and what moving to production needs. Pure. */
import { z } from 'zod';
import { HOSTING } from '../intake/use-case-facts';

export const PORTFOLIO_STAGES = ['approved', 'building', 'pilot', 'production', 'paused', 'retired'] as const;
export type PortfolioStage = (typeof PORTFOLIO_STAGES)[number];

export const STAGE_LABELS: Record<PortfolioStage, string> = {
  approved: 'Approved',
  building: 'Building',
  pilot: 'Pilot',
  production: 'Production',
  paused: 'Paused',
  retired: 'Retired',
};

/** Where each stage may go next. Retired is final; a paused case resumes where it makes sense. */
const MOVES: Record<PortfolioStage, PortfolioStage[]> = {
  approved: ['building', 'pilot', 'paused', 'retired'],
  building: ['pilot', 'paused', 'retired'],
  pilot: ['production', 'building', 'paused', 'retired'],
  production: ['paused', 'retired'],
  paused: ['building', 'pilot', 'production', 'retired'],
  retired: [],
};

export function allowedMoves(from: PortfolioStage): PortfolioStage[] {
  return MOVES[from];
}

export function canMove(from: PortfolioStage, to: PortfolioStage): boolean {
  return MOVES[from].includes(to);
}

const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .pipe(z.string().refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'must be a real date'));

/** What moving to production asks for: go-live date, model(s), hosting and the monthly cost estimate. */
export const productionDetailsSchema = z.object({
  goLive: isoDay,
  models: z
    .string()
    .trim()
    .min(1, 'must name at least one model')
    .max(300)
    .transform((s) => [
      ...new Set(
        s
          .split(/[,;\n]/)
          .map((m) => m.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(80)).min(1, 'must name at least one model').max(10)),
  hosting: z.enum(HOSTING, { errorMap: () => ({ message: 'must be one of the hosting options' }) }),
  monthlyCost: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .min(0, 'cannot be negative')
    .max(100_000_000),
});
export type ProductionDetails = z.infer<typeof productionDetailsSchema>;

/** The words a zod path stands for on the production form. */
const FIELD_NAMES: Record<string, string> = {
  goLive: 'Go-live date',
  models: 'Model(s)',
  hosting: 'Hosting',
  monthlyCost: 'Monthly cost estimate',
};

/** Turns a failed parse of the production form into one plain sentence per problem. */
export function describeDetailsError(error: z.ZodError): string {
  return error.issues.map((i) => `${FIELD_NAMES[String(i.path[0])] ?? String(i.path[0])} ${i.message}.`).join(' ');
}
