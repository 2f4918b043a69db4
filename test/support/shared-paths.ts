import * as path from 'node:path';

/** The project root, and `shared/` beside it (CI clones the project with shared/ next to the clone). */
export const PROJECT_ROOT = path.resolve(__dirname, '../..');
export const SHARED_DIR = process.env.COE_SHARED_DIR ?? path.resolve(PROJECT_ROOT, '../shared');
export const SCHEMAS_DIR = path.join(SHARED_DIR, 'schemas');
export const EVAL_DIR = path.join(SHARED_DIR, 'eval');
