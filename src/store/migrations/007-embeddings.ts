/**
 * Passage embeddings for the optional hybrid retrieval, shared by every bot instance. A vector is keyed
 * by the embedding model (the Azure OpenAI deployment name) and the SHA-256 of the text that was
 * embedded, so unchanged passages are never embedded twice, and is stored as little-endian float32 bytes.
 */
export const sql = `
create table knowledge_embeddings (
  model text not null,
  text_hash text not null,
  dims integer not null check (dims > 0),
  vector bytea not null,
  created_at timestamptz not null default now(),
  primary key (model, text_hash)
);
create index knowledge_embeddings_created on knowledge_embeddings (model, created_at);
`;
