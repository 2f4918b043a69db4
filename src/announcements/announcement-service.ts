import type { Logger } from '../observability/logger';
import type { AuditLog } from '../store/audit-log';
import type { Database } from '../store/database';
import type { Actor } from '../directory/actor';
import { AnnouncementAccess, type AuthorPolicy } from './announcement-access';
import { AnnouncementRepository } from './announcement-repository';
import type { AnnouncementSettings } from './announcement-settings-schema';
import { type AudienceGroups, AudienceResolver } from './audience-resolver';
import type { ConfiguredChannel } from './configured-channels';
import { DeliveryReports } from './delivery-reports';
import { DraftDesk } from './draft-desk';
import { RecipientPreferences } from './recipient-preferences';
import { SendControl } from './send-control';
import { AnnouncementSubscriptions } from './subscriptions';

export type { AudienceGroups, AuthorPolicy };

type Args<K extends keyof T, T> = T[K] extends (...args: infer A) => unknown ? A : never;

/**
 * Announcements as the CoE uses them, one port over the parts that do the work: writing drafts (DraftDesk), starting
 * and stopping sends (SendControl), progress, exports and acknowledgements (DeliveryReports), and what recipients
 * choose (RecipientPreferences). Every author action is checked against the org directory (identity comes from the
 * caller, never from card data) and audited.
 */
export class AnnouncementService {
  readonly repo: AnnouncementRepository;
  readonly subscriptions: AnnouncementSubscriptions;
  readonly audience: AudienceResolver;
  readonly drafts: DraftDesk;
  readonly sends: SendControl;
  readonly reports: DeliveryReports;
  readonly preferences: RecipientPreferences;
  private readonly access: AnnouncementAccess;

  constructor(
    private readonly deps: {
      db: Database;
      audit: AuditLog;
      policy: AuthorPolicy;
      settings: AnnouncementSettings;
      logger: Logger;
      groups?: AudienceGroups;
      /** Channels named in COE_CONFIG, offered by name before the bot has seen them. */
      channels?: ConfiguredChannel[];
    },
  ) {
    const { db, audit, policy } = deps;
    const categories = deps.settings.categories;
    this.repo = new AnnouncementRepository(db);
    this.subscriptions = new AnnouncementSubscriptions(db);
    this.access = new AnnouncementAccess({ repo: this.repo, audit, policy });
    this.audience = new AudienceResolver({ db, categories, groups: deps.groups, channels: deps.channels });
    const parts = { repo: this.repo, access: this.access, audience: this.audience };
    this.drafts = new DraftDesk(parts);
    this.sends = new SendControl({ ...parts, db, categories });
    this.reports = new DeliveryReports(parts);
    this.preferences = new RecipientPreferences({
      subscriptions: this.subscriptions,
      access: this.access,
      audit,
      categories,
    });
  }

  get categories(): readonly string[] {
    return this.deps.settings.categories;
  }

  get settings(): AnnouncementSettings {
    return this.deps.settings;
  }

  /** True when the caller may write announcements. */
  canAuthor(actor: Actor): boolean {
    return this.access.canAuthor(actor);
  }

  onQueued(listener: () => void): void {
    this.sends.onQueued(listener);
  }

  composeOptions(...a: Args<'composeOptions', DraftDesk>) {
    return this.drafts.composeOptions(...a);
  }
  saveDraft(...a: Args<'saveDraft', DraftDesk>) {
    return this.drafts.saveDraft(...a);
  }
  draftForEdit(...a: Args<'draftForEdit', DraftDesk>) {
    return this.drafts.draftForEdit(...a);
  }
  preview(...a: Args<'preview', DraftDesk>) {
    return this.drafts.preview(...a);
  }
  duplicate(...a: Args<'duplicate', DraftDesk>) {
    return this.drafts.duplicate(...a);
  }
  deleteDraft(...a: Args<'deleteDraft', DraftDesk>) {
    return this.drafts.deleteDraft(...a);
  }
  list(...a: Args<'list', DraftDesk>) {
    return this.drafts.list(...a);
  }

  sendNow(...a: Args<'sendNow', SendControl>) {
    return this.sends.sendNow(...a);
  }
  schedule(...a: Args<'schedule', SendControl>) {
    return this.sends.schedule(...a);
  }
  cancel(...a: Args<'cancel', SendControl>) {
    return this.sends.cancel(...a);
  }
  createFromApi(...a: Args<'createFromApi', SendControl>) {
    return this.sends.createFromApi(...a);
  }
  startDue() {
    return this.sends.startDue();
  }
  recordCompleted(...a: Args<'recordCompleted', SendControl>) {
    return this.sends.recordCompleted(...a);
  }

  status(...a: Args<'status', DeliveryReports>) {
    return this.reports.status(...a);
  }
  exportCsv(...a: Args<'exportCsv', DeliveryReports>) {
    return this.reports.exportCsv(...a);
  }
  apiStatus(...a: Args<'apiStatus', DeliveryReports>) {
    return this.reports.apiStatus(...a);
  }
  apiExportCsv(...a: Args<'apiExportCsv', DeliveryReports>) {
    return this.reports.apiExportCsv(...a);
  }
  acknowledge(...a: Args<'acknowledge', DeliveryReports>) {
    return this.reports.acknowledge(...a);
  }

  /** Remembers the author's status card message so the worker can keep it current. */
  async attachStatusCard(id: number, conversationId: string, activityId: string): Promise<void> {
    await this.repo.setStatusCard(id, conversationId, activityId);
  }

  mute(actor: Actor, category: string) {
    return this.preferences.setMuted(actor, category, true);
  }
  unmute(actor: Actor, category: string) {
    return this.preferences.setMuted(actor, category, false);
  }
  setChannelSubscription(...a: Args<'setChannelSubscription', RecipientPreferences>) {
    return this.preferences.setChannelSubscription(...a);
  }
  recordTeamInstall(...a: Args<'recordTeamInstall', RecipientPreferences>) {
    return this.preferences.recordTeamInstall(...a);
  }
  addTeamMembers(...a: Args<'addTeamMembers', RecipientPreferences>) {
    return this.preferences.addTeamMembers(...a);
  }
  removeTeamMembers(...a: Args<'removeTeamMembers', RecipientPreferences>) {
    return this.preferences.removeTeamMembers(...a);
  }
}
