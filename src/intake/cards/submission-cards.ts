import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  commandButton,
  facts,
  heading,
  md,
  text,
} from '../../cards/card-kit';
import type { AuditEvent } from '../../store/audit-log';
import { WITHDRAW_REASON_MAX_LENGTH } from '../card-action-data';
import type { Draft } from '../draft-repository';
import type { Notice, SubmissionSummary } from '../intake-outcome';
import { INTAKE_VERBS } from '../intake-verbs';
import { displayAnswer } from '../step-validation';
import { type UseCase, statusText } from '../use-case';
import { label } from '../use-case-facts';
import { STEPS, STEP_IDS, stepNumber, stepSpec } from '../wizard-steps';
import { actionSet, formatWhen, intakeButton, intakeCardRoot, noticeBox, tierBox } from './intake-card-parts';

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function statusFacts(s: SubmissionSummary): Array<[string, string]> {
  const uc = s.useCase;
  return [
    ['Status', capitalised(statusText(uc.status))],
    ['Risk tier', label(uc.tier)],
    ['Current stage', s.stage ?? (uc.status === 'submitted' ? 'Waiting for CoE triage to start' : '—')],
    ['Waiting for', s.pendingApprovers?.length ? s.pendingApprovers.join(', ') : '—'],
    ['Last update', formatWhen(uc.updatedAt)],
  ];
}

/** What the submitter sees right after Submit: the id, the tier with reasons, and what happens next. */
export function submittedCard(useCase: UseCase, options: { repeated: boolean; resubmitted: boolean }): AdaptiveCard {
  const verb = options.resubmitted ? 'resubmitted' : 'submitted';
  const body: CardElement[] = [
    heading(`${useCase.code} ${verb}`, { subtle: useCase.title }),
    text(
      options.repeated
        ? md`This was already ${verb} as **${useCase.code}**; nothing was submitted twice.`
        : options.resubmitted
          ? md`Thanks, **${useCase.code}** is back with the reviewers. The tier and review route were recalculated from your new answers.`
          : md`Thanks! Your use case has the id **${useCase.code}**. Quote it in every conversation about the use case and use it to tag Azure resources.`,
    ),
    facts([
      ['Status', capitalised(statusText(useCase.status))],
      ['Business unit', useCase.businessUnit],
      ['Submitted', formatWhen(useCase.submittedAt)],
    ]),
    tierBox({ tier: useCase.tier, reasons: useCase.tierReasons }, 'Risk tier'),
    useCase.tier === 'prohibited'
      ? text(
          `Because it involves a prohibited practice, it ${useCase.status === 'rejected' ? 'was' : 'will be'} rejected automatically and the AI Ethics Board informed.`,
          { color: 'Attention' },
        )
      : text(
          'The review route is computed at submission, starting with CoE triage. Type "my submissions" any time to see where it stands.',
          { isSubtle: true },
        ),
  ];
  return intakeCardRoot(body, [
    intakeButton('View details', INTAKE_VERBS.view, { useCaseId: useCase.id }),
    commandButton('My submissions', 'my submissions'),
  ]);
}

function draftTitle(draft: Draft): string {
  const title = draft.answers.basics?.title;
  return typeof title === 'string' && title ? title : 'Untitled draft';
}

/** "My submissions": each use case with status, tier, current stage, pending approvers and a View button; open drafts first. */
export function mySubmissionsCard(items: SubmissionSummary[], drafts: Draft[]): AdaptiveCard {
  const body: CardElement[] = [
    heading('My submissions', { subtle: items.length === 1 ? '1 use case' : `${items.length} use cases` }),
  ];
  for (const d of drafts) {
    const what =
      d.useCaseId !== undefined
        ? `Edit of ${items.find((i) => i.useCase.id === d.useCaseId)?.useCase.code ?? 'a submitted use case'}`
        : 'Draft';
    body.push({
      type: 'Container',
      style: 'emphasis',
      spacing: 'Medium',
      items: [
        text(md`**${what}: ${draftTitle(d)}**`),
        text(
          `Step ${stepNumber(d.step)} of ${STEP_IDS.length} (${stepSpec(d.step).title}), saved ${formatWhen(d.updatedAt)}. Only you can see it.`,
          { isSubtle: true, spacing: 'None' },
        ),
        actionSet([
          intakeButton(
            'Continue',
            INTAKE_VERBS.resume,
            { draftId: d.id, step: d.step, version: d.version },
            { associatedInputs: 'none' },
          ),
        ]),
      ],
    });
  }
  if (!items.length) body.push(text('You have not submitted any use cases yet.', { spacing: 'Medium' }));
  for (const s of items) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        text(md`**${s.useCase.code}: ${s.useCase.title}**`),
        facts(statusFacts(s)),
        actionSet([intakeButton('View', INTAKE_VERBS.view, { useCaseId: s.useCase.id }, { associatedInputs: 'none' })]),
      ],
    });
  }
  return intakeCardRoot(body, [commandButton('Submit a use case', 'submit a use case', 'positive')]);
}

const ACTION_WORDS: Record<string, string> = {
  drafted: 'Draft started',
  submitted: 'Submitted',
  resubmitted: 'Resubmitted',
  withdrawn: 'Withdrawn',
};

function historyLine(e: AuditEvent): [string, string] {
  const started = e.action === 'drafted' && typeof e.details?.startedAt === 'string' ? e.details.startedAt : undefined;
  const what = ACTION_WORDS[e.action] ?? capitalised(e.action.replace(/[-_.]/g, ' '));
  const who = e.actorName ? ` by ${e.actorName}` : '';
  return [formatWhen(started ?? e.at), `${what}${who}${e.comment ? `: ${e.comment}` : ''}`];
}

/** One use case: status, tier and reasons, every answer, the history, and Withdraw / Edit when allowed. */
export function useCaseDetailCard(
  item: SubmissionSummary,
  history: AuditEvent[],
  options: { canWithdraw: boolean; canEdit: boolean; notice?: Notice },
): AdaptiveCard {
  const uc = item.useCase;
  const body: CardElement[] = [
    heading(`${uc.code}: ${uc.title}`, { subtle: `Submitted by ${uc.submitterName} on ${formatWhen(uc.submittedAt)}` }),
    ...(options.notice ? [noticeBox(options.notice)] : []),
    facts([['Business unit', uc.businessUnit], ...statusFacts(item)]),
    tierBox({ tier: uc.tier, reasons: uc.tierReasons }, 'Risk tier'),
  ];
  for (const s of STEPS.filter((st) => st.id !== 'review')) {
    body.push(
      text(md`**${s.title}**`, { spacing: 'Medium', separator: true }),
      facts(s.fields.map((f) => [f.label, displayAnswer(f, uc.answers[s.id]?.[f.id])])),
    );
  }
  body.push(
    text(
      md`
**History**
      `,
      { spacing: 'Medium', separator: true },
    ),
    history.length ? facts(history.map(historyLine)) : text('No history recorded yet.', { isSubtle: true }),
  );
  const actions: CardAction[] = [];
  if (options.canEdit)
    actions.push(
      intakeButton(
        'Edit and resubmit',
        INTAKE_VERBS.edit,
        { useCaseId: uc.id, version: uc.version },
        { style: 'positive', associatedInputs: 'none' },
      ),
    );
  if (options.canWithdraw) {
    actions.push({
      type: 'Action.ShowCard',
      title: 'Withdraw',
      card: {
        type: 'AdaptiveCard',
        body: [
          text(`Withdraw ${uc.code}? The review stops and the use case stays in the audit trail.`),
          {
            type: 'Input.Text',
            id: 'reason',
            label: 'Reason (optional)',
            isMultiline: true,
            maxLength: WITHDRAW_REASON_MAX_LENGTH,
          },
        ],
        actions: [
          intakeButton(
            `Withdraw ${uc.code}`,
            INTAKE_VERBS.withdraw,
            { useCaseId: uc.id, version: uc.version },
            { style: 'destructive' },
          ),
        ],
      },
    });
  }
  actions.push(intakeButton('My submissions', INTAKE_VERBS.mine, {}, { associatedInputs: 'none' }));
  return intakeCardRoot(body, actions);
}
