/** The Action.Execute verbs of intake cards (also sent as `verb` by the Action.Submit fallback). */
export const INTAKE_VERBS = {
  next: 'intake.next',
  back: 'intake.back',
  save: 'intake.save',
  cancel: 'intake.cancel',
  discard: 'intake.discard',
  resume: 'intake.resume',
  submit: 'intake.submit',
  mine: 'intake.mine',
  view: 'intake.view',
  withdraw: 'intake.withdraw',
  edit: 'intake.edit',
  all: 'intake.all',
  export: 'intake.export',
  /** Universal Actions refresh of a wizard card (read-only once the draft moved on). */
  refreshWizard: 'intake.refreshWizard',
  /** Universal Actions refresh of the confirmation after Submit: the live review status. */
  refreshStatus: 'intake.refreshStatus',
} as const;

export type IntakeVerb = (typeof INTAKE_VERBS)[keyof typeof INTAKE_VERBS];
