import type { Queryable } from '../store/database';

/** A team member as a Teams membership event names them. */
export interface TeamMember {
  userId: string;
  aadObjectId?: string;
  name?: string;
  tenantId?: string;
}

/** Per-person category mutes, per-channel category subscriptions and the team rosters used for 1:1 audiences. */
export class AnnouncementSubscriptions {
  constructor(private readonly db: Queryable) {}

  /** Mutes `category` for a person; returns false if it was already muted. */
  async mute(aadObjectId: string, category: string): Promise<boolean> {
    const rows = await this.db.query(
      `insert into announcement_mutes (aad_object_id, category) values ($1, $2) on conflict do nothing returning 1`,
      [aadObjectId, category],
    );
    return rows.length > 0;
  }

  /** Unmutes `category` for a person; returns false if it was not muted. */
  async unmute(aadObjectId: string, category: string): Promise<boolean> {
    const rows = await this.db.query(
      `delete from announcement_mutes where aad_object_id = $1 and category = $2 returning 1`,
      [aadObjectId, category],
    );
    return rows.length > 0;
  }

  /** Subscribes a channel (by its base conversation id) to a category; returns false if it already was. */
  async subscribeChannel(conversationId: string, category: string, by: string): Promise<boolean> {
    const rows = await this.db.query(
      `insert into announcement_channel_subscriptions (conversation_id, category, subscribed_by) values ($1, $2, $3) on conflict do nothing returning 1`,
      [conversationId, category, by],
    );
    return rows.length > 0;
  }

  /** Ends a channel's subscription to a category; returns false if it had none. */
  async unsubscribeChannel(conversationId: string, category: string): Promise<boolean> {
    const rows = await this.db.query(
      `delete from announcement_channel_subscriptions where conversation_id = $1 and category = $2 returning 1`,
      [conversationId, category],
    );
    return rows.length > 0;
  }

  /** Records who added the bot to a team: that person may subscribe the team's channels (with CoE admins and authors). */
  async recordTeamInstall(
    teamId: string,
    teamName: string | undefined,
    by: { aadObjectId?: string; name?: string },
  ): Promise<void> {
    await this.db.query(
      `insert into announcement_teams (team_id, team_name, installed_by_aad_object_id, installed_by_name) values ($1, $2, $3, $4)
       on conflict (team_id) do update set team_name = coalesce(excluded.team_name, announcement_teams.team_name),
         installed_by_aad_object_id = coalesce(excluded.installed_by_aad_object_id, announcement_teams.installed_by_aad_object_id),
         installed_by_name = coalesce(excluded.installed_by_name, announcement_teams.installed_by_name), installed_at = now()`,
      [teamId, teamName ?? null, by.aadObjectId ?? null, by.name ?? null],
    );
  }

  /** True when `aadObjectId` added the bot to `teamId`. */
  async installedTeam(teamId: string, aadObjectId: string | undefined): Promise<boolean> {
    if (!aadObjectId) return false;
    const rows = await this.db.query(
      'select 1 from announcement_teams where team_id = $1 and installed_by_aad_object_id = $2',
      [teamId, aadObjectId],
    );
    return rows.length > 0;
  }

  /** Adds (or refreshes) members of a team's roster. */
  async addMembers(teamId: string, members: TeamMember[]): Promise<void> {
    if (members.length === 0) return;
    await this.db.query(
      `insert into announcement_team_members (team_id, user_id, aad_object_id, user_name, tenant_id)
       select $1, u.user_id, u.aad, u.name, u.tenant from unnest($2::text[], $3::text[], $4::text[], $5::text[]) as u(user_id, aad, name, tenant)
       on conflict (team_id, user_id) do update set aad_object_id = coalesce(excluded.aad_object_id, announcement_team_members.aad_object_id),
         user_name = coalesce(excluded.user_name, announcement_team_members.user_name), tenant_id = coalesce(excluded.tenant_id, announcement_team_members.tenant_id)`,
      [
        teamId,
        members.map((m) => m.userId),
        members.map((m) => m.aadObjectId ?? null),
        members.map((m) => m.name ?? null),
        members.map((m) => m.tenantId ?? null),
      ],
    );
  }

  /** Removes people who left a team from its roster. */
  async removeMembers(teamId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await this.db.query('delete from announcement_team_members where team_id = $1 and user_id = any($2::text[])', [
      teamId,
      userIds,
    ]);
  }
}
