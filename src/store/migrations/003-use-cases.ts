/** Use cases (submitted through the intake wizard) and per-user wizard drafts. */
export const sql = `
create sequence use_case_number start 1;

create table use_cases (
  id bigserial primary key,
  code text not null unique,
  submitter_id text not null,
  submitter_name text not null,
  title text not null,
  business_unit text not null,
  answers jsonb not null,
  facts jsonb not null,
  tier text not null check (tier in ('prohibited', 'high', 'limited', 'minimal')),
  tier_reasons jsonb not null default '[]'::jsonb,
  status text not null check (status in ('submitted', 'in-review', 'changes-requested', 'approved', 'rejected', 'withdrawn')),
  version integer not null default 1,
  idempotency_key text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz not null default now()
);
create index use_cases_submitter on use_cases (submitter_id, updated_at desc);
create index use_cases_status on use_cases (status, tier);

-- A draft is open while submitted_use_case_id is null. Once submitted it is kept (closed) so that a retried
-- submit of the same draft version finds the use case it already created. use_case_id marks an edit of a
-- submitted use case (changes requested) rather than a new submission.
create table use_case_drafts (
  id bigserial primary key,
  owner_id text not null,
  use_case_id bigint references use_cases(id),
  step text not null check (step in ('basics', 'data', 'impact', 'solution', 'value', 'review')),
  answers jsonb not null default '{}'::jsonb,
  version integer not null default 1,
  submitted_use_case_id bigint references use_cases(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index use_case_drafts_one_open on use_case_drafts (owner_id) where use_case_id is null and submitted_use_case_id is null;
create unique index use_case_drafts_one_edit on use_case_drafts (use_case_id) where use_case_id is not null and submitted_use_case_id is null;
`;
