/**
 * Answers from Microsoft Graph (group members, managers, people), shared by every bot instance: one instance asks
 * Graph, the others read the row. `fetched_at` says how old an answer is; `used_at` which entries the background
 * refresher keeps current; `refresh_claimed_until` lets one instance at a time refresh an entry.
 */
export const sql = `
create table directory_cache (
  key text primary key,
  value jsonb not null,
  fetched_at timestamptz not null,
  used_at timestamptz not null default now(),
  refresh_claimed_until timestamptz,
  last_error text,
  last_error_at timestamptz
);
create index directory_cache_fetched on directory_cache (fetched_at);
`;
