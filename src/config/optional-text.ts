import { z } from 'zod';

/** An optional text setting: trimmed, and blank (or unset) means "not set", like every optional variable. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
