import * as restify from 'restify';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../observability/logger';
import { checkInboundActivity } from './activity-guard';

/** Extra HTTP routes a capability mounts (for example the announcements API). */
export type HttpRouteRegistrar = (server: restify.Server) => void;

export interface HttpServerOptions {
  adapter: TeamsAdapter;
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
  maxBodyBytes: number;
  readiness: () => Promise<{ ready: boolean; checks: Record<string, string> }>;
  routes?: HttpRouteRegistrar[];
}

export interface RunningServer {
  server: restify.Server;
  /** Stops accepting requests and waits (up to `timeoutMs`) for in-flight turns. */
  drain(timeoutMs: number): Promise<void>;
}

/** A plain sentence for an HTTP error status, for response bodies (internal error text stays in the log). */
function publicReason(status: number): string {
  if (status === 400) return 'The request is not valid.';
  if (status === 401 || status === 403) return 'The request is not authenticated.';
  if (status === 404) return 'Not found.';
  if (status === 405) return 'This method is not allowed here.';
  if (status === 413) return 'The request body is too large.';
  if (status === 415) return 'The request body must be JSON.';
  if (status < 500) return 'The request could not be handled.';
  return 'The bot could not process this activity.';
}

/**
 * botbuilder answers a refused token (401) or an error that escaped the turn (500) with the error's own message
 * as the body. This response replaces such bodies with a plain sentence; invoke responses the bot chose pass through.
 */
function withPlainErrorBodies(res: restify.Response): restify.Response {
  const send = res.send.bind(res) as (...args: unknown[]) => unknown;
  (res as unknown as { send: (...args: unknown[]) => unknown }).send = (...args: unknown[]) => {
    const status = res.statusCode;
    if (args.length === 1 && (status === 401 || status >= 500)) return send({ error: publicReason(status) });
    return send(...args);
  };
  return res;
}

/** The restify server: /api/messages (guarded, then handed to the adapter), health, readiness, and the routes capabilities mount. */
export function createHttpServer(options: HttpServerOptions): RunningServer {
  const server = restify.createServer({ name: 'coe-assistant', handleUncaughtExceptions: false });
  let inFlight = 0;
  let draining = false;

  server.use(restify.plugins.queryParser());
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: options.maxBodyBytes,
      mapParams: false,
      rejectUnknown: true,
      requestBodyOnGet: false,
    }),
  );

  server.on(
    'restifyError',
    (
      req: restify.Request,
      res: restify.Response,
      err: Error & { statusCode?: number; toJSON?: () => unknown },
      next: () => void,
    ) => {
      options.logger.warn('request rejected', { path: req.path(), status: err.statusCode, reason: err.message });
      // restify would answer with its internal message (a JSON parser's complaint, a stack-derived text): say it plainly instead.
      err.toJSON = () => ({ error: publicReason(err.statusCode ?? 500) });
      next();
    },
  );

  server.post('/api/messages', async (req, res) => {
    if (draining) {
      res.header('Retry-After', '5');
      res.send(503, { error: 'The bot is restarting; please retry.' });
      return;
    }
    const verdict = checkInboundActivity(req.body);
    if (!verdict.ok) {
      res.send(400, { error: verdict.reason });
      return;
    }
    inFlight += 1;
    try {
      await options.adapter.process(req, withPlainErrorBodies(res) as never, options.logic);
    } catch (err) {
      options.logger.error('unhandled error while processing an activity', { err });
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this activity.' });
    } finally {
      inFlight -= 1;
    }
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req, res) => {
    const state = await options.readiness().catch((err: Error) => ({ ready: false, checks: { error: err.message } }));
    res.send(state.ready && !draining ? 200 : 503, {
      status: state.ready && !draining ? 'ready' : 'not ready',
      ...state.checks,
    });
  });

  for (const register of options.routes ?? []) register(server);

  return {
    server,
    async drain(timeoutMs: number) {
      draining = true;
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
