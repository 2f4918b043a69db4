import * as fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { createRequire } from 'node:module';
import type * as AdaptiveCardsModule from 'adaptivecards';
import { officialSchema } from './shared-paths';

/** The adaptivecards package's CommonJS bundle (its `lib` build is ES modules without file extensions, which Node cannot load). */
const AdaptiveCards = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsModule;

/** The official Adaptive Card 1.5 JSON schema (ADAPTIVE_CARD_SCHEMA, else in the schemas folder), when present. */
export const ADAPTIVE_CARD_SCHEMA_PATH =
  process.env.ADAPTIVE_CARD_SCHEMA ?? officialSchema('adaptive-card-1.5.schema.json');

/** Which checks `expectValidCard` runs: the adaptivecards parser always, the JSON schema only when it is present. */
export const CARD_VALIDATION = ADAPTIVE_CARD_SCHEMA_PATH
  ? `adaptivecards parser + official JSON schema (${ADAPTIVE_CARD_SCHEMA_PATH})`
  : 'adaptivecards parser only (official JSON schema not present)';

let schemaValidator: ValidateFunction | undefined;

function jsonSchemaValidator(file: string): ValidateFunction {
  if (schemaValidator) return schemaValidator;
  if (!fs.existsSync(file)) throw new Error(`The Adaptive Card schema was not found at ${file}.`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.removeKeyword('id');
  addFormats(ajv);
  schemaValidator = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>);
  return schemaValidator;
}

/**
 * What the official adaptivecards library reports while parsing and validating the card. Hints and its authoring
 * advice for required inputs (a label, an error message) are not validity errors and are ignored.
 */
const ADVICE = new Set<number>([
  AdaptiveCards.ValidationEvent.Hint,
  AdaptiveCards.ValidationEvent.RequiredInputsShouldHaveLabel,
  AdaptiveCards.ValidationEvent.RequiredInputsShouldHaveErrorMessage,
]);

function parserErrors(card: unknown): string[] {
  const errors: string[] = [];
  const json = card as { type?: unknown; version?: unknown };
  if (!json || typeof json !== 'object') return ['(card) is not a JSON object'];
  if (json.type !== 'AdaptiveCard') errors.push('(card) type must be "AdaptiveCard"');
  if (typeof json.version !== 'string') errors.push('(card) has no version');
  const parsed = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    if (!ADVICE.has(e.event)) errors.push(`parser: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    if (!ADVICE.has(e.event)) errors.push(`validation: ${e.message}`);
  }
  return errors;
}

/** Errors of a card as readable lines (empty when the card is valid Adaptive Card 1.5). */
export function cardSchemaErrors(card: unknown): string[] {
  const errors = parserErrors(card);
  if (ADAPTIVE_CARD_SCHEMA_PATH) {
    const v = jsonSchemaValidator(ADAPTIVE_CARD_SCHEMA_PATH);
    if (!v(card))
      errors.push(
        ...(v.errors ?? []).map(
          (e) =>
            `${e.instancePath || '(card)'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
        ),
      );
  }
  return errors.slice(0, 20);
}

/** Throws, listing the errors, unless `card` is valid Adaptive Card 1.5. */
export function expectValidCard(card: unknown): void {
  const errors = cardSchemaErrors(card);
  if (errors.length) throw new Error(`The card is not valid Adaptive Card 1.5:\n${errors.join('\n')}`);
}
