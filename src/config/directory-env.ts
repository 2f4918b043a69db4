import { z } from 'zod';
import { optionalText } from './optional-text';

/** How the bot gets an app-only Microsoft Graph token. */
export type GraphCredential =
  | { kind: 'client-credentials'; tenantId: string; clientId: string; clientSecret: string; authorityHost: string }
  | { kind: 'managed-identity'; endpoint: string; identityHeader: string; clientId?: string };

/** Where people and groups come from: the YAML lists of COE_CONFIG, or Entra ID through Microsoft Graph. */
export type DirectorySettings =
  | { mode: 'yaml' }
  | { mode: 'graph'; baseUrl: string; credential: GraphCredential; cacheTtlMs: number; refreshIntervalMs: number };

const url = (example: string) => optionalText.pipe(z.string().url(`must be a URL such as ${example}`).optional());

/** The directory's environment variables, merged into the main environment schema. */
export const directoryEnvShape = {
  COE_DIRECTORY: optionalText.pipe(
    z
      .enum(['yaml', 'graph'], {
        errorMap: () => ({
          message: 'must be "yaml" (the lists in COE_CONFIG) or "graph" (Entra ID through Microsoft Graph)',
        }),
      })
      .optional(),
  ),
  GRAPH_TENANT_ID: optionalText,
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  GRAPH_AUTHORITY_HOST: url('https://login.microsoftonline.com'),
  GRAPH_BASE_URL: url('https://graph.microsoft.com/v1.0'),
  DIRECTORY_CACHE_TTL_SECONDS: optionalText.pipe(
    z.coerce
      .number()
      .int('must be a whole number of seconds')
      .min(10, 'must be at least 10 seconds')
      .max(86_400, 'must be at most 86400 seconds (a day)')
      .optional(),
  ),
  /** Set by App Service when the app has a managed identity. */
  IDENTITY_ENDPOINT: optionalText,
  IDENTITY_HEADER: optionalText,
  AZURE_CLIENT_ID: optionalText,
};

/** The directory variables on their own (for tools that read only these). */
export const directoryEnvObject = z.object(directoryEnvShape);
type DirectoryEnvFields = z.infer<typeof directoryEnvObject> & {
  BOT_ID?: string;
  BOT_PASSWORD?: string;
  BOT_TENANT_ID?: string;
  BOT_TYPE?: string;
};

function credentialOf(env: DirectoryEnvFields): GraphCredential | string {
  const clientId = env.GRAPH_CLIENT_ID ?? env.BOT_ID;
  const tenantId = env.GRAPH_TENANT_ID ?? env.BOT_TENANT_ID;
  const secret = env.GRAPH_CLIENT_SECRET ?? (env.BOT_TYPE === 'UserAssignedMsi' ? undefined : env.BOT_PASSWORD);
  if (secret) {
    if (!clientId) return 'GRAPH_CLIENT_ID (or BOT_ID) is required with a client secret.';
    if (!tenantId)
      return 'GRAPH_TENANT_ID (or BOT_TENANT_ID) is required with a client secret: app-only tokens are issued by your tenant.';
    return {
      kind: 'client-credentials',
      tenantId,
      clientId,
      clientSecret: secret,
      authorityHost: env.GRAPH_AUTHORITY_HOST ?? 'https://login.microsoftonline.com',
    };
  }
  if (env.IDENTITY_ENDPOINT && env.IDENTITY_HEADER) {
    return {
      kind: 'managed-identity',
      endpoint: env.IDENTITY_ENDPOINT,
      identityHeader: env.IDENTITY_HEADER,
      clientId: env.GRAPH_CLIENT_ID ?? env.AZURE_CLIENT_ID ?? env.BOT_ID,
    };
  }
  return 'COE_DIRECTORY=graph needs a credential: GRAPH_CLIENT_SECRET (with GRAPH_CLIENT_ID and GRAPH_TENANT_ID) for an app registration, or a managed identity (App Service sets IDENTITY_ENDPOINT and IDENTITY_HEADER).';
}

/** Adds an issue when Graph is asked for without a usable credential (to use in a superRefine). */
export function refineDirectoryEnv(env: DirectoryEnvFields, ctx: z.RefinementCtx): void {
  if (env.COE_DIRECTORY !== 'graph') return;
  const credential = credentialOf(env);
  if (typeof credential === 'string') ctx.addIssue({ code: 'custom', path: ['COE_DIRECTORY'], message: credential });
}

/** The directory settings for parsed variables: YAML unless COE_DIRECTORY=graph. */
export function toDirectorySettings(env: DirectoryEnvFields): DirectorySettings {
  if (env.COE_DIRECTORY !== 'graph') return { mode: 'yaml' };
  const credential = credentialOf(env);
  if (typeof credential === 'string') throw new Error(credential);
  const ttl = (env.DIRECTORY_CACHE_TTL_SECONDS ?? 900) * 1000;
  return {
    mode: 'graph',
    baseUrl: env.GRAPH_BASE_URL ?? 'https://graph.microsoft.com/v1.0',
    credential,
    cacheTtlMs: ttl,
    refreshIntervalMs: Math.max(5_000, Math.round(ttl / 4)),
  };
}
