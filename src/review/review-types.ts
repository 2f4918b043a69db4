/** The shapes of a review as it is routed, stored and decided. Plain data: no I/O, no Teams types. */
import type { RiskTier } from '../intake/use-case-facts';

/** Someone who can decide or be told: Entra object id and display name. */
export interface ReviewPerson {
  id: string;
  name: string;
}

/**
 * How a stage's approvers were found when it was routed, kept with the stage for the audit trail and for the check
 * at decision time: the configured group (and the Entra group behind it), the submitter's manager, or the group of
 * the submitter's business unit; `source` says whether the directory, its cache or the YAML lists answered.
 */
export interface ApproverBasis {
  kind: 'group' | 'person' | 'manager' | 'business-unit';
  /** The configured group whose members decide (for group, business unit, and manager with no manager found). */
  groupId?: string;
  /** The configured group a stand-in (its backup or the escalation contact) decides for: it was empty or unreadable. */
  standInFor?: string;
  entraGroupId?: string;
  /** The business unit key the stage was routed by, and what said so. */
  unit?: string;
  unitFrom?: 'directory' | 'use-case' | 'default';
  source: 'directory' | 'cache' | 'config';
  fetchedAt?: string;
  /** Why the directory's current answer was not used, or why a fallback applied. */
  note?: string;
}

export type StagePolicy = { type: 'any' } | { type: 'all' } | { type: 'quorum'; n: number };

/** One stage of a route, as computed at submission from the configured rules. */
export interface RoutedStage {
  id: string;
  name: string;
  /** "Privacy review because: personal data (Personal data)". */
  explanation: string;
  /** Only the `after` stages that apply to this use case. */
  after: string[];
  approvers: ReviewPerson[];
  /** Who the stage escalates to when its SLA passes (the group's backup approver). */
  backup?: ReviewPerson;
  /** How the approvers were found (absent on reviews routed before the directory existed). */
  basis?: ApproverBasis;
  policy: StagePolicy;
  slaBusinessDays: number;
  /** For stages that start at submission: when the SLA runs out. */
  dueAt?: string;
}

/** The result of routing: stages to run, or an automatic rejection (Prohibited tier). */
export type Route = { kind: 'review'; stages: RoutedStage[] } | { kind: 'auto-reject'; reasons: string[] };

export type ReviewStatus = 'in-review' | 'changes-requested' | 'approved' | 'rejected' | 'withdrawn';
export type StageStatus = 'waiting' | 'active' | 'approved' | 'rejected' | 'cancelled';
export type Decision = 'approve' | 'reject' | 'request-changes';

export interface Approval {
  approverId: string;
  approverName: string;
  at: string;
  comment?: string;
}

/** A stage inside a stored review. `activation` counts how often it (re)started, so old timers can be recognised. */
export interface StageState extends RoutedStage {
  status: StageStatus;
  activation: number;
  startedAt?: string;
  remindAt?: string;
  completedAt?: string;
  escalatedTo: ReviewPerson[];
  approvals: Approval[];
}

/** Every decision ever taken on the review, with the review version it was taken on (for idempotent retries). */
export interface DecisionRecord {
  stageId: string;
  approverId: string;
  approverName: string;
  decision: Decision;
  comment?: string;
  at: string;
  version: number;
  round: number;
}

/** One answer of the submission as people read it (labels for coded values, USD amounts). */
export interface CaseAnswer {
  id: string;
  label: string;
  value: string;
}

/** The submission as the review card shows it, captured when the use case is routed and again when it is resubmitted. */
export interface ReviewCase {
  /** Every answer, by wizard step. */
  sections: Array<{ title: string; answers: CaseAnswer[] }>;
  /** Per stage id, the answers its routing rule looks at: shown to that stage's approvers next to their decision. */
  focus?: Record<string, string[]>;
  /** The pilot cost measured against the funding limits of the org config. */
  cost?: { amount: string; verdict?: string; overLimit: boolean };
}

/** A review as stored: the route, where each stage stands, and the decision history. */
export interface ReviewState {
  id: number;
  useCaseId: number;
  useCaseCode: string;
  title: string;
  submitterId: string;
  submitterName: string;
  tier: RiskTier;
  tierReasons: string[];
  status: ReviewStatus;
  version: number;
  /** 1 at submission, +1 at every resubmission. */
  round: number;
  stages: StageState[];
  decisions: DecisionRecord[];
  autoRejectReasons?: string[];
  /** The submission's answers; absent on reviews stored before the card carried the case. */
  case?: ReviewCase;
  createdAt: string;
  closedAt?: string;
}

/** Review settings the state machine needs. */
export interface ReviewRules {
  allowSelfApproval: boolean;
  reminderAtFraction: number;
}

/** The settings and the clock a transition runs with. */
export interface MachineContext {
  rules: ReviewRules;
  now: Date;
}

/** What identifies a use case in its review. */
export type ReviewBase = Pick<
  ReviewState,
  'useCaseId' | 'useCaseCode' | 'title' | 'submitterId' | 'submitterName' | 'tier' | 'tierReasons' | 'case'
>;

export type RefusalReason = 'not-approver' | 'self-approval' | 'paused' | 'closed' | 'nothing-pending';

export type DecideOutcome =
  | { kind: 'applied'; state: ReviewState; stageId: string; completed: string[]; started: string[] }
  | { kind: 'duplicate' }
  | { kind: 'stale' }
  | { kind: 'refused'; reason: RefusalReason }
  | { kind: 'invalid'; reason: 'comment-required' };

/** A sentence about what the person just did, shown at the bottom of the card next to its buttons. */
export interface ReviewFeedback {
  tone: 'info' | 'error';
  text: string;
}

/** A review as one person should now see it: the Teams layer renders it with the review card functions. */
export interface ReviewView {
  state: ReviewState;
  /** Whose view it is (their pending decision gets the buttons); undefined for the read-only card. */
  viewerId?: string;
  feedback?: ReviewFeedback;
}
