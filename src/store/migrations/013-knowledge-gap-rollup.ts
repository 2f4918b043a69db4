/**
 * Knowledge gaps kept as a rollup (one row per normalised question: unanswered and thumbs-down counts, the latest
 * wording and when it was last asked), so the gap list and the dashboard read the top rows of an index instead of
 * grouping every unanswered question and thumbs-down. Triggers on knowledge_unanswered and knowledge_feedback add
 * counts per statement in key order; a removed event also re-reads its question's latest wording.
 */
export const sql = `
create table knowledge_gap_totals (
  normalized_question text primary key,
  question text not null,
  unanswered integer not null default 0,
  dislikes integer not null default 0,
  total integer generated always as (unanswered + dislikes) stored,
  last_at timestamptz not null
);
create index knowledge_gap_totals_top on knowledge_gap_totals (total desc, last_at desc);

-- Adds events (sign +1) or takes them away (sign -1): rows of (normalized_question, question, at, unanswered, dislikes).
create function knowledge_gaps_apply(events jsonb, sign integer) returns void language plpgsql as $$
begin
  insert into knowledge_gap_totals as g (normalized_question, question, unanswered, dislikes, last_at)
  select e.k, (array_agg(e.q order by e.at desc))[1], sign * sum(e.u), sign * sum(e.d), max(e.at)
    from jsonb_to_recordset(events) e(k text, q text, at timestamptz, u integer, d integer)
   group by e.k order by e.k
  on conflict (normalized_question) do update set
    unanswered = g.unanswered + excluded.unanswered,
    dislikes = g.dislikes + excluded.dislikes,
    question = case when sign > 0 and excluded.last_at >= g.last_at then excluded.question else g.question end,
    last_at = case when sign > 0 then greatest(g.last_at, excluded.last_at) else g.last_at end;
  if sign < 0 then
    -- The latest wording and time among what is left; questions with nothing left go.
    update knowledge_gap_totals g set (question, last_at) = (
      select l.question, l.at from (
        select question, at from knowledge_unanswered u where u.normalized_question = g.normalized_question
        union all
        select question, at from knowledge_feedback f where f.reaction = 'dislike' and f.normalized_question = g.normalized_question
      ) l order by l.at desc limit 1)
     where g.normalized_question in (select e.k from jsonb_to_recordset(events) e(k text)) and g.total > 0;
    delete from knowledge_gap_totals where total <= 0;
  end if;
end $$;

create function knowledge_unanswered_gaps() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform knowledge_gaps_apply((select coalesce(jsonb_agg(jsonb_build_object('k', normalized_question, 'q', question, 'at', at, 'u', 1, 'd', 0)), '[]') from old_rows), -1);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform knowledge_gaps_apply((select coalesce(jsonb_agg(jsonb_build_object('k', normalized_question, 'q', question, 'at', at, 'u', 1, 'd', 0)), '[]') from new_rows), 1);
  end if;
  return null;
end $$;
create trigger knowledge_unanswered_gaps_insert after insert on knowledge_unanswered
  referencing new table as new_rows for each statement execute function knowledge_unanswered_gaps();
create trigger knowledge_unanswered_gaps_update after update on knowledge_unanswered
  referencing old table as old_rows new table as new_rows for each statement execute function knowledge_unanswered_gaps();
create trigger knowledge_unanswered_gaps_delete after delete on knowledge_unanswered
  referencing old table as old_rows for each statement execute function knowledge_unanswered_gaps();

create function knowledge_feedback_gaps() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform knowledge_gaps_apply((select coalesce(jsonb_agg(jsonb_build_object('k', normalized_question, 'q', question, 'at', at, 'u', 0, 'd', 1)), '[]') from old_rows where reaction = 'dislike'), -1);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform knowledge_gaps_apply((select coalesce(jsonb_agg(jsonb_build_object('k', normalized_question, 'q', question, 'at', at, 'u', 0, 'd', 1)), '[]') from new_rows where reaction = 'dislike'), 1);
  end if;
  return null;
end $$;
create trigger knowledge_feedback_gaps_insert after insert on knowledge_feedback
  referencing new table as new_rows for each statement execute function knowledge_feedback_gaps();
create trigger knowledge_feedback_gaps_update after update on knowledge_feedback
  referencing old table as old_rows new table as new_rows for each statement execute function knowledge_feedback_gaps();
create trigger knowledge_feedback_gaps_delete after delete on knowledge_feedback
  referencing old table as old_rows for each statement execute function knowledge_feedback_gaps();

insert into knowledge_gap_totals (normalized_question, question, unanswered, dislikes, last_at)
select normalized_question, (array_agg(question order by at desc))[1], sum(u), sum(d), max(at)
  from (select normalized_question, question, at, 1 as u, 0 as d from knowledge_unanswered
        union all
        select normalized_question, question, at, 0, 1 from knowledge_feedback where reaction = 'dislike') e
 group by normalized_question;
`;
