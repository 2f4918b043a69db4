/** Ethics and risk reviews: one review per use case, the card copies sent for it, and its reminder/escalation timers. */
export const sql = `
create table reviews (
  id bigserial primary key,
  use_case_id bigint not null unique references use_cases(id),
  use_case_code text not null,
  submitter_id text not null,
  status text not null check (status in ('in-review', 'changes-requested', 'approved', 'rejected', 'withdrawn')),
  version integer not null default 1,
  state jsonb not null,
  pending_approver_ids text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index reviews_status on reviews (status);
create index reviews_pending on reviews using gin (pending_approver_ids);

create table review_cards (
  id bigserial primary key,
  review_id bigint not null references reviews(id),
  conversation_id text not null,
  activity_id text not null,
  recipient_id text,
  mentions jsonb not null default '[]'::jsonb,
  rendered_version integer not null default 0,
  created_at timestamptz not null default now(),
  unique (conversation_id, activity_id)
);
create index review_cards_review on review_cards (review_id);

create table review_timers (
  id bigserial primary key,
  review_id bigint not null references reviews(id),
  stage_id text not null,
  kind text not null check (kind in ('reminder', 'escalation')),
  activation integer not null,
  due_at timestamptz not null,
  fired_at timestamptz,
  outcome text,
  unique (review_id, stage_id, kind, activation)
);
create index review_timers_due on review_timers (due_at) where fired_at is null;
`;
