import {
  decide,
  escalate,
  newReview,
  pendingApprovers,
  pendingStageFor,
  resubmit,
  withdraw,
} from '../../src/review/review-machine';
import type {
  DecideOutcome,
  Decision,
  MachineContext,
  ReviewPerson,
  ReviewRules,
  ReviewState,
  RoutedStage,
  StagePolicy,
} from '../../src/review/review-types';

const A: ReviewPerson = { id: 'a', name: 'Ann' };
const B: ReviewPerson = { id: 'b', name: 'Bob' };
const C: ReviewPerson = { id: 'c', name: 'Cat' };
const S: ReviewPerson = { id: 's', name: 'Sam (submitter)' };
const X: ReviewPerson = { id: 'x', name: 'Xavier (backup)' };

const RULES: ReviewRules = { allowSelfApproval: false, reminderAtFraction: 0.75 };
const MONDAY = new Date('2026-11-09T09:00:00Z');
const ctx = (rules: ReviewRules = RULES, now = MONDAY): MachineContext => ({ rules, now });

function stage(
  id: string,
  approvers: ReviewPerson[],
  options: { policy?: StagePolicy; after?: string[]; sla?: number; backup?: ReviewPerson } = {},
): RoutedStage {
  return {
    id,
    name: `${id} review`,
    explanation: `${id} review because: test`,
    after: options.after ?? [],
    approvers,
    backup: options.backup,
    policy: options.policy ?? { type: 'any' },
    slaBusinessDays: options.sla ?? 5,
  };
}

/** triage (any of A, B) → privacy (any of B) and legal (any of C) in parallel → board (quorum 2 of A, B, C). */
const ROUTE: RoutedStage[] = [
  stage('triage', [A, B], { sla: 2, backup: X }),
  stage('privacy', [B], { after: ['triage'] }),
  stage('legal', [C], { after: ['triage'] }),
  stage('board', [A, B, C], { policy: { type: 'quorum', n: 2 }, after: ['triage', 'privacy', 'legal'], sla: 10 }),
];
const CONFIGURED_AFTER = {
  triage: [],
  privacy: ['triage'],
  legal: ['triage'],
  security: ['triage'],
  board: ['triage', 'privacy', 'legal', 'security'],
};

const BASE = {
  useCaseId: 1,
  useCaseCode: 'UC-0001',
  title: 'Test',
  submitterId: S.id,
  submitterName: S.name,
  tier: 'high' as const,
  tierReasons: [],
};

function start(route: RoutedStage[] = ROUTE, rules: ReviewRules = RULES): ReviewState {
  return newReview(BASE, route, ctx(rules)).state;
}

function applied(outcome: DecideOutcome): Extract<DecideOutcome, { kind: 'applied' }> {
  if (outcome.kind !== 'applied') throw new Error(`expected the decision to apply, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function act(
  state: ReviewState,
  who: ReviewPerson,
  decision: Decision = 'approve',
  comment?: string,
  rules: ReviewRules = RULES,
): ReviewState {
  return applied(decide(state, { actor: who, decision, comment, version: state.version }, ctx(rules))).state;
}

const statuses = (state: ReviewState) => Object.fromEntries(state.stages.map((s) => [s.id, s.status]));

describe('review state machine', () => {
  it('starts only the stages without prerequisites, with SLA and reminder dates in business days', () => {
    const state = start();
    expect(statuses(state)).toEqual({ triage: 'active', privacy: 'waiting', legal: 'waiting', board: 'waiting' });
    expect(state.stages[0]).toMatchObject({
      activation: 1,
      startedAt: '2026-11-09T09:00:00.000Z',
      dueAt: '2026-11-11T09:00:00.000Z',
      remindAt: '2026-11-10T21:00:00.000Z',
    });
    expect(pendingApprovers(state, RULES).map(({ stage: s, people }) => [s.id, people.map((p) => p.id)])).toEqual([
      ['triage', ['a', 'b']],
    ]);
  });

  it('policy any: one approval completes the stage and starts the parallel stages', () => {
    const outcome = applied(decide(start(), { actor: B, decision: 'approve', version: 1 }, ctx()));
    expect(outcome.completed).toEqual(['triage']);
    expect(outcome.started).toEqual(['privacy', 'legal']);
    expect(statuses(outcome.state)).toEqual({
      triage: 'approved',
      privacy: 'active',
      legal: 'active',
      board: 'waiting',
    });
    expect(outcome.state.version).toBe(2);
  });

  it('policy quorum: the stage completes at the n-th approval, and each approver decides once', () => {
    let state = act(act(act(start(), A), B), C);
    expect(statuses(state).board).toBe('active');
    state = act(state, A);
    expect(statuses(state).board).toBe('active');
    expect(pendingStageFor(state, 'a', RULES)).toBeUndefined();
    expect(decide(state, { actor: A, decision: 'approve', version: state.version }, ctx())).toEqual({
      kind: 'refused',
      reason: 'nothing-pending',
    });
    state = act(state, C);
    expect(statuses(state).board).toBe('approved');
    expect(state.status).toBe('approved');
    expect(state.closedAt).toBeDefined();
  });

  it('policy all: every approver must approve; the submitter is not required when self-approval is off', () => {
    const route = [stage('all', [A, B, S], { policy: { type: 'all' } })];
    let state = act(start(route), A);
    expect(state.stages[0].status).toBe('active');
    expect(pendingApprovers(state, RULES)[0].people.map((p) => p.id)).toEqual(['b']);
    state = act(state, B);
    expect(state.status).toBe('approved');
    const withSelf = { ...RULES, allowSelfApproval: true };
    let selfState = act(
      act(start(route, withSelf), A, 'approve', undefined, withSelf),
      B,
      'approve',
      undefined,
      withSelf,
    );
    expect(selfState.status).toBe('in-review');
    selfState = act(selfState, S, 'approve', undefined, withSelf);
    expect(selfState.status).toBe('approved');
  });

  it('parallel stages: the board starts only when every stage it follows has approved', () => {
    let state = act(start(), A);
    state = act(state, B);
    expect(statuses(state)).toMatchObject({ privacy: 'approved', legal: 'active', board: 'waiting' });
    const last = applied(decide(state, { actor: C, decision: 'approve', version: state.version }, ctx()));
    expect(last.started).toEqual(['board']);
  });

  it('any Reject ends the review: open and waiting stages are cancelled and nobody can decide any more', () => {
    let state = act(start(), A);
    state = act(state, C, 'reject', 'Customer data leaves the EU.');
    expect(state.status).toBe('rejected');
    expect(statuses(state)).toEqual({
      triage: 'approved',
      privacy: 'cancelled',
      legal: 'rejected',
      board: 'cancelled',
    });
    expect(decide(state, { actor: B, decision: 'approve', version: state.version }, ctx())).toEqual({
      kind: 'refused',
      reason: 'closed',
    });
  });

  it('Reject and Request changes need a comment; Approve does not', () => {
    const state = start();
    expect(decide(state, { actor: A, decision: 'reject', comment: '   ', version: 1 }, ctx())).toEqual({
      kind: 'invalid',
      reason: 'comment-required',
    });
    expect(decide(state, { actor: A, decision: 'request-changes', version: 1 }, ctx())).toEqual({
      kind: 'invalid',
      reason: 'comment-required',
    });
    expect(decide(state, { actor: A, decision: 'approve', version: 1 }, ctx()).kind).toBe('applied');
  });

  it('refuses non-approvers and the submitter, and tells a double click or stale card apart', () => {
    const state = start();
    expect(decide(state, { actor: { id: 'eve', name: 'Eve' }, decision: 'approve', version: 1 }, ctx())).toEqual({
      kind: 'refused',
      reason: 'not-approver',
    });
    expect(decide(state, { actor: { id: 'eve', name: 'Eve' }, decision: 'approve', version: 99 }, ctx())).toEqual({
      kind: 'refused',
      reason: 'not-approver',
    });
    const selfRoute = [stage('triage', [S, A])];
    expect(decide(start(selfRoute), { actor: S, decision: 'approve', version: 1 }, ctx())).toEqual({
      kind: 'refused',
      reason: 'self-approval',
    });
    const after = act(state, A);
    expect(decide(after, { actor: A, decision: 'approve', version: 1 }, ctx())).toEqual({ kind: 'duplicate' });
    expect(decide(after, { actor: B, decision: 'approve', version: 1 }, ctx())).toEqual({ kind: 'stale' });
  });

  it('Request changes pauses the review; resubmission with "keep" keeps approvals and restarts the open stages', () => {
    let state = act(act(start(), A), B);
    state = act(state, C, 'request-changes', 'Say where the data is stored.');
    expect(state.status).toBe('changes-requested');
    expect(pendingApprovers(state, RULES)).toEqual([]);
    expect(decide(state, { actor: C, decision: 'approve', version: state.version }, ctx())).toEqual({
      kind: 'refused',
      reason: 'paused',
    });
    const later = new Date('2026-11-16T09:00:00Z');
    const resumed = resubmit(state, ROUTE, CONFIGURED_AFTER, 'keep', ctx(RULES, later))!;
    expect(resumed.added).toEqual([]);
    expect(resumed.started).toEqual(['legal']);
    expect(resumed.state).toMatchObject({ status: 'in-review', round: 2 });
    expect(statuses(resumed.state)).toEqual({
      triage: 'approved',
      privacy: 'approved',
      legal: 'active',
      board: 'waiting',
    });
    const legal = resumed.state.stages.find((s) => s.id === 'legal')!;
    expect(legal).toMatchObject({ activation: 2, startedAt: later.toISOString() });
    expect(pendingStageFor(resumed.state, 'c', RULES)?.id).toBe('legal');
  });

  it('"keep" also keeps partial approvals of a quorum stage', () => {
    let state = act(act(act(start(), A), B), C);
    state = act(state, A);
    state = act(state, B, 'request-changes', 'Add the DPIA.');
    const resumed = resubmit(state, ROUTE, CONFIGURED_AFTER, 'keep', ctx())!;
    const board = resumed.state.stages.find((s) => s.id === 'board')!;
    expect(board.approvals.map((a) => a.approverId)).toEqual(['a']);
    expect(pendingApprovers(resumed.state, RULES)[0].people.map((p) => p.id)).toEqual(['b', 'c']);
  });

  it('resubmission with "reset" clears every approval and starts again from triage', () => {
    let state = act(act(start(), A), B);
    state = act(state, C, 'request-changes', 'Unclear scope.');
    const resumed = resubmit(state, ROUTE, CONFIGURED_AFTER, 'reset', ctx())!;
    expect(statuses(resumed.state)).toEqual({
      triage: 'active',
      privacy: 'waiting',
      legal: 'waiting',
      board: 'waiting',
    });
    expect(resumed.state.stages.every((s) => s.approvals.length === 0)).toBe(true);
    expect(resumed.state.decisions).toHaveLength(3);
  });

  it('resubmission re-routes: a stage that now applies is added in order and starts when its prerequisites have approved', () => {
    let state = act(start(), A);
    state = act(state, B, 'request-changes', 'Vendor hosting is not described.');
    const rerouted = [
      ...ROUTE.slice(0, 3),
      stage('security', [A], { after: ['triage'] }),
      { ...ROUTE[3], after: ['triage', 'privacy', 'legal', 'security'] },
    ];
    const resumed = resubmit(state, rerouted, CONFIGURED_AFTER, 'keep', ctx())!;
    expect(resumed.added).toEqual(['security']);
    expect(resumed.state.stages.map((s) => s.id)).toEqual(['triage', 'privacy', 'legal', 'security', 'board']);
    expect(resumed.state.stages.find((s) => s.id === 'board')!.after).toEqual([
      'triage',
      'privacy',
      'legal',
      'security',
    ]);
    expect(resumed.started).toEqual(['privacy', 'legal', 'security']);
    expect(resubmit(resumed.state, rerouted, CONFIGURED_AFTER, 'keep', ctx())).toBeUndefined();
  });

  it('withdrawal cancels the open stages once', () => {
    const state = act(start(), A);
    const out = withdraw(state, ctx())!;
    expect(out.cancelled).toEqual(['privacy', 'legal', 'board']);
    expect(out.state.status).toBe('withdrawn');
    expect(withdraw(out.state, ctx())).toBeUndefined();
    expect(decide(out.state, { actor: B, decision: 'approve', version: out.state.version }, ctx())).toEqual({
      kind: 'refused',
      reason: 'closed',
    });
  });

  it('escalation makes the backup an approver of that stage activation; whoever decides first counts', () => {
    const state = start();
    expect(escalate(state, 'triage', 2, X)).toBeUndefined();
    const out = escalate(state, 'triage', 1, X)!;
    expect(out.added).toBe(true);
    expect(pendingApprovers(out.state, RULES)[0].people.map((p) => p.id)).toEqual(['a', 'b', 'x']);
    const decided = applied(decide(out.state, { actor: X, decision: 'approve', version: out.state.version }, ctx()));
    expect(decided.completed).toEqual(['triage']);
    expect(escalate(out.state, 'triage', 1, A)!.added).toBe(false);
  });
});
