import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { AppEnv } from '../config/env';
import { keepAllEntityFields } from './entity-serialization';

/** The CloudAdapter (through teams-ai's TeamsAdapter) with Bot Framework JWT checks when BOT_ID is set. */
export function createAdapter(env: AppEnv): TeamsAdapter {
  keepAllEntityFields();
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: env.BOT_ID ?? '',
    MicrosoftAppPassword: env.BOT_PASSWORD ?? '',
    MicrosoftAppType: env.BOT_TYPE ?? (env.BOT_ID ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: env.BOT_TENANT_ID ?? '',
    ...(env.BOT_OPENID_METADATA ? { ToBotFromChannelOpenIdMetadataUrl: env.BOT_OPENID_METADATA, ToBotFromEmulatorOpenIdMetadataUrl: env.BOT_OPENID_METADATA } : {}),
  } as ConfigurationBotFrameworkAuthenticationOptions;
  return new TeamsAdapter(options);
}
