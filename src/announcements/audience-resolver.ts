import type { Database, Queryable } from '../store/database';
import type { Announcement } from './announcement';
import { type AnnouncementInput, announcementInputSchema, describeInputIssues } from './announcement-input';
import { ok, type Outcome, refuse } from '../runtime/outcome';
import {
  type AudienceOption,
  type AudienceSize,
  estimateAudience,
  expandAudience,
  knownChannels,
  knownTeams,
  unknownAudienceIds,
} from './audience';
import { describeAudience } from './author-cards';
import {
  type ChannelOption,
  type ConfiguredChannel,
  configuredChannelOptions,
  queueConfiguredChannels,
} from './configured-channels';

/** Group audiences: the groups an author can choose, and who is in one now (a COE_CONFIG group id or an Entra group id). */
export interface AudienceGroups {
  options(): AudienceOption[];
  /** Entra object ids of the group's members, or undefined when no such group is known. */
  memberIds(groupRef: string): Promise<string[] | undefined>;
}

/** What the compose form offers: categories, teams, channels (configured ones first, by name) and groups. */
export interface ComposeOptions {
  categories: readonly string[];
  teams: AudienceOption[];
  channels: ChannelOption[];
  groups: AudienceOption[];
  /** The channels named in COE_CONFIG (ids among `channels`), offered as audiences of their own. */
  namedChannelIds: string[];
}

/**
 * Who an announcement reaches: the choices offered to authors, validation of a chosen audience, the estimate on the
 * preview, the jobs queued at send time, and the audience described in words for the author's cards.
 */
export class AudienceResolver {
  constructor(
    private readonly deps: {
      db: Database;
      categories: readonly string[];
      groups?: AudienceGroups;
      channels?: ConfiguredChannel[];
    },
  ) {}

  /** The configured channels, each once (several roles may name the same channel). */
  private get configured(): ConfiguredChannel[] {
    const seen = new Set<string>();
    return (this.deps.channels ?? []).filter((c) => !seen.has(c.conversationId) && seen.add(c.conversationId));
  }

  /** The teams, channels and groups an author can choose from now. */
  async options(): Promise<ComposeOptions> {
    const [teams, stored, configured] = await Promise.all([
      knownTeams(this.deps.db),
      knownChannels(this.deps.db),
      configuredChannelOptions(this.deps.db, this.configured),
    ]);
    const named = new Set(configured.map((c) => c.id));
    const channels = [...configured, ...stored.filter((c) => !named.has(c.id)).map((c) => ({ ...c, installed: true }))];
    return {
      categories: this.deps.categories,
      teams,
      channels,
      groups: this.deps.groups?.options() ?? [],
      namedChannelIds: configured.map((c) => c.id),
    };
  }

  /** The members of a 'directory-groups' audience now (from the directory), undefined for other audiences. */
  async members(audience: Announcement['audience']): Promise<string[] | undefined> {
    if (audience.kind !== 'directory-groups') return undefined;
    const ids = new Set<string>();
    for (const ref of audience.groupIds) for (const id of (await this.deps.groups?.memberIds(ref)) ?? []) ids.add(id);
    return [...ids];
  }

  /** The configured channels an audience names that have no stored reference (they are reached from the configuration). */
  private async configuredOnly(db: Queryable, audience: Announcement['audience']): Promise<ConfiguredChannel[]> {
    if (audience.kind !== 'channels' || !this.configured.length) return [];
    const unknown = new Set(await unknownAudienceIds(db, audience));
    return this.configured.filter((c) => unknown.has(c.conversationId));
  }

  /** How many would receive `a` if it were sent now. */
  async estimate(a: Pick<Announcement, 'category' | 'audience'>): Promise<AudienceSize> {
    const size = await estimateAudience(this.deps.db, a.category, a.audience, await this.members(a.audience));
    return { ...size, recipients: size.recipients + (await this.configuredOnly(this.deps.db, a.audience)).length };
  }

  /** Queues one delivery per recipient of `a` as the audience is now; `members` were looked up before the transaction. */
  async expand(tx: Queryable, a: Announcement, members: string[] | undefined): Promise<AudienceSize> {
    const extra = await this.configuredOnly(tx, a.audience);
    const size = await expandAudience(tx, a.id, a.category, a.audience, members);
    return { ...size, recipients: size.recipients + (await queueConfiguredChannels(tx, a.id, extra)) };
  }

  /** Parses an announcement and checks that its audience names groups, teams and channels the bot can reach. */
  async validate(raw: unknown): Promise<Outcome<AnnouncementInput>> {
    const parsed = announcementInputSchema(this.deps.categories).safeParse(raw);
    if (!parsed.success)
      return refuse('invalid', 'The announcement is not complete yet.', describeInputIssues(parsed.error));
    const audience = parsed.data.audience;
    if (audience.kind === 'directory-groups') {
      const unknownGroups: string[] = [];
      for (const ref of audience.groupIds)
        if (!this.deps.groups || (await this.deps.groups.memberIds(ref)) === undefined) unknownGroups.push(ref);
      if (unknownGroups.length)
        return refuse('invalid', 'The audience names groups the directory does not know.', [
          `Unknown groups: ${unknownGroups.join(', ')}. Use a group id from COE_CONFIG or an Entra group object id.`,
        ]);
    }
    const configured = new Set(this.configured.map((c) => c.conversationId));
    const unknown = (await unknownAudienceIds(this.deps.db, audience)).filter((id) => !configured.has(id));
    if (unknown.length) {
      const what = audience.kind === 'team-members' ? 'teams' : 'channels';
      return refuse('invalid', 'The audience names places the bot cannot reach.', [
        `CoE Assistant is not installed in these ${what}: ${unknown.join(', ')}.`,
      ]);
    }
    return ok(parsed.data);
  }

  /** The audience in words, naming the chosen teams, channels or groups (the one description every author card uses). */
  async label(a: Pick<Announcement, 'audience' | 'category'>): Promise<string> {
    const names = new Map<string, string>();
    if (a.audience.kind === 'team-members') for (const t of await knownTeams(this.deps.db)) names.set(t.id, t.name);
    if (a.audience.kind === 'channels') for (const c of (await this.options()).channels) names.set(c.id, c.name);
    if (a.audience.kind === 'directory-groups')
      for (const g of this.deps.groups?.options() ?? []) names.set(g.id, g.name);
    return describeAudience(a, names);
  }
}
