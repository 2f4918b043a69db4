import * as path from 'node:path';
import { refineAzureSearchEnv, toAzureSearchSettings, type AzureSearchSettings } from '../../config/azure-search-env';
import { ConfigError, describeZodError } from '../../config/config-error';
import { envFields, refineOpenAiEnv, toOpenAiSettings, type AppEnv } from '../../config/env';

/** The bot's own rules for the variables the knowledge tools read, so a value means the same to both. */
const cliEnvSchema = envFields
  .pick({
    DATABASE_URL: true,
    COE_DATA_DIR: true,
    COE_PLAYBOOKS_DIR: true,
    AZURE_OPENAI_ENDPOINT: true,
    AZURE_OPENAI_API_KEY: true,
    AZURE_OPENAI_DEPLOYMENT_NAME: true,
    AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME: true,
    AZURE_OPENAI_EMBEDDING_TIMEOUT_MS: true,
    AZURE_OPENAI_API_VERSION: true,
    AZURE_SEARCH_ENDPOINT: true,
    AZURE_SEARCH_INDEX: true,
    AZURE_SEARCH_API_KEY: true,
    AZURE_SEARCH_SEMANTIC_CONFIGURATION: true,
    AZURE_SEARCH_TIMEOUT_MS: true,
  })
  .superRefine((env, ctx) => {
    refineOpenAiEnv(env, ctx);
    refineAzureSearchEnv(env, ctx);
  });

/** What the knowledge command-line tools need from the environment. */
export interface KnowledgeCliEnv {
  databaseUrl?: string;
  dataDir: string;
  playbooksDir: string;
  openAi?: AppEnv['openAi'];
  azureSearch?: AzureSearchSettings;
}

/**
 * Reads only the settings the knowledge tools use (database, data folder, playbooks folder, optional Azure OpenAI and
 * Azure AI Search), so the tools run without the bot's credentials. Throws a ConfigError naming each bad variable.
 */
export function knowledgeCliEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): KnowledgeCliEnv {
  const parsed = cliEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(describeZodError('The environment', parsed.error));
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(cwd, e.COE_DATA_DIR),
    playbooksDir: path.resolve(cwd, e.COE_PLAYBOOKS_DIR),
    openAi: toOpenAiSettings(e),
    azureSearch: toAzureSearchSettings(e),
  };
}
