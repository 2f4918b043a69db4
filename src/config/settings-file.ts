import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ZodType, ZodTypeDef } from 'zod';
import { ConfigError, describeZodError } from './config-error';

/** Parses YAML settings text with `schema`; throws ConfigError naming each bad field. */
export function parseSettingsYaml<T>(schema: ZodType<T, ZodTypeDef, unknown>, yamlText: string, source: string): T {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (err) {
    throw new ConfigError(`${source} is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeZodError(source, parsed.error));
  return parsed.data;
}

/** Reads the settings file `filePath` (named by the variable `variable`) and parses it with `schema`. */
export function loadSettingsFile<T>(schema: ZodType<T, ZodTypeDef, unknown>, filePath: string, variable: string): T {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch {
    throw new ConfigError(
      `${variable} points to ${filePath}, which cannot be read. Set ${variable} to the path of your organisation's YAML settings.`,
    );
  }
  return parseSettingsYaml(schema, text, `${variable} (${filePath})`);
}
