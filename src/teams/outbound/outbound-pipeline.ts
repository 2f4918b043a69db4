import { AsyncLocalStorage } from 'node:async_hooks';
import type { CloudAdapter } from 'botbuilder';

/** How one outbound call leaves the process. */
export interface OutboundOptions {
  /**
   * Awaited immediately before each request is written to the socket (after lookups and serialisation), so a
   * sender's pacing holds on the wire and not only when the send was started.
   */
  pace?: () => Promise<void>;
  /**
   * False turns off the Azure SDK's own retries under botbuilder, which would otherwise wait out 429s and repeat 5xx
   * or dropped requests invisibly: a sender with its own retry policy and record of possibly-sent messages needs that.
   */
  sdkRetries?: boolean;
}

/** The pipeline policy of the Azure SDK that silently retries 429, 5xx and network errors. */
const SDK_RETRY_POLICY = 'defaultRetryPolicy';
const PACING_POLICY = 'coeOutboundPacing';

/** The options of the outbound call in progress, visible to the connector client of its proactive turn. */
const current = new AsyncLocalStorage<OutboundOptions>();
const equipped = new WeakSet<CloudAdapter>();

interface HttpPipeline {
  removePolicy(options: { name: string }): unknown;
  addPolicy(
    policy: {
      name: string;
      sendRequest: (request: unknown, next: (request: unknown) => Promise<unknown>) => Promise<unknown>;
    },
    options?: { afterPhase?: string },
  ): void;
}

/**
 * Lets `withOutboundOptions` reach the connector client of each proactive turn: the adapter makes a new client per
 * turn, and this middleware adjusts that client's HTTP pipeline when the turn runs inside an outbound call. Turns
 * started by Teams (no outbound call around them) are left alone.
 */
export function equipForOutbound(adapter: CloudAdapter): void {
  if (equipped.has(adapter)) return;
  equipped.add(adapter);
  adapter.use(async (context, next) => {
    const options = current.getStore();
    const connector = context.turnState.get(adapter.ConnectorClientKey) as
      { client?: { pipeline?: HttpPipeline } } | undefined;
    const pipeline = connector?.client?.pipeline;
    if (options && pipeline) {
      if (options.sdkRetries === false) pipeline.removePolicy({ name: SDK_RETRY_POLICY });
      const pace = options.pace;
      if (pace) {
        pipeline.removePolicy({ name: PACING_POLICY });
        pipeline.addPolicy(
          {
            name: PACING_POLICY,
            sendRequest: async (request, nextPolicy) => {
              await pace();
              return nextPolicy(request);
            },
          },
          { afterPhase: 'Sign' },
        );
      }
    }
    await next();
  });
}

/** Runs `work` (which starts proactive turns) with `options` applied to their connector clients. */
export function withOutboundOptions<T>(options: OutboundOptions, work: () => Promise<T>): Promise<T> {
  return current.run(options, work);
}
