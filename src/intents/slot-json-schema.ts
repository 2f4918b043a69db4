import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema for a slot schema, for a model's tool parameters. Covers what slots use (objects of optional strings,
 * enums, booleans and numbers with their checks and descriptions); anything else is refused at start-up.
 */
export function slotJsonSchema(schema: z.ZodTypeAny): JsonSchema {
  const described = (s: JsonSchema): JsonSchema => (schema.description ? { ...s, description: schema.description } : s);
  if (schema instanceof z.ZodOptional) return slotJsonSchema(schema.unwrap());
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodTypeAny>;
    const required = Object.entries(shape)
      .filter(([, s]) => !s.isOptional())
      .map(([k]) => k);
    return described({
      type: 'object',
      properties: Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, slotJsonSchema(s)])),
      ...(required.length ? { required } : {}),
      additionalProperties: false,
    });
  }
  if (schema instanceof z.ZodEnum) return described({ type: 'string', enum: [...(schema.options as string[])] });
  if (schema instanceof z.ZodBoolean) return described({ type: 'boolean' });
  if (schema instanceof z.ZodNumber) return described({ type: 'number' });
  if (schema instanceof z.ZodString) {
    const out: JsonSchema = { type: 'string' };
    for (const check of schema._def.checks) {
      if (check.kind === 'regex') out.pattern = check.regex.source;
      else if (check.kind === 'min') out.minLength = check.value;
      else if (check.kind === 'max') out.maxLength = check.value;
    }
    return described(out);
  }
  throw new Error(`Slot type ${schema.constructor.name} has no JSON Schema mapping.`);
}
