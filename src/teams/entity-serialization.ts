/**
 * botbuilder 4.23 serialises outgoing activities with a mapper that keeps only `type`, `text` and
 * `mentioned` of each entity, so Teams never receives AI citations (`citation[]`), the AI-generated
 * label (`additionalType`) or `@type`/`@context`. The fix belongs in that mapper, not in each send:
 * marking the Entity model as open makes the connector serialise every other field as-is.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mappers = require('botframework-connector/lib/connectorApi/models/mappers') as {
  Entity: { type: { additionalProperties?: { type: { name: string } } } };
};

/** Makes the Bot Connector client keep all entity fields; safe to call more than once. */
export function keepAllEntityFields(): void {
  mappers.Entity.type.additionalProperties = { type: { name: 'Object' } };
}
