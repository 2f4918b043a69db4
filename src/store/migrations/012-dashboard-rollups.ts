/**
 * Rollups the dashboard reads instead of scanning whole tables, kept exact by triggers in the writing transaction (so
 * every writer, every instance and the seed scripts keep them right without code of their own). Counter rows are
 * upserted in key order, so two transactions shifting the same counters cannot deadlock, and an update that changes
 * no counted fact touches no counter.
 * - portfolio_funnel: use cases per inventory stage (review status, or portfolio stage once approved) and risk tier;
 * - review_stage_totals / review_decision_totals / review_open_stage_runs: review stage runs decided, days taken and
 *   decided on time per stage, the time to the final decision, and the stage runs still open with their due dates
 *   (the review-time metrics used to expand every review's JSON state on each render);
 * - knowledge_days: questions, grounded answers, thumbs up and down per UTC day (instead of counting the whole
 *   answer log and feedback);
 * - portfolio_cases.latest_checkin_period / latest_actual_cost: each case's latest reported monthly cost;
 * - portfolio_cost_months: reported production costs per check-in month; portfolio_rating_sums: ratings per business
 *   unit and quarter.
 */
export const sql = `
create function inventory_stage(status text, stage text) returns text language sql immutable as $$
  select case when stage is not null and (status = 'approved' or stage in ('paused', 'retired')) then stage
              when status = 'approved' then 'approved' else status end
$$;

create table portfolio_funnel (
  stage text not null,
  tier text not null,
  n integer not null default 0,
  primary key (stage, tier)
);

create function portfolio_funnel_shift(from_stage text, from_tier text, to_stage text, to_tier text) returns void
language sql as $$
  insert into portfolio_funnel as f (stage, tier, n)
  select v.stage, v.tier, sum(v.d) from (values (from_stage, from_tier, -1), (to_stage, to_tier, 1)) v(stage, tier, d)
   where v.stage is not null and v.tier is not null
   group by v.stage, v.tier having sum(v.d) <> 0
   order by v.stage, v.tier
  on conflict (stage, tier) do update set n = f.n + excluded.n
$$;

create function use_cases_funnel() returns trigger language plpgsql as $$
declare
  p_stage text;
begin
  select p.stage into p_stage from portfolio_cases p where p.use_case_id = coalesce(new.id, old.id);
  perform portfolio_funnel_shift(
    case when tg_op <> 'INSERT' then inventory_stage(old.status, p_stage) end,
    case when tg_op <> 'INSERT' then old.tier end,
    case when tg_op <> 'DELETE' then inventory_stage(new.status, p_stage) end,
    case when tg_op <> 'DELETE' then new.tier end);
  return null;
end $$;
create trigger use_cases_funnel after insert or update of status, tier or delete on use_cases
  for each row execute function use_cases_funnel();

create function portfolio_cases_funnel() returns trigger language plpgsql as $$
declare
  u_status text;
  u_tier text;
begin
  select u.status, u.tier into u_status, u_tier from use_cases u where u.id = coalesce(new.use_case_id, old.use_case_id);
  perform portfolio_funnel_shift(
    inventory_stage(u_status, case when tg_op <> 'INSERT' then old.stage end), u_tier,
    inventory_stage(u_status, case when tg_op <> 'DELETE' then new.stage end), u_tier);
  return null;
end $$;
create trigger portfolio_cases_funnel after insert or update of stage or delete on portfolio_cases
  for each row execute function portfolio_cases_funnel();

insert into portfolio_funnel (stage, tier, n)
select inventory_stage(u.status, p.stage), u.tier, count(*)
  from use_cases u left join portfolio_cases p on p.use_case_id = u.id group by 1, 2;

create table review_stage_totals (
  stage_id text primary key,
  stage_name text,
  sla_business_days numeric,
  runs integer not null default 0,
  decided integer not null default 0,
  days_sum numeric not null default 0,
  days_n integer not null default 0,
  on_time integer not null default 0
);

create table review_decision_totals (
  id integer primary key check (id = 1),
  decided integer not null default 0,
  days_sum numeric not null default 0
);
insert into review_decision_totals (id) values (1);

create table review_open_stage_runs (
  review_id bigint not null references reviews(id) on delete cascade,
  position integer not null,
  stage_id text not null,
  due_at timestamptz,
  primary key (review_id, position)
);
create index review_open_stage_runs_due on review_open_stage_runs (due_at);

-- A review's counted facts move from (old_*) to (new_*); nulls stand for "none" (an insert, a delete, or the backfill).
create function review_rollups_shift(review bigint, old_state jsonb, old_status text, old_created timestamptz,
                                     new_state jsonb, new_status text, new_created timestamptz) returns void
language plpgsql as $$
declare
  old_stages jsonb := case when jsonb_typeof(old_state->'stages') = 'array' then old_state->'stages' else '[]'::jsonb end;
  new_stages jsonb := case when jsonb_typeof(new_state->'stages') = 'array' then new_state->'stages' else '[]'::jsonb end;
begin
  with runs as (
    select -1 as sign, s.v from jsonb_array_elements(old_stages) s(v)
    union all
    select 1, s.v from jsonb_array_elements(new_stages) s(v)
  ), typed as (
    select sign, v->>'id' as id, v->>'name' as name, (v->>'slaBusinessDays')::numeric as sla,
           (v->>'startedAt')::timestamptz as started, (v->>'dueAt')::timestamptz as due,
           (v->>'completedAt')::timestamptz as completed
      from runs where v->>'id' is not null
  ), delta as (
    select id, max(name) as name, max(sla) as sla, sum(sign)::int as runs,
           coalesce(sum(sign) filter (where completed is not null), 0)::int as decided,
           coalesce(sum(sign * extract(epoch from (completed - started)) / 86400), 0) as days_sum,
           coalesce(sum(sign) filter (where completed is not null and started is not null), 0)::int as days_n,
           coalesce(sum(sign) filter (where completed <= due), 0)::int as on_time
      from typed group by id
  )
  insert into review_stage_totals as t (stage_id, stage_name, sla_business_days, runs, decided, days_sum, days_n, on_time)
  select id, name, sla, runs, decided, days_sum, days_n, on_time from delta
   where (runs, decided, days_sum, days_n, on_time) <> (0, 0, 0, 0, 0)
   order by id
  on conflict (stage_id) do update set
    stage_name = greatest(t.stage_name, excluded.stage_name),
    sla_business_days = greatest(t.sla_business_days, excluded.sla_business_days),
    runs = t.runs + excluded.runs, decided = t.decided + excluded.decided, days_sum = t.days_sum + excluded.days_sum,
    days_n = t.days_n + excluded.days_n, on_time = t.on_time + excluded.on_time;

  with decisions(sign, state, status, created_at) as (
    values (-1, old_state, old_status, old_created), (1, new_state, new_status, new_created)
  ), delta as (
    select coalesce(sum(sign), 0)::int as n,
           coalesce(sum(sign * extract(epoch from ((state->>'closedAt')::timestamptz - coalesce((state->>'createdAt')::timestamptz, created_at))) / 86400), 0) as days
      from decisions
     where status in ('approved', 'rejected') and state->>'closedAt' is not null and state->>'autoRejectReasons' is null
  )
  update review_decision_totals t set decided = t.decided + delta.n, days_sum = t.days_sum + delta.days
    from delta where t.id = 1 and (delta.n <> 0 or delta.days <> 0);

  if old_stages is distinct from new_stages then
    delete from review_open_stage_runs where review_id = review;
    insert into review_open_stage_runs (review_id, position, stage_id, due_at)
    select review, s.ord, s.v->>'id', (s.v->>'dueAt')::timestamptz
      from jsonb_array_elements(new_stages) with ordinality s(v, ord)
     where s.v->>'id' is not null and s.v->>'status' = 'active';
  end if;
end $$;

create function reviews_rollups() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform review_rollups_shift(new.id, null, null, null, new.state, new.status, new.created_at);
  elsif tg_op = 'UPDATE' then
    perform review_rollups_shift(new.id, old.state, old.status, old.created_at, new.state, new.status, new.created_at);
  else
    perform review_rollups_shift(old.id, old.state, old.status, old.created_at, null, null, null);
  end if;
  return null;
end $$;
create trigger reviews_rollups after insert or update or delete on reviews
  for each row execute function reviews_rollups();
select review_rollups_shift(id, null, null, null, state, status, created_at) from reviews order by id;

create table knowledge_days (
  day date primary key,
  questions bigint not null default 0,
  answered bigint not null default 0,
  likes bigint not null default 0,
  dislikes bigint not null default 0
);

-- Adds per-day counts (negative to take rows away), in day order.
create function knowledge_days_add(counts jsonb) returns void language sql as $$
  insert into knowledge_days as d (day, questions, answered, likes, dislikes)
  select (c->>'day')::date, sum((c->>'questions')::bigint), sum((c->>'answered')::bigint), sum((c->>'likes')::bigint), sum((c->>'dislikes')::bigint)
    from jsonb_array_elements(counts) c group by 1 order by 1
  on conflict (day) do update set questions = d.questions + excluded.questions, answered = d.answered + excluded.answered,
    likes = d.likes + excluded.likes, dislikes = d.dislikes + excluded.dislikes
$$;

create function knowledge_answers_days() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform knowledge_days_add(coalesce((select jsonb_agg(jsonb_build_object('day', day, 'questions', -q, 'answered', -a, 'likes', 0, 'dislikes', 0))
      from (select (created_at at time zone 'UTC')::date as day, count(*) as q, count(*) filter (where grounded) as a from old_rows group by 1) o), '[]'));
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform knowledge_days_add(coalesce((select jsonb_agg(jsonb_build_object('day', day, 'questions', q, 'answered', a, 'likes', 0, 'dislikes', 0))
      from (select (created_at at time zone 'UTC')::date as day, count(*) as q, count(*) filter (where grounded) as a from new_rows group by 1) n), '[]'));
  end if;
  return null;
end $$;
create trigger knowledge_answers_days_insert after insert on knowledge_answers
  referencing new table as new_rows for each statement execute function knowledge_answers_days();
create trigger knowledge_answers_days_update after update on knowledge_answers
  referencing old table as old_rows new table as new_rows for each statement execute function knowledge_answers_days();
create trigger knowledge_answers_days_delete after delete on knowledge_answers
  referencing old table as old_rows for each statement execute function knowledge_answers_days();

create function knowledge_feedback_days() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform knowledge_days_add(coalesce((select jsonb_agg(jsonb_build_object('day', day, 'questions', 0, 'answered', 0, 'likes', -l, 'dislikes', -d))
      from (select (at at time zone 'UTC')::date as day, count(*) filter (where reaction = 'like') as l,
                   count(*) filter (where reaction = 'dislike') as d from old_rows group by 1) o), '[]'));
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform knowledge_days_add(coalesce((select jsonb_agg(jsonb_build_object('day', day, 'questions', 0, 'answered', 0, 'likes', l, 'dislikes', d))
      from (select (at at time zone 'UTC')::date as day, count(*) filter (where reaction = 'like') as l,
                   count(*) filter (where reaction = 'dislike') as d from new_rows group by 1) n), '[]'));
  end if;
  return null;
end $$;
create trigger knowledge_feedback_days_insert after insert on knowledge_feedback
  referencing new table as new_rows for each statement execute function knowledge_feedback_days();
create trigger knowledge_feedback_days_update after update on knowledge_feedback
  referencing old table as old_rows new table as new_rows for each statement execute function knowledge_feedback_days();
create trigger knowledge_feedback_days_delete after delete on knowledge_feedback
  referencing old table as old_rows for each statement execute function knowledge_feedback_days();

insert into knowledge_days (day, questions, answered, likes, dislikes)
select day, sum(q), sum(a), sum(l), sum(d) from (
  select (created_at at time zone 'UTC')::date as day, count(*) as q, count(*) filter (where grounded) as a, 0 as l, 0 as d
    from knowledge_answers group by 1
  union all
  select (at at time zone 'UTC')::date, 0, 0, count(*) filter (where reaction = 'like'), count(*) filter (where reaction = 'dislike')
    from knowledge_feedback group by 1) x
group by day;

alter table portfolio_cases add column latest_checkin_period text, add column latest_actual_cost numeric(14, 2);

create table portfolio_cost_months (
  period text primary key,
  total numeric(16, 2) not null default 0,
  n integer not null default 0
);

create function portfolio_checkin_rollups() returns trigger language plpgsql as $$
declare
  case_id bigint;
begin
  if tg_op in ('UPDATE', 'DELETE') and old.stage = 'production' then
    update portfolio_cost_months set total = total - old.actual_monthly_cost, n = n - 1 where period = old.period;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.stage = 'production' then
    insert into portfolio_cost_months as m (period, total, n) values (new.period, new.actual_monthly_cost, 1)
    on conflict (period) do update set total = m.total + excluded.total, n = m.n + 1;
  end if;
  case_id := case when tg_op = 'DELETE' then old.use_case_id else new.use_case_id end;
  update portfolio_cases p set (latest_checkin_period, latest_actual_cost) =
         (select c.period, c.actual_monthly_cost from portfolio_checkins c where c.use_case_id = case_id order by c.period desc limit 1)
   where p.use_case_id = case_id;
  return null;
end $$;
create trigger portfolio_checkins_rollups after insert or update or delete on portfolio_checkins
  for each row execute function portfolio_checkin_rollups();

create function portfolio_case_latest_checkin() returns trigger language plpgsql as $$
begin
  select c.period, c.actual_monthly_cost into new.latest_checkin_period, new.latest_actual_cost
    from portfolio_checkins c where c.use_case_id = new.use_case_id order by c.period desc limit 1;
  return new;
end $$;
create trigger portfolio_cases_latest_checkin before insert on portfolio_cases
  for each row execute function portfolio_case_latest_checkin();

update portfolio_cases p set latest_checkin_period = k.period, latest_actual_cost = k.actual_monthly_cost
  from (select distinct on (use_case_id) use_case_id, period, actual_monthly_cost from portfolio_checkins
         order by use_case_id, period desc) k
 where k.use_case_id = p.use_case_id;
insert into portfolio_cost_months (period, total, n)
select period, sum(actual_monthly_cost), count(*) from portfolio_checkins where stage = 'production' group by period;

create table portfolio_rating_sums (
  business_unit text not null,
  period text not null,
  total bigint not null default 0,
  n integer not null default 0,
  primary key (business_unit, period)
);

create function portfolio_rating_rollups() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update portfolio_rating_sums set total = total - old.score, n = n - 1
     where business_unit = old.business_unit and period = old.period;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into portfolio_rating_sums as s (business_unit, period, total, n) values (new.business_unit, new.period, new.score, 1)
    on conflict (business_unit, period) do update set total = s.total + excluded.total, n = s.n + 1;
  end if;
  return null;
end $$;
create trigger portfolio_ratings_rollups after insert or update or delete on portfolio_ratings
  for each row execute function portfolio_rating_rollups();
insert into portfolio_rating_sums (business_unit, period, total, n)
select business_unit, period, sum(score), count(*) from portfolio_ratings group by 1, 2;
`;
