import * as path from 'node:path';
import { z } from 'zod';
import { parseAzureSearchEnv, type AzureSearchSettings } from '../../config/azure-search-env';
import type { AppEnv } from '../../config/env';

const text = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const schema = z.object({
  DATABASE_URL: text.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  COE_DATA_DIR: text,
  COE_PLAYBOOKS_DIR: text,
  AZURE_OPENAI_ENDPOINT: text.pipe(z.string().url('must be a URL').optional()),
  AZURE_OPENAI_API_KEY: text,
  AZURE_OPENAI_DEPLOYMENT_NAME: text,
  AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME: text,
  AZURE_OPENAI_API_VERSION: text,
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
 * Reads only the settings the knowledge tools use (database, data folder, playbooks folder, optional
 * Azure OpenAI and Azure AI Search), so the tools run without the bot's credentials. Throws a plain
 * message for a bad value.
 */
export function knowledgeCliEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): KnowledgeCliEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join('.')} ${issue.message}.`);
  }
  const e = parsed.data;
  const openAi =
    e.AZURE_OPENAI_ENDPOINT && e.AZURE_OPENAI_API_KEY && e.AZURE_OPENAI_DEPLOYMENT_NAME
      ? {
          endpoint: e.AZURE_OPENAI_ENDPOINT,
          apiKey: e.AZURE_OPENAI_API_KEY,
          deployment: e.AZURE_OPENAI_DEPLOYMENT_NAME,
          embeddingDeployment: e.AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME,
          apiVersion: e.AZURE_OPENAI_API_VERSION ?? '2024-10-21',
        }
      : undefined;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(cwd, e.COE_DATA_DIR ?? './.data'),
    playbooksDir: path.resolve(cwd, e.COE_PLAYBOOKS_DIR ?? './playbooks'),
    openAi,
    azureSearch: parseAzureSearchEnv(env),
  };
}
