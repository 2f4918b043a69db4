/** When an unanswered check-in or survey was escalated (once per prompt, after its reminder). */
export const sql = `
alter table portfolio_prompts add column escalated_at timestamptz;
`;
