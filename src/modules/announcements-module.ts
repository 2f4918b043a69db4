import { createAnnouncementDelivery } from '../announcements/announcement-delivery-setup';
import { announcementApiRoutes } from '../announcements/announcement-http-api';
import { AnnouncementService } from '../announcements/announcement-service';
import { audienceGroupsFrom } from '../directory/audience-groups';
import { TeamsDeliveryTransport } from '../teams/announcement-delivery';
import { registerAnnouncementRoutes } from '../teams/routes/announcement-routes';
import type { ModuleParts, Platform } from './platform';

/** Announcements: authoring and sending (service), paced delivery through the Teams gateway (worker), chat and HTTP API. */
export function createAnnouncementsModule(p: Platform) {
  const { org } = p;
  const announcements = new AnnouncementService({
    db: p.db,
    audit: p.audit,
    policy: p.directory,
    settings: org.announcements,
    logger: p.logger.child({ component: 'announcements' }),
    groups: audienceGroupsFrom(org, p.people),
    // The announcements channel first: the compose form offers configured channels by name, in this order.
    channels: [org.channels.announcements, org.channels.experts, org.channels.reviews].filter((c) => c !== undefined),
  });
  const delivery = createAnnouncementDelivery({
    db: p.db,
    service: announcements,
    conversations: p.conversations,
    logger: p.logger,
    transport: new TeamsDeliveryTransport(p.gateway),
  });
  const parts: ModuleParts = {
    routes: (app, deps) => registerAnnouncementRoutes(app, deps, announcements),
    httpRoutes: [announcementApiRoutes({ service: announcements, token: p.env.COE_API_TOKEN, logger: p.logger })],
    workers: [delivery],
  };
  return { announcements, ...parts };
}
