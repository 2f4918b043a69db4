import { z } from 'zod';
import { optionalText } from './optional-text';
import { ConfigError, describeZodError } from './config-error';

/** Settings of the optional Azure AI Search backend for knowledge retrieval. */
export interface AzureSearchSettings {
  /** Service URL, for example https://my-search.search.windows.net (no trailing slash). */
  endpoint: string;
  indexName: string;
  /** Admin key: the index sync creates the index and writes documents; queries use the same key. */
  apiKey: string;
  /** Name of the semantic configuration to rank with; lexical (BM25) ranking when absent. */
  semanticConfiguration?: string;
  /** How long one search request may take before the caller falls back to the embedded retriever. */
  timeoutMs: number;
}

export const DEFAULT_AZURE_SEARCH_TIMEOUT_MS = 5_000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for http(s) URLs that point at this machine (local emulators and test stubs). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

function isSearchServiceUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(value));
  } catch {
    return false;
  }
}

/** Index names: lower-case letters, digits and single dashes, starting with a letter or digit, at most 128 characters. */
const INDEX_NAME = /^[a-z0-9](?:[a-z0-9]|-(?!-))*$/;

/**
 * The AZURE_SEARCH_* environment variables, with messages in the style of the main environment schema
 * (the variable is named by the path). Exported as a shape so it can be merged into `envSchema`.
 */
export const azureSearchEnvShape = {
  AZURE_SEARCH_ENDPOINT: optionalText.refine((v) => v === undefined || isSearchServiceUrl(v), {
    message:
      'must be the https URL of the search service without a path, such as https://my-search.search.windows.net.',
  }),
  AZURE_SEARCH_INDEX: optionalText.refine((v) => v === undefined || (v.length <= 128 && INDEX_NAME.test(v)), {
    message:
      'must be an index name of lower-case letters, digits and single dashes, starting with a letter or digit (at most 128 characters).',
  }),
  AZURE_SEARCH_API_KEY: optionalText,
  AZURE_SEARCH_SEMANTIC_CONFIGURATION: optionalText.refine(
    (v) => v === undefined || /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(v),
    {
      message:
        'must be the name of a semantic configuration: letters, digits, dashes and underscores, starting with a letter or digit.',
    },
  ),
  AZURE_SEARCH_TIMEOUT_MS: optionalText.pipe(
    z.coerce
      .number({ invalid_type_error: 'must be a whole number of milliseconds between 200 and 60000.' })
      .int('must be a whole number of milliseconds between 200 and 60000.')
      .min(200, 'must be a whole number of milliseconds between 200 and 60000.')
      .max(60_000, 'must be a whole number of milliseconds between 200 and 60000.')
      .optional(),
  ),
};

const azureSearchEnvObject = z.object(azureSearchEnvShape);

/** The AZURE_SEARCH_* variables after parsing (blank values are undefined). */
export type AzureSearchEnvFields = z.infer<typeof azureSearchEnvObject>;

/** Adds an issue when only some of the three required AZURE_SEARCH_* variables are set (to use in a superRefine). */
export function refineAzureSearchEnv(env: AzureSearchEnvFields, ctx: z.RefinementCtx): void {
  const required = {
    AZURE_SEARCH_ENDPOINT: env.AZURE_SEARCH_ENDPOINT,
    AZURE_SEARCH_INDEX: env.AZURE_SEARCH_INDEX,
    AZURE_SEARCH_API_KEY: env.AZURE_SEARCH_API_KEY,
  };
  const missing = Object.entries(required)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  const optionalSet = Boolean(env.AZURE_SEARCH_SEMANTIC_CONFIGURATION || env.AZURE_SEARCH_TIMEOUT_MS);
  if (missing.length === 0 || (missing.length === 3 && !optionalSet)) return;
  const list =
    missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
  ctx.addIssue({
    code: 'custom',
    path: [missing[0]],
    message: `AZURE_SEARCH_ENDPOINT, AZURE_SEARCH_INDEX and AZURE_SEARCH_API_KEY must be set together to use Azure AI Search (or none of them); ${list} ${missing.length === 1 ? 'is' : 'are'} missing.`,
  });
}

export const azureSearchEnvSchema = azureSearchEnvObject.superRefine(refineAzureSearchEnv);

/** The settings for parsed AZURE_SEARCH_* variables, or undefined when the backend is not configured. */
export function toAzureSearchSettings(env: AzureSearchEnvFields): AzureSearchSettings | undefined {
  if (!env.AZURE_SEARCH_ENDPOINT || !env.AZURE_SEARCH_INDEX || !env.AZURE_SEARCH_API_KEY) return undefined;
  return {
    endpoint: env.AZURE_SEARCH_ENDPOINT.replace(/\/+$/, ''),
    indexName: env.AZURE_SEARCH_INDEX,
    apiKey: env.AZURE_SEARCH_API_KEY,
    semanticConfiguration: env.AZURE_SEARCH_SEMANTIC_CONFIGURATION,
    timeoutMs: env.AZURE_SEARCH_TIMEOUT_MS ?? DEFAULT_AZURE_SEARCH_TIMEOUT_MS,
  };
}

/**
 * Reads the Azure AI Search settings from an environment-like record: undefined when none of the
 * variables are set, a ConfigError naming each bad or missing variable when they are incomplete or invalid.
 */
export function parseAzureSearchEnv(source: Record<string, string | undefined>): AzureSearchSettings | undefined {
  const parsed = azureSearchEnvSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(describeZodError('The Azure AI Search configuration', parsed.error));
  return toAzureSearchSettings(parsed.data);
}
