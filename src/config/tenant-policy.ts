import type { AppEnv } from './env';
import { ConfigError } from './config-error';

/**
 * The one tenant whose activities the bot serves: `organisation.tenantId` in the organisation config, or
 * BOT_TENANT_ID when the config does not name one. Throws when the two disagree, and when the bot authenticates
 * requests (BOT_ID set) but neither names a tenant: a deployed bot never serves every tenant by default.
 * Undefined (every tenant) only in local mode, which listens on loopback only.
 */
export function allowedTenant(
  env: Pick<AppEnv, 'BOT_TENANT_ID' | 'authEnabled'>,
  org: { organisation: { tenantId?: string } },
): string | undefined {
  const fromConfig = org.organisation.tenantId?.trim() || undefined;
  const fromEnv = env.BOT_TENANT_ID;
  if (fromConfig && fromEnv && fromConfig.toLowerCase() !== fromEnv.toLowerCase()) {
    throw new ConfigError(
      `The tenant settings disagree:\n- organisation.tenantId in the organisation config is ${fromConfig} but BOT_TENANT_ID is ${fromEnv}. Set them to the same tenant (or remove BOT_TENANT_ID).`,
    );
  }
  const tenant = fromConfig ?? fromEnv;
  if (!tenant && env.authEnabled) {
    throw new ConfigError(
      'The organisation config is not valid:\n- organisation.tenantId: is required when BOT_ID is set; the bot serves only the tenant named there (find it in Entra ID > Overview > Tenant ID).',
    );
  }
  return tenant;
}
