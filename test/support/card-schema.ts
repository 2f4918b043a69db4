import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { SCHEMAS_DIR } from './shared-paths';

/** Where the official Adaptive Card 1.5 schema is; override with ADAPTIVE_CARD_SCHEMA. */
export const ADAPTIVE_CARD_SCHEMA_PATH = process.env.ADAPTIVE_CARD_SCHEMA ?? path.join(SCHEMAS_DIR, 'adaptive-card-1.5.schema.json');

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate) return validate;
  if (!fs.existsSync(ADAPTIVE_CARD_SCHEMA_PATH)) throw new Error(`The Adaptive Card schema was not found at ${ADAPTIVE_CARD_SCHEMA_PATH}; set ADAPTIVE_CARD_SCHEMA to its path.`);
  const schema = JSON.parse(fs.readFileSync(ADAPTIVE_CARD_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.removeKeyword('id');
  addFormats(ajv);
  validate = ajv.compile(schema);
  return validate;
}

/** Schema errors of a card as readable lines (empty when the card is valid Adaptive Card 1.5). */
export function cardSchemaErrors(card: unknown): string[] {
  const v = validator();
  if (v(card)) return [];
  return (v.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '(card)'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Throws, listing the schema errors, unless `card` is valid against the official Adaptive Card 1.5 schema. */
export function expectValidCard(card: unknown): void {
  const errors = cardSchemaErrors(card);
  if (errors.length) throw new Error(`The card is not valid Adaptive Card 1.5:\n${errors.join('\n')}`);
}
