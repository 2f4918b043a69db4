import type { Queryable } from '../store/database';

/** A channel named in the organisation settings (COE_CONFIG `channels`), offered by name before anyone mentions the bot there. */
export interface ConfiguredChannel {
  conversationId: string;
  name: string;
  teamId?: string;
}

/** A channel an author can choose, with whether CoE Assistant is installed in its team yet. */
export interface ChannelOption {
  id: string;
  name: string;
  installed: boolean;
}

/**
 * The configured channels with their install state: installed when the bot has a live reference of the channel
 * itself or of any channel of its team (installing an app in a team installs it for all its channels).
 */
export async function configuredChannelOptions(db: Queryable, channels: ConfiguredChannel[]): Promise<ChannelOption[]> {
  if (!channels.length) return [];
  const rows = await db.query<{ id: string }>(
    `select c.id from unnest($1::text[], $2::text[]) as c(id, team_id)
      where exists (select 1 from conversation_references r where r.kind = 'channel' and r.status = 'active'
                      and (r.channel_id = c.id or (c.team_id <> '' and r.team_id = c.team_id)))`,
    [channels.map((c) => c.conversationId), channels.map((c) => c.teamId ?? '')],
  );
  const installed = new Set(rows.map((r) => r.id));
  return channels.map((c) => ({ id: c.conversationId, name: c.name, installed: installed.has(c.conversationId) }));
}

/**
 * Queues one delivery per chosen configured channel that has no stored reference yet (the Teams layer builds its
 * reference from the configuration); channels with a stored reference were queued by `expandAudience`.
 */
export async function queueConfiguredChannels(
  tx: Queryable,
  announcementId: number,
  chosen: ConfiguredChannel[],
): Promise<number> {
  if (!chosen.length) return 0;
  const rows = await tx.query<{ n: number }>(
    `with ins as (
       insert into announcement_deliveries (announcement_id, recipient_key, kind, conversation_id, pace_key, user_name, team_id)
       select $1::bigint, 'conv:' || c.id, 'channel', c.id, c.id, c.name, nullif(c.team_id, '')
         from unnest($2::text[], $3::text[], $4::text[]) as c(id, name, team_id)
       on conflict (announcement_id, recipient_key) do nothing
       returning 1)
     select count(*)::int as n from ins`,
    [announcementId, chosen.map((c) => c.conversationId), chosen.map((c) => c.name), chosen.map((c) => c.teamId ?? '')],
  );
  return rows[0]?.n ?? 0;
}
