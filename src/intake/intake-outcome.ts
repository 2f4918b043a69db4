import type { Outcome } from '../runtime/outcome';
import type { AuditEvent } from '../store/audit-log';
import type { SubmissionFilter } from './card-action-data';
import type { Draft } from './draft-repository';
import type { TierResult } from './risk-tier';
import type { CardValues, FieldErrors } from './step-validation';
import type { UseCase } from './use-case';

/** The person acting, from the activity (Entra object id), never from card data. */
export interface Actor {
  id: string;
  name: string;
}

export interface Notice {
  tone: 'info' | 'good' | 'warning';
  text: string;
}

/** Everything a wizard step card shows. */
export interface WizardView {
  draft: Draft;
  /** Set when the draft edits a submitted use case (changes requested). */
  editing?: { code: string; title: string };
  /** What the inputs show: the stored answers, or what the person just sent when it did not validate. */
  values: CardValues;
  errors: FieldErrors;
  /** The tier from every answer so far (shown in full on the review step). */
  tier: TierResult;
  /** The tier the answers already imply (a rule matched), for the banner on the steps before review. */
  impliedTier?: TierResult;
  /** Labels of the prohibited practices ticked, for the warning on the step where they are chosen. */
  prohibited: string[];
  notice?: Notice;
  /** The organisation's approved models, offered as examples for the model question. */
  approvedModels?: readonly string[];
}

/** A use case with where its review stands (from the review workflow, when it says). */
export interface SubmissionSummary {
  useCase: UseCase;
  stage?: string;
  pendingApprovers?: string[];
}

/** What an intake operation shows when it went ahead; the Teams layer turns it into a card. */
export type IntakeResult =
  | { kind: 'wizard'; view: WizardView }
  | { kind: 'draft-exists'; draft: Draft }
  | { kind: 'confirm-discard'; draft: Draft; editingCode?: string }
  | { kind: 'discarded'; editingCode?: string }
  | { kind: 'no-draft' }
  | {
      kind: 'submitted';
      useCase: UseCase;
      repeated: boolean;
      resubmitted: boolean;
      /** Where the review stands; the confirmation card shows it and stays up to date (Universal Actions refresh). */
      status?: SubmissionSummary;
      /** True when the card is a refresh of the confirmation rather than the answer to Submit. */
      live?: boolean;
    }
  /** A wizard card whose draft moved on (submitted, discarded, or continued in a newer card): shown read-only. */
  | { kind: 'superseded'; message: string; code?: string }
  | { kind: 'my-submissions'; items: SubmissionSummary[]; drafts: Draft[] }
  | {
      kind: 'detail';
      item: SubmissionSummary;
      history: AuditEvent[];
      canWithdraw: boolean;
      canEdit: boolean;
      notice?: Notice;
    }
  | { kind: 'all-submissions'; filter: SubmissionFilter; items: UseCase[] }
  | { kind: 'export'; filter: SubmissionFilter; csv: string; rows: number; included: number };

/** The result of every intake operation: what to show, or a refusal (the one Outcome type of every capability). */
export type IntakeOutcome = Outcome<IntakeResult>;
