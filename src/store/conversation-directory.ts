import type { Queryable } from './database';

/** Where the bot can reach a person or a channel: a plain copy of the Bot Framework conversation reference. */
export interface ConversationRecord {
  conversationId: string;
  kind: 'personal' | 'channel' | 'groupChat';
  aadObjectId?: string;
  userName?: string;
  tenantId?: string;
  teamId?: string;
  teamName?: string;
  /**
   * For a channel conversation (the channel or a reply thread in it): the channel's own id, given by the Teams layer.
   * Defaults to the conversation id; the domain never parses conversation ids.
   */
  channelId?: string;
  serviceUrl: string;
  reference: Record<string, unknown>;
  status: 'active' | 'uninstalled' | 'blocked';
}

interface Row {
  conversation_id: string;
  kind: ConversationRecord['kind'];
  aad_object_id: string | null;
  user_name: string | null;
  tenant_id: string | null;
  team_id: string | null;
  team_name: string | null;
  channel_id: string | null;
  service_url: string;
  reference: Record<string, unknown>;
  status: ConversationRecord['status'];
}

function fromRow(r: Row): ConversationRecord {
  return {
    conversationId: r.conversation_id,
    kind: r.kind,
    aadObjectId: r.aad_object_id ?? undefined,
    userName: r.user_name ?? undefined,
    tenantId: r.tenant_id ?? undefined,
    teamId: r.team_id ?? undefined,
    teamName: r.team_name ?? undefined,
    channelId: r.channel_id ?? undefined,
    serviceUrl: r.service_url,
    reference: r.reference,
    status: r.status,
  };
}

/** Conversation references captured on install and on every turn, used for proactive cards and announcements. */
export class ConversationDirectory {
  constructor(private readonly db: Queryable) {}

  /** Records (or refreshes) a conversation; it becomes active again if it had been marked uninstalled. */
  async upsert(rec: Omit<ConversationRecord, 'status'>): Promise<void> {
    await this.db.query(
      `insert into conversation_references (conversation_id, kind, aad_object_id, user_name, tenant_id, team_id, team_name, service_url, reference, status, channel_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', case when $2::text = 'channel' then coalesce($10::text, $1::text) end)
       on conflict (conversation_id) do update set kind = excluded.kind,
         aad_object_id = coalesce(excluded.aad_object_id, conversation_references.aad_object_id),
         user_name = coalesce(excluded.user_name, conversation_references.user_name),
         tenant_id = coalesce(excluded.tenant_id, conversation_references.tenant_id),
         team_id = coalesce(excluded.team_id, conversation_references.team_id),
         team_name = coalesce(excluded.team_name, conversation_references.team_name),
         channel_id = excluded.channel_id,
         service_url = excluded.service_url, reference = excluded.reference, status = 'active', updated_at = now()`,
      [
        rec.conversationId,
        rec.kind,
        rec.aadObjectId ?? null,
        rec.userName ?? null,
        rec.tenantId ?? null,
        rec.teamId ?? null,
        rec.teamName ?? null,
        rec.serviceUrl,
        rec.reference,
        rec.channelId ?? null,
      ],
    );
  }

  async setStatus(conversationId: string, status: ConversationRecord['status']): Promise<void> {
    await this.db.query(
      'update conversation_references set status = $2, updated_at = now() where conversation_id = $1',
      [conversationId, status],
    );
  }

  /** Marks every conversation of a team (the channels) with `status`, e.g. when the bot is removed from the team. */
  async setTeamStatus(teamId: string, status: ConversationRecord['status']): Promise<void> {
    await this.db.query(
      `update conversation_references set status = $2, updated_at = now() where team_id = $1 and kind = 'channel'`,
      [teamId, status],
    );
  }

  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    const rows = await this.db.query<Row>('select * from conversation_references where conversation_id = $1', [
      conversationId,
    ]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** The personal (1:1) chat of a user with the bot, if the user installed it. */
  async personalChatOf(aadObjectId: string): Promise<ConversationRecord | undefined> {
    const rows = await this.db.query<Row>(
      `select * from conversation_references where kind = 'personal' and aad_object_id = $1 and status = 'active' order by updated_at desc limit 1`,
      [aadObjectId],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** The service URL of the most recently active conversation (the tenant's Bot Connector endpoint). */
  async latestServiceUrl(): Promise<string | undefined> {
    const rows = await this.db.query<{ service_url: string }>(
      `select service_url from conversation_references where status = 'active' order by updated_at desc limit 1`,
    );
    return rows[0]?.service_url;
  }

  async list(
    filter: { kind?: ConversationRecord['kind']; status?: ConversationRecord['status']; teamId?: string } = {},
  ): Promise<ConversationRecord[]> {
    const rows = await this.db.query<Row>(
      `select * from conversation_references where ($1::text is null or kind = $1) and ($2::text is null or status = $2) and ($3::text is null or team_id = $3)
       order by created_at, conversation_id`,
      [filter.kind ?? null, filter.status ?? null, filter.teamId ?? null],
    );
    return rows.map(fromRow);
  }
}
