/** The review state machine: pure functions from a review (and a decision or event) to the next review. */
import { addBusinessDays } from './business-days';
import type {
  DecideOutcome,
  Decision,
  MachineContext,
  ReviewBase,
  ReviewPerson,
  ReviewRules,
  ReviewState,
  RoutedStage,
  StageState,
} from './review-types';

function clone(state: ReviewState): ReviewState {
  return structuredClone(state);
}

function stageOf(state: ReviewState, id: string): StageState | undefined {
  return state.stages.find((s) => s.id === id);
}

function startStage(stage: StageState, ctx: MachineContext): void {
  stage.status = 'active';
  stage.activation += 1;
  stage.startedAt = ctx.now.toISOString();
  stage.dueAt = addBusinessDays(ctx.now, stage.slaBusinessDays).toISOString();
  stage.remindAt = addBusinessDays(ctx.now, stage.slaBusinessDays * ctx.rules.reminderAtFraction).toISOString();
  stage.completedAt = undefined;
}

/** The people who may decide a stage now: its approvers and anyone it escalated to, less the submitter unless self-approval is allowed. */
export function eligibleApprovers(stage: StageState, state: ReviewState, rules: ReviewRules): ReviewPerson[] {
  const seen = new Set<string>();
  return [...stage.approvers, ...stage.escalatedTo].filter((p) => {
    if (seen.has(p.id) || (!rules.allowSelfApproval && p.id === state.submitterId)) return false;
    seen.add(p.id);
    return true;
  });
}

/** Eligible approvers of a stage who have not approved it yet. */
export function pendingInStage(stage: StageState, state: ReviewState, rules: ReviewRules): ReviewPerson[] {
  const approved = new Set(stage.approvals.map((a) => a.approverId));
  return eligibleApprovers(stage, state, rules).filter((p) => !approved.has(p.id));
}

/** Active stages and who still has to decide each, while the review is in review (none while paused or closed). */
export function pendingApprovers(
  state: ReviewState,
  rules: ReviewRules,
): Array<{ stage: StageState; people: ReviewPerson[] }> {
  if (state.status !== 'in-review') return [];
  return state.stages
    .filter((s) => s.status === 'active')
    .map((stage) => ({ stage, people: pendingInStage(stage, state, rules) }));
}

/** The first active stage (route order) waiting for this person's decision; a decision by them applies to it. */
export function pendingStageFor(state: ReviewState, personId: string, rules: ReviewRules): StageState | undefined {
  return pendingApprovers(state, rules).find(({ people }) => people.some((p) => p.id === personId))?.stage;
}

/** True when the person is an approver (or escalation approver) of any stage of the review. */
export function isInvolved(state: ReviewState, personId: string): boolean {
  return state.stages.some(
    (s) => s.approvers.some((p) => p.id === personId) || s.escalatedTo.some((p) => p.id === personId),
  );
}

/** Whether a stage's policy is met: any one approval, a quorum of n, or every eligible approver (an escalation approver can stand in). */
export function isStageSatisfied(stage: StageState, state: ReviewState, rules: ReviewRules): boolean {
  const approved = new Set(stage.approvals.map((a) => a.approverId));
  if (stage.policy.type === 'any') return approved.size >= 1;
  if (stage.policy.type === 'quorum') return approved.size >= stage.policy.n;
  if (stage.escalatedTo.some((p) => approved.has(p.id) && !stage.approvers.some((a) => a.id === p.id))) return true;
  const required = stage.approvers.filter((p) => rules.allowSelfApproval || p.id !== state.submitterId);
  return required.length > 0 && required.every((p) => approved.has(p.id));
}

/** Starts every waiting stage whose prerequisites have all approved, and approves the review when every stage has. Mutates `state`. */
function settle(state: ReviewState, ctx: MachineContext): { started: string[]; completed: string[] } {
  const started: string[] = [];
  const completed: string[] = [];
  if (state.status !== 'in-review') return { started, completed };
  let changed = true;
  while (changed) {
    changed = false;
    for (const stage of state.stages) {
      if (stage.status !== 'waiting') continue;
      if (!stage.after.every((id) => (stageOf(state, id)?.status ?? 'approved') === 'approved')) continue;
      startStage(stage, ctx);
      changed = true;
      if (isStageSatisfied(stage, state, ctx.rules)) {
        stage.status = 'approved';
        stage.completedAt = ctx.now.toISOString();
        completed.push(stage.id);
      } else {
        started.push(stage.id);
      }
    }
  }
  if (state.stages.every((s) => s.status === 'approved')) {
    state.status = 'approved';
    state.closedAt = ctx.now.toISOString();
  }
  return { started, completed };
}

function toStageState(stage: RoutedStage): StageState {
  return { ...stage, status: 'waiting', activation: 0, escalatedTo: [], approvals: [] };
}

/** A new review over the routed stages, with the stages that need no other stage started. */
export function newReview(
  base: ReviewBase,
  stages: RoutedStage[],
  ctx: MachineContext,
): { state: ReviewState; started: string[] } {
  const state: ReviewState = {
    id: 0,
    ...base,
    status: 'in-review',
    version: 1,
    round: 1,
    stages: stages.map(toStageState),
    decisions: [],
    createdAt: ctx.now.toISOString(),
  };
  const { started } = settle(state, ctx);
  return { state, started };
}

/** A review closed at birth because the use case is Prohibited; `reasons` are the tier reasons. */
export function autoRejectedReview(base: ReviewBase, reasons: string[], now: Date): ReviewState {
  return {
    id: 0,
    ...base,
    status: 'rejected',
    version: 1,
    round: 1,
    stages: [],
    decisions: [],
    autoRejectReasons: reasons,
    createdAt: now.toISOString(),
    closedAt: now.toISOString(),
  };
}

/**
 * Applies an approver's decision. Checks, in order: an identical earlier decision on the same version (a double click
 * or a retried invoke: no-op), that the person is an approver at all, self-approval, the version the card showed,
 * whether the review is open, and which stage is waiting for them. Reject ends the review; Request changes pauses it.
 */
export function decide(
  state: ReviewState,
  input: { actor: ReviewPerson; decision: Decision; comment?: string; version: number },
  ctx: MachineContext,
): DecideOutcome {
  const actorId = input.actor.id;
  if (
    state.decisions.some(
      (d) => d.approverId === actorId && d.decision === input.decision && d.version === input.version,
    )
  )
    return { kind: 'duplicate' };
  if (!isInvolved(state, actorId)) return { kind: 'refused', reason: 'not-approver' };
  if (actorId === state.submitterId && !ctx.rules.allowSelfApproval)
    return { kind: 'refused', reason: 'self-approval' };
  if (input.version !== state.version) return { kind: 'stale' };
  if (state.status === 'changes-requested') return { kind: 'refused', reason: 'paused' };
  if (state.status !== 'in-review') return { kind: 'refused', reason: 'closed' };
  const pending = pendingStageFor(state, actorId, ctx.rules);
  if (!pending) return { kind: 'refused', reason: 'nothing-pending' };
  const comment = input.comment?.trim() || undefined;
  if (input.decision !== 'approve' && !comment) return { kind: 'invalid', reason: 'comment-required' };

  const next = clone(state);
  const stage = stageOf(next, pending.id)!;
  const at = ctx.now.toISOString();
  next.decisions.push({
    stageId: stage.id,
    approverId: actorId,
    approverName: input.actor.name,
    decision: input.decision,
    comment,
    at,
    version: state.version,
    round: state.round,
  });
  next.version += 1;
  let completed: string[] = [];
  let started: string[] = [];
  if (input.decision === 'approve') {
    stage.approvals.push({ approverId: actorId, approverName: input.actor.name, at, ...(comment ? { comment } : {}) });
    if (isStageSatisfied(stage, next, ctx.rules)) {
      stage.status = 'approved';
      stage.completedAt = at;
      const settled = settle(next, ctx);
      completed = [stage.id, ...settled.completed];
      started = settled.started;
    }
  } else if (input.decision === 'reject') {
    stage.status = 'rejected';
    stage.completedAt = at;
    for (const other of next.stages)
      if (other.status === 'waiting' || other.status === 'active') other.status = 'cancelled';
    next.status = 'rejected';
    next.closedAt = at;
  } else {
    next.status = 'changes-requested';
  }
  return { kind: 'applied', state: next, stageId: stage.id, completed, started };
}

/**
 * Resumes a review paused for changes. `stages` is the route recomputed from the edited answers: stages that now apply
 * are added (none is removed). With `keep`, approved stages stay approved and approvals already given stay;
 * with `reset`, every stage starts again. Open stages restart their SLA, so time with the submitter is not counted.
 */
export function resubmit(
  state: ReviewState,
  stages: RoutedStage[],
  configuredAfter: Record<string, string[]>,
  mode: 'keep' | 'reset',
  ctx: MachineContext,
): { state: ReviewState; added: string[]; started: string[]; completed: string[] } | undefined {
  if (state.status !== 'changes-requested') return undefined;
  const next = clone(state);
  const added: string[] = [];
  for (const routed of stages) {
    const existing = stageOf(next, routed.id);
    if (existing) {
      existing.explanation = routed.explanation;
    } else {
      next.stages.push(toStageState(routed));
      added.push(routed.id);
    }
  }
  const order = new Map(Object.keys(configuredAfter).map((id, i) => [id, i]));
  next.stages.sort(
    (a, b) => (order.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.id) ?? Number.MAX_SAFE_INTEGER),
  );
  const ids = new Set(next.stages.map((s) => s.id));
  for (const stage of next.stages) {
    stage.after = (configuredAfter[stage.id] ?? stage.after).filter((id) => ids.has(id) && id !== stage.id);
    if (mode === 'reset') {
      stage.status = 'waiting';
      stage.approvals = [];
      stage.escalatedTo = [];
      stage.completedAt = undefined;
    } else if (stage.status === 'active') {
      stage.status = 'waiting';
    }
  }
  next.round += 1;
  next.version += 1;
  next.status = 'in-review';
  const { started, completed } = settle(next, ctx);
  return { state: next, added, started, completed };
}

/** Closes an open review because the submitter withdrew it: open stages are cancelled. Undefined when already closed. */
export function withdraw(
  state: ReviewState,
  ctx: MachineContext,
): { state: ReviewState; cancelled: string[] } | undefined {
  if (state.status !== 'in-review' && state.status !== 'changes-requested') return undefined;
  const next = clone(state);
  const cancelled: string[] = [];
  for (const stage of next.stages) {
    if (stage.status === 'waiting' || stage.status === 'active') {
      stage.status = 'cancelled';
      cancelled.push(stage.id);
    }
  }
  next.status = 'withdrawn';
  next.closedAt = ctx.now.toISOString();
  next.version += 1;
  return { state: next, cancelled };
}

/** True while a timer set for this activation of the stage still matters (the stage is open and the review is in review). */
export function isTimerCurrent(state: ReviewState, stageId: string, activation: number): boolean {
  const stage = stageOf(state, stageId);
  return state.status === 'in-review' && stage?.status === 'active' && stage.activation === activation;
}

/**
 * Escalates an overdue stage: `to` becomes an allowed approver of it (the original approvers stay; whoever decides first
 * counts). Undefined when the timer is no longer current; `added` is false when `to` could already decide.
 */
export function escalate(
  state: ReviewState,
  stageId: string,
  activation: number,
  to: ReviewPerson,
): { state: ReviewState; added: boolean } | undefined {
  if (!isTimerCurrent(state, stageId, activation)) return undefined;
  const next = clone(state);
  const stage = stageOf(next, stageId)!;
  const already = stage.approvers.some((p) => p.id === to.id) || stage.escalatedTo.some((p) => p.id === to.id);
  if (!already) {
    stage.escalatedTo.push({ id: to.id, name: to.name });
    next.version += 1;
  }
  return { state: next, added: !already };
}

/** Closes a review paused for changes because the edited answers put the use case in the Prohibited tier. */
export function autoRejectOnResubmit(
  state: ReviewState,
  reasons: string[],
  ctx: MachineContext,
): ReviewState | undefined {
  if (state.status !== 'changes-requested') return undefined;
  const next = clone(state);
  for (const stage of next.stages)
    if (stage.status === 'waiting' || stage.status === 'active') stage.status = 'cancelled';
  next.status = 'rejected';
  next.autoRejectReasons = reasons;
  next.round += 1;
  next.version += 1;
  next.closedAt = ctx.now.toISOString();
  return next;
}

/**
 * Re-opens an approved review (a material change after approval, or the periodic re-review): the review waits for the
 * owner's changes again, with the stages in `redo` (every stage when `'all'`) cleared so they decide anew. The
 * resubmission that follows (`resubmit`) adds stages the new facts call for and starts the cleared ones.
 */
export function reopen(state: ReviewState, redo: string[] | 'all'): ReviewState | undefined {
  if (state.status !== 'approved') return undefined;
  const next = clone(state);
  for (const stage of next.stages) {
    if (redo !== 'all' && !redo.includes(stage.id)) continue;
    stage.status = 'waiting';
    stage.approvals = [];
    stage.escalatedTo = [];
    stage.completedAt = undefined;
  }
  next.status = 'changes-requested';
  next.version += 1;
  next.closedAt = undefined;
  return next;
}
