/**
 * The portfolio after approval: each approved use case's lifecycle stage and production facts, the history of stage
 * moves, owners' monthly check-ins, sponsors' quarterly satisfaction ratings, the prompts sent for them (one per case,
 * kind and period, so several instances never send one twice), and AI incidents with their post-mortems.
 */
export const sql = `
create table portfolio_cases (
  use_case_id bigint primary key references use_cases(id),
  stage text not null check (stage in ('approved', 'building', 'pilot', 'production', 'paused', 'retired')),
  version integer not null default 1,
  sponsor_id text,
  sponsor_name text,
  models jsonb not null default '[]'::jsonb,
  hosting text,
  go_live date,
  monthly_cost_estimate numeric(14, 2),
  production_at timestamptz,
  last_rereview_at timestamptz,
  stage_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now()
);
create index portfolio_cases_stage on portfolio_cases (stage);

create table portfolio_stage_changes (
  id bigserial primary key,
  use_case_id bigint not null references use_cases(id),
  from_stage text not null,
  to_stage text not null,
  actor_id text not null,
  actor_name text not null,
  reason text,
  at timestamptz not null default now()
);
create index portfolio_stage_changes_case on portfolio_stage_changes (use_case_id, at);
create index portfolio_stage_changes_to on portfolio_stage_changes (to_stage, at);

create table portfolio_checkins (
  id bigserial primary key,
  use_case_id bigint not null references use_cases(id),
  period text not null,
  stage text not null,
  actual_monthly_cost numeric(14, 2) not null,
  incidents integer not null default 0,
  news text,
  reporter_id text not null,
  at timestamptz not null default now(),
  unique (use_case_id, period)
);

create table portfolio_ratings (
  id bigserial primary key,
  use_case_id bigint not null references use_cases(id),
  business_unit text not null,
  period text not null,
  score integer not null check (score between 1 and 5),
  comment text,
  rater_id text not null,
  at timestamptz not null default now(),
  unique (use_case_id, period)
);
create index portfolio_ratings_bu on portfolio_ratings (business_unit, period);

create table portfolio_prompts (
  id bigserial primary key,
  use_case_id bigint not null references use_cases(id),
  kind text not null check (kind in ('check-in', 'satisfaction', 're-review')),
  period text not null,
  recipient_id text not null,
  created_at timestamptz not null default now(),
  reminded_at timestamptz,
  unique (use_case_id, kind, period)
);

create table ai_incidents (
  id bigserial primary key,
  code text not null unique,
  use_case_id bigint references use_cases(id),
  reporter_id text not null,
  reporter_name text not null,
  severity integer not null check (severity between 1 and 3),
  summary text not null,
  status text not null default 'reported' check (status in ('reported', 'contained', 'resolved', 'closed')),
  notify_within_minutes integer not null,
  notified text[] not null default '{}',
  postmortem jsonb,
  postmortem_due_at timestamptz,
  lessons_source text,
  idempotency_key text unique,
  reported_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index ai_incidents_case on ai_incidents (use_case_id);
`;
