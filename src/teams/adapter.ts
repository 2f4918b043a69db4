import { CallerIdConstants, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type BotFrameworkAuthentication } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { AppEnv } from '../config/env';
import { keepAllEntityFields } from './entity-serialization';

/**
 * Overriding one endpoint makes botbuilder ignore every public-cloud default, so all of them are restated
 * here and only the OpenID metadata (where the channel's signing keys are published) is replaced.
 */
function publicCloudWithMetadata(metadataUrl: string): Record<string, unknown> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** The CloudAdapter (through teams-ai's TeamsAdapter) with Bot Framework JWT checks when BOT_ID is set. */
export function createAdapter(env: AppEnv): TeamsAdapter {
  keepAllEntityFields();
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: env.BOT_ID ?? '',
    MicrosoftAppPassword: env.BOT_PASSWORD ?? '',
    MicrosoftAppType: env.BOT_TYPE ?? (env.BOT_ID ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: env.BOT_TENANT_ID ?? '',
    ...(env.BOT_OPENID_METADATA ? publicCloudWithMetadata(env.BOT_OPENID_METADATA) : {}),
  } as ConfigurationBotFrameworkAuthenticationOptions;
  const adapter = new TeamsAdapter(options);
  answerBadTokensWith401(adapter);
  limitConnectorCallTime(adapter, env.CONNECTOR_TIMEOUT_MS);
  return adapter;
}

const TIMEOUT_POLICY = 'coeOutboundTimeout';

interface PipelineLike {
  getOrderedPolicies(): Array<{ name: string }>;
  addPolicy(policy: {
    name: string;
    sendRequest(request: { timeout: number }, next: (r: unknown) => Promise<unknown>): Promise<unknown>;
  }): void;
}

/**
 * Outbound Bot Connector calls have no time limit by default, so a connector that never answers would hold a turn
 * (and the HTTP request Teams is waiting on) open forever. Every connector client the adapter creates gets a limit.
 */
function limitConnectorCallTime(adapter: TeamsAdapter, timeoutMs: number): void {
  adapter.use(async (context, next) => {
    const connector = context.turnState.get(adapter.ConnectorClientKey) as
      { client?: { pipeline?: PipelineLike } } | undefined;
    const pipeline = connector?.client?.pipeline;
    if (pipeline && !pipeline.getOrderedPolicies().some((p) => p.name === TIMEOUT_POLICY)) {
      pipeline.addPolicy({
        name: TIMEOUT_POLICY,
        sendRequest: (request, nextPolicy) => {
          if (!request.timeout) request.timeout = timeoutMs;
          return nextPolicy(request);
        },
      });
    }
    await next();
  });
}

/**
 * botbuilder lets the JWT library's own errors (bad signature, expired, not yet valid) escape as plain
 * errors, which CloudAdapter answers with 500. They are authentication failures: re-raise them as such so
 * the caller gets 401 and no handler runs.
 */
function answerBadTokensWith401(adapter: TeamsAdapter): void {
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication })
    .botFrameworkAuthentication;
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      const name = (err as Error)?.name ?? '';
      if (['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(name)) {
        throw new AuthenticationError(`Unauthorized. The token was rejected: ${(err as Error).message}.`, 401);
      }
      throw err;
    }
  };
}
