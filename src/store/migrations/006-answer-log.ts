/** Every answer the bot gave, keyed by its Teams activity id, so feedback on a message finds its question and sources. */
export const sql = `
create table knowledge_answers (
  activity_id text not null,
  conversation_id text not null,
  user_id text,
  question text not null,
  answer_text text not null,
  grounded boolean not null,
  generated_by_model boolean not null default false,
  citations jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  primary key (conversation_id, activity_id)
);
create index knowledge_answers_created on knowledge_answers (created_at);
`;
