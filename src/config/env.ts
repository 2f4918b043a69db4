import * as path from 'node:path';
import { z } from 'zod';
import { optionalText } from './optional-text';
import {
  azureSearchEnvShape,
  refineAzureSearchEnv,
  toAzureSearchSettings,
  type AzureSearchSettings,
} from './azure-search-env';
import { ConfigError, describeZodError } from './config-error';
import { type DirectorySettings, directoryEnvShape, refineDirectoryEnv, toDirectorySettings } from './directory-env';

/** A whole number setting: blank means the default, like every other optional variable. */
const wholeNumber = (min: number, max: number, fallback: number, unit: string) =>
  optionalText
    .pipe(
      z.coerce
        .number()
        .int(`must be a whole number of ${unit}`)
        .min(min, `must be at least ${min} ${unit}`)
        .max(max, `must be at most ${max} ${unit}`)
        .optional(),
    )
    .transform((v) => v ?? fallback);

/** Environment variables the bot reads, with Teams Toolkit names where one exists (each validated on its own). */
export const envFields = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number()
    .int()
    .min(0, 'must be a port number between 0 and 65535 (0 picks a free port)')
    .max(65535, 'must be a port number between 0 and 65535 (0 picks a free port)')
    .default(3978),
  HOST: optionalText,
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TYPE: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  BOT_TENANT_ID: optionalText,
  BOT_OPENID_METADATA: optionalText.pipe(z.string().url('must be a URL').optional()),
  AZURE_OPENAI_ENDPOINT: optionalText.pipe(
    z.string().url('must be a URL such as https://my-resource.openai.azure.com').optional(),
  ),
  AZURE_OPENAI_API_KEY: optionalText,
  AZURE_OPENAI_DEPLOYMENT_NAME: optionalText,
  AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME: optionalText,
  AZURE_OPENAI_EMBEDDING_TIMEOUT_MS: wholeNumber(100, 60_000, 2_000, 'milliseconds'),
  AZURE_OPENAI_API_VERSION: z.string().default('2024-10-21'),
  /** How long the model may take to choose an intent before the embedded classifier decides; 0 turns model routing off. */
  INTENT_MODEL_TIMEOUT_MS: wholeNumber(0, 30_000, 2_500, 'milliseconds'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  COE_DATA_DIR: z.string().default('./.data'),
  COE_PLAYBOOKS_DIR: z.string().default('./playbooks'),
  COE_CONFIG: z.string().default('./config/coe.yaml'),
  PUBLIC_BASE_URL: optionalText.pipe(
    z.string().url('must be the public https URL of the bot, e.g. https://coe-bot.azurewebsites.net').optional(),
  ),
  COE_API_TOKEN: optionalText.pipe(z.string().min(24, 'must be at least 24 characters long').optional()),
  COE_LINK_SECRET: optionalText.pipe(
    z.string().min(32, 'must be at least 32 characters long (for example `openssl rand -base64 48`)').optional(),
  ),
  COE_LINK_TTL_MINUTES: wholeNumber(1, 1440, 60, 'minutes'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** The dashboard tab's SSO: accepted token audiences (comma-separated; default api://<PUBLIC_BASE_URL host>/botid-<BOT_ID> and BOT_ID). */
  TAB_SSO_AUDIENCE: optionalText,
  /** OpenID metadata whose keys sign the tab's SSO tokens. */
  TAB_OPENID_METADATA: z
    .string()
    .url('must be a URL')
    .default('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration'),
  /** Tenants whose people may open the dashboard (comma-separated), used when organisation.tenantId is not set. */
  TAB_ALLOWED_TENANTS: optionalText,
  CONNECTOR_TIMEOUT_MS: wholeNumber(100, 120_000, 15_000, 'milliseconds'),
  MAX_BODY_BYTES: wholeNumber(1024, 10_000_000, 1_000_000, 'bytes'),
  ...azureSearchEnvShape,
  ...directoryEnvShape,
});

type OpenAiFields = Pick<
  z.infer<typeof envFields>,
  | 'AZURE_OPENAI_ENDPOINT'
  | 'AZURE_OPENAI_API_KEY'
  | 'AZURE_OPENAI_DEPLOYMENT_NAME'
  | 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME'
  | 'AZURE_OPENAI_EMBEDDING_TIMEOUT_MS'
  | 'AZURE_OPENAI_API_VERSION'
>;

/** Adds an issue when only some of the three required AZURE_OPENAI_* variables are set (to use in a superRefine). */
export function refineOpenAiEnv(env: OpenAiFields, ctx: z.RefinementCtx): void {
  const openAiParts = [env.AZURE_OPENAI_ENDPOINT, env.AZURE_OPENAI_API_KEY, env.AZURE_OPENAI_DEPLOYMENT_NAME].filter(
    Boolean,
  ).length;
  if (openAiParts > 0 && openAiParts < 3) {
    ctx.addIssue({
      code: 'custom',
      path: ['AZURE_OPENAI_ENDPOINT'],
      message:
        'AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT_NAME must be set together (or none of them).',
    });
  }
}

/** The Azure OpenAI settings, present only when the endpoint, key and deployment are all set. */
export function toOpenAiSettings(env: OpenAiFields): AppEnv['openAi'] {
  if (!env.AZURE_OPENAI_ENDPOINT || !env.AZURE_OPENAI_API_KEY || !env.AZURE_OPENAI_DEPLOYMENT_NAME) return undefined;
  return {
    endpoint: env.AZURE_OPENAI_ENDPOINT,
    apiKey: env.AZURE_OPENAI_API_KEY,
    deployment: env.AZURE_OPENAI_DEPLOYMENT_NAME,
    embeddingDeployment: env.AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME,
    embeddingTimeoutMs: env.AZURE_OPENAI_EMBEDDING_TIMEOUT_MS,
    apiVersion: env.AZURE_OPENAI_API_VERSION,
  };
}

/** The whole environment: each variable, then the rules between variables. */
export const envSchema = envFields.superRefine((env, ctx) => {
  refineAzureSearchEnv(env, ctx);
  refineDirectoryEnv(env, ctx);
  if (env.BOT_TYPE && env.BOT_TYPE !== 'MultiTenant' && !env.BOT_TENANT_ID && env.BOT_ID) {
    ctx.addIssue({
      code: 'custom',
      path: ['BOT_TENANT_ID'],
      message: `is required when BOT_TYPE is ${env.BOT_TYPE}.`,
    });
  }
  if (env.BOT_ID && env.BOT_TYPE !== 'UserAssignedMsi' && !env.BOT_PASSWORD) {
    ctx.addIssue({
      code: 'custom',
      path: ['BOT_PASSWORD'],
      message: 'is required when BOT_ID is set (unless BOT_TYPE is UserAssignedMsi).',
    });
  }
  refineOpenAiEnv(env, ctx);
});

export type RawEnv = z.infer<typeof envSchema>;

/** Resolved settings: paths are absolute, optional services are present only when fully configured. */
export interface AppEnv extends RawEnv {
  authEnabled: boolean;
  dataDir: string;
  playbooksDir: string;
  configPath: string;
  /** `embeddingTimeoutMs` limits how long a question waits for its embedding before the hybrid falls back to lexical search. */
  openAi?: {
    endpoint: string;
    apiKey: string;
    deployment: string;
    embeddingDeployment?: string;
    embeddingTimeoutMs?: number;
    apiVersion: string;
  };
  /** Azure AI Search as the retrieval backend, when AZURE_SEARCH_ENDPOINT, AZURE_SEARCH_INDEX and AZURE_SEARCH_API_KEY are set. */
  azureSearch?: AzureSearchSettings;
  /** People and groups: the YAML lists of COE_CONFIG, or Entra ID through Microsoft Graph (COE_DIRECTORY=graph). */
  directory: DirectorySettings;
}

/** True for addresses only this machine can reach: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Reads and validates environment variables; throws ConfigError naming every bad field. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(describeZodError('The environment', parsed.error));
  const env = parsed.data;
  const authEnabled = Boolean(env.BOT_ID);
  if (!authEnabled && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'The environment is not valid:\n- BOT_ID: is required when NODE_ENV is production; the bot refuses to serve unauthenticated requests in production.',
    );
  }
  if (!authEnabled && env.HOST && !isLoopbackHost(env.HOST)) {
    throw new ConfigError(
      `The environment is not valid:\n- HOST: is ${env.HOST}, which other machines can reach, but BOT_ID is not set, so requests would not be authenticated and anyone could act as anyone. Without BOT_ID the bot listens on a loopback address only (127.0.0.1, ::1 or localhost): remove HOST, or set BOT_ID and BOT_PASSWORD.`,
    );
  }
  return {
    ...env,
    authEnabled,
    dataDir: path.resolve(cwd, env.COE_DATA_DIR),
    playbooksDir: path.resolve(cwd, env.COE_PLAYBOOKS_DIR),
    configPath: path.resolve(cwd, env.COE_CONFIG),
    openAi: toOpenAiSettings(env),
    azureSearch: toAzureSearchSettings(env),
    directory: toDirectorySettings(env),
  };
}
