import type { Queryable, SqlParam } from '../store/database';
import type { Audience } from './announcement-input';

/** A channel or team the bot is installed in, offered in the compose form. */
export interface AudienceOption {
  id: string;
  name: string;
}

/** How many recipients an audience has now, and how many people it leaves out because they muted the category. */
export interface AudienceSize {
  recipients: number;
  muted: number;
}

const PERSONAL_INSTALLS = `
  select distinct on (coalesce(c.aad_object_id, c.conversation_id)) c.*
    from conversation_references c
   where c.kind = 'personal' and c.status = 'active'
   order by coalesce(c.aad_object_id, c.conversation_id), c.updated_at desc`;

const TEAM_MEMBERS = `
  select distinct on (coalesce(m.aad_object_id, m.user_id)) m.*, p.conversation_id as personal_conversation_id, p.user_name as personal_name
    from announcement_team_members m
    left join lateral (
      select c.conversation_id, c.user_name from conversation_references c
       where c.kind = 'personal' and c.status = 'active' and c.aad_object_id = m.aad_object_id order by c.updated_at desc limit 1
    ) p on true
   where m.team_id = any(:ids::text[])
     and exists (select 1 from conversation_references t where t.team_id = m.team_id and t.kind = 'channel' and t.status = 'active')
     and not exists (select 1 from conversation_references b where b.kind = 'personal' and b.status = 'blocked' and b.aad_object_id = m.aad_object_id)
   order by coalesce(m.aad_object_id, m.user_id), m.added_at`;

const CHANNELS = `
  select distinct on (c.channel_id) c.*
    from conversation_references c
   where c.kind = 'channel' and c.status = 'active' and c.channel_id = any(:ids::text[])
   order by c.channel_id, c.updated_at desc`;

const SUBSCRIBED_CHANNELS = `
  select distinct on (c.channel_id) c.*
    from announcement_channel_subscriptions s
    join conversation_references c on c.channel_id = s.conversation_id and c.kind = 'channel' and c.status = 'active'
   where s.category = :category
   order by c.channel_id, c.updated_at desc`;

const NOT_MUTED = (alias: string) =>
  `not exists (select 1 from announcement_mutes x where x.aad_object_id = ${alias}.aad_object_id and x.category = :category)`;

/** People who installed the bot personally and are among `:ids` (the members of the audience's directory groups). */
const GROUP_MEMBER_INSTALLS = PERSONAL_INSTALLS.replace(
  `where c.kind = 'personal' and c.status = 'active'`,
  `where c.kind = 'personal' and c.status = 'active' and c.aad_object_id = any(:ids::text[])`,
);

/**
 * The recipients of an audience. `memberIds` are the Entra object ids of the people in a 'directory-groups' audience,
 * looked up in the directory beforehand (the SQL cannot ask Microsoft Graph).
 */
function selectFor(
  audience: Audience,
  memberIds: string[] = [],
): { sql: string; ids: string[]; insert: string; mutable: boolean } {
  switch (audience.kind) {
    case 'personal-installs':
    case 'directory-groups':
      return {
        sql: audience.kind === 'personal-installs' ? PERSONAL_INSTALLS : GROUP_MEMBER_INSTALLS,
        ids: audience.kind === 'personal-installs' ? [] : memberIds,
        mutable: true,
        insert: `select :announcement::bigint, 'user:' || coalesce(r.aad_object_id, r.conversation_id), 'personal', r.conversation_id, r.conversation_id,
                        r.aad_object_id, null, r.user_name, null, r.tenant_id from recipients r where ${NOT_MUTED('r')}`,
      };
    case 'team-members':
      return {
        sql: TEAM_MEMBERS,
        ids: audience.teamIds,
        mutable: true,
        insert: `select :announcement::bigint, 'user:' || coalesce(r.aad_object_id, r.user_id), 'personal', r.personal_conversation_id,
                        coalesce(r.personal_conversation_id, 'user:' || coalesce(r.aad_object_id, r.user_id)),
                        r.aad_object_id, r.user_id, coalesce(r.personal_name, r.user_name), r.team_id, r.tenant_id from recipients r where ${NOT_MUTED('r')}`,
      };
    case 'channels':
    case 'category-subscribers':
      return {
        sql: audience.kind === 'channels' ? CHANNELS : SUBSCRIBED_CHANNELS,
        ids: audience.kind === 'channels' ? audience.conversationIds : [],
        mutable: false,
        insert: `select :announcement::bigint, 'conv:' || r.channel_id, 'channel', r.conversation_id, r.channel_id,
                        null, null, coalesce(r.team_name, r.conversation_id), r.team_id, r.tenant_id from recipients r`,
      };
  }
}

/** Replaces `:name` placeholders with $1, $2, ... (each name once), so a query passes exactly the parameters it uses. */
function bind(sql: string, values: Record<string, SqlParam>): [string, SqlParam[]] {
  const order: string[] = [];
  const text = sql.replace(/(?<!:):([a-z]+)\b/g, (match, name: string) => {
    if (!(name in values)) return match;
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return [text, order.map((n) => values[n])];
}

/** Creates one queued delivery job per recipient of the audience, as it is right now (muted people are left out). */
export async function expandAudience(
  tx: Queryable,
  announcementId: number,
  category: string,
  audience: Audience,
  memberIds?: string[],
): Promise<AudienceSize> {
  const q = selectFor(audience, memberIds);
  const [inserted] = await tx.query<{ n: number }>(
    ...bind(
      `with recipients as (${q.sql}),
            ins as (
              insert into announcement_deliveries (announcement_id, recipient_key, kind, conversation_id, pace_key, aad_object_id, user_id, user_name, team_id, tenant_id)
              ${q.insert}
              on conflict (announcement_id, recipient_key) do nothing
              returning 1)
       select count(*)::int as n from ins`,
      { announcement: announcementId, category, ids: q.ids },
    ),
  );
  const size = await estimateAudience(tx, category, audience, memberIds);
  return { recipients: inserted.n, muted: size.muted };
}

/** How many would receive the announcement if it were sent now (shown on the preview). */
export async function estimateAudience(
  db: Queryable,
  category: string,
  audience: Audience,
  memberIds?: string[],
): Promise<AudienceSize> {
  const q = selectFor(audience, memberIds);
  const [row] = await db.query<{ total: number; muted: number }>(
    ...bind(
      `with recipients as (${q.sql})
       select count(*)::int as total, count(*) filter (where ${q.mutable ? `not ${NOT_MUTED('r')}` : 'false'})::int as muted from recipients r`,
      { category, ids: q.ids },
    ),
  );
  return { recipients: row.total - row.muted, muted: row.muted };
}

/** Teams the bot is installed in (known from their channels). */
export async function knownTeams(db: Queryable, limit = 100): Promise<AudienceOption[]> {
  const rows = await db.query<{ team_id: string; team_name: string | null }>(
    `select team_id, max(team_name) as team_name from conversation_references
      where kind = 'channel' and status = 'active' and team_id is not null group by team_id order by max(team_name) nulls last, team_id limit $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.team_id, name: r.team_name ?? r.team_id }));
}

/** Channels the bot can post to, one entry per channel even when several reply threads are stored. */
export async function knownChannels(db: Queryable, limit = 100): Promise<AudienceOption[]> {
  const rows = await db.query<{ id: string; team_name: string | null; channel_name: string | null }>(
    `select distinct on (channel_id) channel_id as id, team_name,
            reference -> 'conversation' ->> 'name' as channel_name
       from conversation_references where kind = 'channel' and status = 'active'
      order by channel_id, updated_at desc limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    name:
      [r.team_name, r.channel_name ?? (r.id === r.team_name ? undefined : shortId(r.id))].filter(Boolean).join(' · ') ||
      r.id,
  }));
}

function shortId(id: string): string {
  return id.length > 24 ? `${id.slice(0, 12)}…${id.slice(-8)}` : id;
}

/** Names in `wanted` that are not active teams (for 'team-members') or channels (for 'channels'). */
export async function unknownAudienceIds(db: Queryable, audience: Audience): Promise<string[]> {
  if (audience.kind === 'team-members') {
    const rows = await db.query<{ team_id: string }>(
      `select distinct team_id from conversation_references where kind = 'channel' and status = 'active' and team_id = any($1::text[])`,
      [audience.teamIds],
    );
    const known = new Set(rows.map((r) => r.team_id));
    return audience.teamIds.filter((t) => !known.has(t));
  }
  if (audience.kind === 'channels') {
    const wanted = audience.conversationIds;
    const rows = await db.query<{ id: string }>(
      `select distinct channel_id as id from conversation_references
        where kind = 'channel' and status = 'active' and channel_id = any($1::text[])`,
      [wanted],
    );
    const known = new Set(rows.map((r) => r.id));
    return wanted.filter((c) => !known.has(c));
  }
  return [];
}
