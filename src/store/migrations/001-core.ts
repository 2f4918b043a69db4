/** Core tables: bot turn state, where the bot can reach people and channels, and the append-only audit log. */
export const sql = `
create table bot_state (
  key text primary key,
  doc jsonb not null,
  etag bigint not null default 1,
  updated_at timestamptz not null default now()
);

create table conversation_references (
  conversation_id text primary key,
  kind text not null check (kind in ('personal', 'channel', 'groupChat')),
  aad_object_id text,
  user_name text,
  tenant_id text,
  team_id text,
  team_name text,
  service_url text not null,
  reference jsonb not null,
  status text not null default 'active' check (status in ('active', 'uninstalled', 'blocked')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index conversation_references_user on conversation_references (aad_object_id) where kind = 'personal';
create index conversation_references_team on conversation_references (team_id);

create table audit_events (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_id text,
  actor_name text,
  subject_type text not null,
  subject_id text not null,
  action text not null,
  comment text,
  details jsonb not null default '{}'::jsonb,
  activity_id text
);
create index audit_events_subject on audit_events (subject_type, subject_id, at);
create index audit_events_at on audit_events (at);

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only';
end;
$$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_events_append_only();
`;
