import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../observability/logger';
import type { Announcement, DeliveryCounts } from './announcement';
import type { AnnouncementService } from './announcement-service';

/** Compares two secrets in constant time (hashing first, so different lengths take the same time too). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function statusBody(a: Announcement, counts: DeliveryCounts) {
  return {
    id: a.id,
    title: a.title,
    category: a.category,
    audience: a.audience,
    source: a.source,
    status: a.status,
    requiresAck: a.requiresAck,
    createdAt: a.createdAt.toISOString(),
    scheduledAt: a.scheduledAt?.toISOString(),
    startedAt: a.startedAt?.toISOString(),
    finishedAt: a.finishedAt?.toISOString(),
    cancelledAt: a.cancelledAt?.toISOString(),
    mutedSkipped: a.mutedCount ?? 0,
    counts,
  };
}

const statusUrl = (id: number) => `/api/announcements/${id}`;

/**
 * The announcements HTTP API for other systems:
 * POST /api/announcements (send or schedule; 202 with the id and a status URL),
 * GET /api/announcements/:id (progress counts) and GET /api/announcements/:id/deliveries.csv.
 * Every call needs `Authorization: Bearer <COE_API_TOKEN>`; without a configured token the API is off (503).
 */
export function announcementApiRoutes(options: {
  service: AnnouncementService;
  token?: string;
  logger: Logger;
}): (server: Server) => void {
  const { service, token, logger } = options;

  const authorised = (req: Request, res: Response): boolean => {
    if (!token) {
      res.send(503, {
        error:
          'The announcements API is disabled on this server. An administrator can enable it by setting COE_API_TOKEN (at least 24 characters).',
      });
      return false;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '');
    if (!match || !sameSecret(match[1], token)) {
      res.header('WWW-Authenticate', 'Bearer realm="coe-announcements"');
      res.send(401, {
        error: 'A valid API token is required: send "Authorization: Bearer <token>" with the COE_API_TOKEN value.',
      });
      return false;
    }
    return true;
  };

  const guarded = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    if (!authorised(req, res)) return;
    try {
      await handler(req, res);
    } catch (err) {
      logger.error('announcements API request failed', { path: req.path(), err });
      if (!res.headersSent)
        res.send(500, {
          error:
            'The announcement could not be processed because of a server problem; it has been logged. Please try again later.',
        });
    }
  };

  const idParam = (req: Request): number | undefined => {
    const raw = String((req.params as Record<string, string> | undefined)?.id ?? '');
    return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
  };

  return (server: Server) => {
    server.post(
      '/api/announcements',
      guarded(async (req, res) => {
        const key = req.header('idempotency-key')?.trim() || undefined;
        if (key && key.length > 200) {
          res.send(400, { error: 'The Idempotency-Key header must be at most 200 characters.' });
          return;
        }
        if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
          res.send(400, { error: 'The request body must be a JSON object describing the announcement.' });
          return;
        }
        const result = await service.createFromApi(req.body, key);
        if (!result.ok) {
          res.send(result.code === 'invalid' ? 400 : 409, { error: result.message, issues: result.issues ?? [] });
          return;
        }
        const a = result.value.announcement;
        res.header('Location', statusUrl(a.id));
        res.send(202, {
          id: a.id,
          status: a.status,
          recipients: a.recipientCount ?? null,
          scheduledAt: a.scheduledAt?.toISOString() ?? null,
          statusUrl: statusUrl(a.id),
          replayed: !result.value.created,
        });
      }),
    );

    server.get(
      '/api/announcements/:id',
      guarded(async (req, res) => {
        const id = idParam(req);
        const result = id === undefined ? undefined : await service.apiStatus(id);
        if (!result || !result.ok) {
          res.send(404, { error: result && !result.ok ? result.message : 'Announcement ids are whole numbers.' });
          return;
        }
        res.send(200, statusBody(result.value.announcement, result.value.counts));
      }),
    );

    server.get(
      '/api/announcements/:id/deliveries.csv',
      guarded(async (req, res) => {
        const id = idParam(req);
        const status = id === undefined ? undefined : await service.apiStatus(id);
        if (!status || !status.ok || id === undefined) {
          res.send(404, { error: 'There is no such announcement.' });
          return;
        }
        const { csv, fileName } = await service.apiExportCsv(id);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
        res.writeHead(200);
        res.end(csv);
      }),
    );
  };
}
