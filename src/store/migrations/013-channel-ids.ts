/**
 * The channel a stored channel conversation belongs to, as the Teams layer reports it (a reply thread and the channel
 * itself share it), so the domain groups and matches channels without knowing Teams' id syntax. Rows stored before
 * this column are filled once here with the same rule the Teams layer applies (src/teams/outbound/teams-ids.ts).
 */
export const sql = `
alter table conversation_references add column channel_id text;
update conversation_references set channel_id = split_part(conversation_id, ';', 1) where kind = 'channel';
create index conversation_references_channel on conversation_references (channel_id) where kind = 'channel';
`;
