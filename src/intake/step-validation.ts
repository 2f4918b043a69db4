import { z } from 'zod';
import { formatUsd, parseAmount } from './amount';
import { formatDay } from './card-dates';
import { label } from './use-case-facts';
import { type FieldSpec, NONE_OF_THESE, type StepId, stepSpec } from './wizard-steps';

/** Field id -> plain-sentence problem, shown on the card under the field. */
export type FieldErrors = Record<string, string>;

/** Values as an Adaptive Card sends them: strings (Input.Number may arrive as a number). */
export type CardValues = Record<string, string>;

export type StepValidation = { ok: true; answers: Record<string, unknown> } | { ok: false; errors: FieldErrors };

/** "complete" for Next and Submit (required fields must be there); "partial" for Save draft and Back. */
export type ValidationMode = 'complete' | 'partial';

/** Removes control characters other than tab and line breaks (PostgreSQL refuses NUL in text); applied to every typed value. */
export function withoutControlChars(text: string): string {
  return [...text]
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127);
    })
    .join('');
}
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The message the card shows (client side) when a required input is left empty. */
export function requiredMessage(field: FieldSpec): string {
  if (field.kind === 'choice' || field.kind === 'yesNo') return 'Please choose one option.';
  if (field.kind === 'multiChoice') return 'Please choose at least one option.';
  if (field.kind === 'date') return 'Please pick a date.';
  if (field.kind === 'number') return amountMessage(field);
  return 'Please fill in this field.';
}

/** What an amount question expects, with the forms it accepts. */
function amountMessage(field: FieldSpec): string {
  const max = field.max === undefined ? '' : ` to ${field.max.toLocaleString('en-US')}`;
  return `Please enter an amount in USD, a number from ${field.min ?? 0}${max} (for example 12,000 or 12k).`;
}

const rawValue = z
  .union([z.string(), z.number(), z.boolean()], {
    errorMap: () => ({ message: 'This value could not be read. Please enter it again.' }),
  })
  .optional()
  .transform((v) => (v === undefined ? '' : withoutControlChars(String(v)).trim()));

function typed(field: FieldSpec, text: string, ctx: z.RefinementCtx): unknown {
  const fail = (message: string): typeof z.NEVER => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const allowed = new Set((field.choices ?? []).map((c) => c.value));
  switch (field.kind) {
    case 'text':
    case 'longText':
      if (field.minLength && text.length < field.minLength)
        return fail(`Please write at least ${field.minLength} characters.`);
      if (field.maxLength && text.length > field.maxLength)
        return fail(`Please keep this under ${field.maxLength} characters (it has ${text.length}).`);
      return text;
    case 'choice':
      return allowed.has(text) ? text : fail('Please choose one of the options shown.');
    case 'yesNo':
      return text === 'yes' ? true : text === 'no' ? false : fail('Please choose Yes or No.');
    case 'multiChoice': {
      const picked = [
        ...new Set(
          text
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ];
      if (picked.some((v) => !allowed.has(v) && !(field.noneOption && v === NONE_OF_THESE)))
        return fail('Please choose from the options shown.');
      if (picked.includes(NONE_OF_THESE))
        return picked.length === 1 ? [] : fail('Choose either "None of these" or the items that apply, not both.');
      return picked;
    }
    case 'number': {
      const n = parseAmount(text);
      if (n === undefined || n < (field.min ?? -Infinity) || n > (field.max ?? Infinity))
        return fail(amountMessage(field));
      return n;
    }
    case 'date': {
      const d = new Date(`${text}T00:00:00Z`);
      return ISO_DATE.test(text) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text)
        ? text
        : fail('Please enter a date as YYYY-MM-DD.');
    }
  }
}

function fieldSchema(field: FieldSpec, mode: ValidationMode): z.ZodType<unknown> {
  return rawValue.transform((text, ctx) => {
    if (text === '') {
      if (mode === 'complete' && field.required) {
        ctx.addIssue({ code: 'custom', message: requiredMessage(field) });
        return z.NEVER;
      }
      return undefined;
    }
    return typed(field, text, ctx);
  });
}

/** The zod schema of one step's card inputs; unknown inputs are refused by the caller before this runs. */
export function stepSchema(step: StepId, mode: ValidationMode): z.ZodType<Record<string, unknown>> {
  const spec = stepSpec(step);
  const shape = Object.fromEntries(spec.fields.map((f) => [f.id, fieldSchema(f, mode)]));
  return z
    .object(shape)
    .strict()
    .superRefine((v, ctx) => {
      if (
        step === 'solution' &&
        typeof v.pilotStart === 'string' &&
        typeof v.goLive === 'string' &&
        v.goLive < v.pilotStart
      ) {
        ctx.addIssue({ code: 'custom', path: ['goLive'], message: 'Go-live cannot be before the pilot start.' });
      }
    }) as unknown as z.ZodType<Record<string, unknown>>;
}

/** Validates a step's inputs; on success returns the typed answers (empty answers left out). */
export function validateStep(step: StepId, values: Record<string, unknown>, mode: ValidationMode): StepValidation {
  const parsed = stepSchema(step, mode).safeParse(values);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (key && !errors[key])
        errors[key] = issue.code === 'unrecognized_keys' ? 'This field does not belong here.' : issue.message;
    }
    return { ok: false, errors };
  }
  return { ok: true, answers: Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) };
}

/** Turns stored answers back into the strings a card input shows. */
export function toCardValues(step: StepId, answers: Record<string, unknown> | undefined): CardValues {
  const out: CardValues = {};
  for (const field of stepSpec(step).fields) {
    const v = answers?.[field.id];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) out[field.id] = v.length ? v.join(',') : field.noneOption ? NONE_OF_THESE : '';
    else if (typeof v === 'boolean') out[field.id] = v ? 'yes' : 'no';
    else out[field.id] = String(v);
  }
  return out;
}

/** Shows a stored answer the way people read it (labels for coded values, "None of these", USD amounts). */
export function displayAnswer(field: FieldSpec, value: unknown, locale?: string): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value))
    return value.length ? value.map((v) => choiceTitle(field, String(v))).join(', ') : 'None of these';
  if (typeof value === 'boolean') return label(value);
  if (field.kind === 'number' && typeof value === 'number') return formatUsd(value, locale);
  if (field.kind === 'date' && typeof value === 'string') return formatDay(value, locale);
  if (field.kind === 'choice') return choiceTitle(field, String(value));
  return String(value);
}

function choiceTitle(field: FieldSpec, value: string): string {
  return field.choices?.find((c) => c.value === value)?.title ?? label(value);
}
