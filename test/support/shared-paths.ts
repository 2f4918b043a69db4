import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root, and `shared/` beside it (CI clones the project with shared/ next to the clone). */
export const PROJECT_ROOT = path.resolve(__dirname, '../..');
export const SHARED_DIR = process.env.COE_SHARED_DIR ?? path.resolve(PROJECT_ROOT, '../shared');
/** The official Teams manifest and Adaptive Card JSON schemas: COE_SCHEMAS_DIR, else ../shared/schemas. */
export const SCHEMAS_DIR = process.env.COE_SCHEMAS_DIR ?? path.join(SHARED_DIR, 'schemas');
export const EVAL_DIR = path.join(SHARED_DIR, 'eval');

/** The path of an official schema file when it is present (a plain clone has none). */
export function officialSchema(file: string): string | undefined {
  const full = path.join(SCHEMAS_DIR, file);
  return fs.existsSync(full) ? full : undefined;
}
