/**
 * Work that must follow a committed change (the notices and cards after a review decision), written in the same
 * transaction as the change, so a crash between the commit and the sending cannot lose it. `done_steps` records
 * which parts were carried out, so a retry after a crash repeats only the part that was in flight.
 */
export const sql = `
create table outbox (
  id bigserial primary key,
  topic text not null,
  payload jsonb not null,
  done_steps jsonb not null default '[]'::jsonb,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  claimed_until timestamptz,
  done_at timestamptz,
  last_error text
);
create index outbox_pending on outbox (created_at) where done_at is null;
`;
