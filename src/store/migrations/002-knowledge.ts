/** Knowledge base: indexed documents and their passages, answer feedback, unanswered questions and "Ask the CoE" escalations. */
export const sql = `
create table knowledge_documents (
  source text primary key,
  title text not null,
  kind text not null,
  hash text not null,
  audience text,
  meta jsonb not null default '{}'::jsonb,
  indexed_at timestamptz not null default now()
);
create index knowledge_documents_kind on knowledge_documents (kind);

create table knowledge_chunks (
  id bigserial primary key,
  source text not null references knowledge_documents (source) on delete cascade,
  ordinal integer not null,
  section text not null default '',
  anchor text,
  page integer,
  page_end integer,
  start_offset integer,
  end_offset integer,
  text text not null,
  unique (source, ordinal)
);

create table knowledge_feedback (
  id bigserial primary key,
  at timestamptz not null default now(),
  user_id text,
  reaction text not null check (reaction in ('like', 'dislike')),
  comment text,
  question text not null,
  normalized_question text not null,
  answer_text text not null,
  citations jsonb not null default '[]'::jsonb,
  grounded boolean
);
create index knowledge_feedback_question on knowledge_feedback (normalized_question);

create table knowledge_unanswered (
  id bigserial primary key,
  at timestamptz not null default now(),
  user_id text,
  question text not null,
  normalized_question text not null
);
create index knowledge_unanswered_question on knowledge_unanswered (normalized_question);

create table knowledge_escalations (
  id text primary key,
  created_at timestamptz not null default now(),
  asker_id text not null,
  asker_name text not null,
  asker_conversation_id text not null,
  question text not null,
  status text not null default 'open' check (status in ('open', 'answered')),
  expert_id text,
  expert_name text,
  answer text,
  answered_at timestamptz,
  kb_source text,
  added_to_kb_by text,
  added_to_kb_at timestamptz
);
create index knowledge_escalations_status on knowledge_escalations (status, created_at);
`;
