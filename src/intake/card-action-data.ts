import { z } from 'zod';
import { withoutControlChars } from './step-validation';
import { USE_CASE_STATUSES } from './use-case';
import { RISK_TIERS } from './use-case-facts';
import { STEP_IDS, stepSpec, type StepId } from './wizard-steps';

const positiveId = z
  .number({ invalid_type_error: 'must be a number' })
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** The part of a wizard card's data that says which draft, step and version the card showed. */
const wizardEnvelopeSchema = z
  .object({ draftId: positiveId, step: z.enum(STEP_IDS), version: positiveId, target: z.enum(STEP_IDS).optional() })
  .strict();
export type WizardEnvelope = z.infer<typeof wizardEnvelopeSchema>;

export type ParsedWizardData =
  { ok: true; envelope: WizardEnvelope; inputs: Record<string, unknown> } | { ok: false; message: string };

const ENVELOPE_KEYS = new Set(['draftId', 'step', 'version', 'target']);

/**
 * Splits untrusted wizard card data into the envelope and the step's inputs. Refuses data without a valid
 * envelope, and any field that is neither part of the envelope nor an input of the step the card claims to be.
 */
export function parseWizardData(data: unknown, allowTarget = false): ParsedWizardData {
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { ok: false, message: 'That card action carried no data I can use. Nothing was changed.' };
  const record = data as Record<string, unknown>;
  const envelopePart = Object.fromEntries(
    Object.entries(record).filter(([k]) => ENVELOPE_KEYS.has(k) && (k !== 'target' || allowTarget)),
  );
  const envelope = wizardEnvelopeSchema.safeParse(envelopePart);
  if (!envelope.success)
    return { ok: false, message: 'That card action is not one I sent, or it is damaged. Nothing was changed.' };
  const fieldIds = new Set(stepSpec(envelope.data.step as StepId).fields.map((f) => f.id));
  const inputs = Object.fromEntries(
    Object.entries(record).filter(([k]) => !ENVELOPE_KEYS.has(k) || (k === 'target' && !allowTarget)),
  );
  const unknown = Object.keys(inputs).filter((k) => !fieldIds.has(k));
  if (unknown.length)
    return {
      ok: false,
      message: `That card sent fields that do not belong to this step (${unknown.slice(0, 5).join(', ')}). Nothing was changed.`,
    };
  return { ok: true, envelope: envelope.data, inputs };
}

/** "View" on a use case. */
export const useCaseRefSchema = z.object({ useCaseId: positiveId }).strict();

/** "Edit and resubmit": the version the card showed, so a stale card is refused. */
export const useCaseEditSchema = z.object({ useCaseId: positiveId, version: positiveId }).strict();

/** The longest withdrawal reason: the card's box and this check share it. */
export const WITHDRAW_REASON_MAX_LENGTH = 500;

/** "Withdraw", with an optional reason typed on the card. */
export const useCaseWithdrawSchema = z
  .object({
    useCaseId: positiveId,
    version: positiveId,
    reason: z
      .string()
      .max(WITHDRAW_REASON_MAX_LENGTH, `The reason must be under ${WITHDRAW_REASON_MAX_LENGTH} characters.`)
      .optional()
      .transform((v) => (v === undefined ? undefined : withoutControlChars(v).trim() || undefined)),
  })
  .strict();

const anyOr = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.enum(values), z.literal('any'), z.literal('')])
    .optional()
    .transform((v) => (v === 'any' || v === '' ? undefined : (v as T[number] | undefined)));

/** The admin list filters as the card sends them ("any" or empty means no filter). */
export const submissionFilterSchema = z
  .object({
    status: anyOr(USE_CASE_STATUSES),
    tier: anyOr(RISK_TIERS),
    businessUnit: z
      .string()
      .max(80)
      .optional()
      .transform((v) => (v && withoutControlChars(v).trim() ? withoutControlChars(v).trim() : undefined)),
  })
  .strict();

export type SubmissionFilter = z.infer<typeof submissionFilterSchema>;

/** Uniform refusal for bad use-case action data. */
export const DAMAGED_ACTION = 'That card action is not one I sent, or it is damaged. Nothing was changed.';
