/**
 * Announcements: drafts and sends, one durable delivery job per recipient, acknowledgements,
 * per-user category mutes, channel subscriptions, team rosters, and the database-coordinated pacer
 * that keeps every bot instance together under one global message rate.
 */
export const sql = `
create table announcements (
  id bigserial primary key,
  author_id text not null,
  author_name text not null,
  author_user_id text,
  author_conversation_id text,
  source text not null default 'teams' check (source in ('teams', 'api')),
  title text not null,
  body text not null,
  image_url text,
  links jsonb not null default '[]'::jsonb,
  category text not null,
  audience jsonb not null,
  requires_ack boolean not null default false,
  status text not null check (status in ('draft', 'scheduled', 'sending', 'completed', 'cancelled')),
  version integer not null default 1,
  scheduled_at timestamptz,
  idempotency_key text unique,
  recipient_count integer,
  muted_count integer,
  status_conversation_id text,
  status_activity_id text,
  status_card_at timestamptz,
  status_card_counts jsonb,
  status_card_final boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by text
);
create index announcements_author on announcements (author_id, updated_at desc);
create index announcements_due on announcements (scheduled_at) where status = 'scheduled';
create index announcements_sending on announcements (id) where status = 'sending';

create table announcement_deliveries (
  id bigserial primary key,
  announcement_id bigint not null references announcements (id) on delete cascade,
  recipient_key text not null,
  kind text not null check (kind in ('personal', 'channel')),
  conversation_id text,
  pace_key text not null,
  aad_object_id text,
  user_id text,
  user_name text,
  team_id text,
  tenant_id text,
  status text not null default 'queued' check (status in ('queued', 'claimed', 'sending', 'sent', 'failed', 'unreachable', 'cancelled')),
  in_doubt boolean not null default false,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  claimed_by text,
  claim_token text,
  claimed_at timestamptz,
  lease_until timestamptz,
  sending_at timestamptz,
  activity_id text,
  last_http_status integer,
  last_error text,
  sent_at timestamptz,
  unique (announcement_id, recipient_key)
);
create index announcement_deliveries_due on announcement_deliveries (next_attempt_at, id) where status = 'queued';
create index announcement_deliveries_leased on announcement_deliveries (lease_until) where status in ('claimed', 'sending');
create index announcement_deliveries_user on announcement_deliveries (announcement_id, aad_object_id);
create index announcement_deliveries_conversation on announcement_deliveries (announcement_id, conversation_id);
create index announcement_deliveries_progress on announcement_deliveries (announcement_id, status);

create table announcement_acks (
  announcement_id bigint not null references announcements (id) on delete cascade,
  aad_object_id text not null,
  user_name text,
  acknowledged_at timestamptz not null default now(),
  primary key (announcement_id, aad_object_id)
);

create table announcement_mutes (
  aad_object_id text not null,
  category text not null,
  muted_at timestamptz not null default now(),
  primary key (aad_object_id, category)
);

create table announcement_channel_subscriptions (
  conversation_id text not null,
  category text not null,
  subscribed_by text not null,
  subscribed_at timestamptz not null default now(),
  primary key (conversation_id, category)
);

create table announcement_teams (
  team_id text primary key,
  team_name text,
  installed_by_aad_object_id text,
  installed_by_name text,
  installed_at timestamptz not null default now()
);

create table announcement_team_members (
  team_id text not null,
  user_id text not null,
  aad_object_id text,
  user_name text,
  tenant_id text,
  added_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
create index announcement_team_members_user on announcement_team_members (aad_object_id);

create table announcement_pacer (
  id smallint primary key check (id = 1),
  tat timestamptz not null default now(),
  slow_until timestamptz
);
insert into announcement_pacer (id) values (1);

create table announcement_conversation_pace (
  pace_key text primary key,
  next_at timestamptz not null
);
`;
