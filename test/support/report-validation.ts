import { CARD_VALIDATION } from './card-schema';
import { officialSchema } from './shared-paths';

/** Jest global setup: says once, at the top of the run, which card and manifest validation the tests use. */
export default function reportValidation(): void {
  const manifest = officialSchema('teams-manifest-v1.30.schema.json');
  process.stdout.write(
    `\nCard validation: ${CARD_VALIDATION}.\nTeams manifest validation: ${manifest ? `official JSON schema (${manifest})` : 'skipped (official JSON schema not present; set COE_SCHEMAS_DIR)'}.\n`,
  );
}
