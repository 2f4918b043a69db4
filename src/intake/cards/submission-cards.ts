import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  commandButton,
  executeButton,
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
import { STEPS, STEP_IDS, type StepId, stepNumber, stepSpec } from '../wizard-steps';
import { actionSet, feedbackBox, formatWhen, intakeButton, intakeCardRoot, tierBox } from './intake-card-parts';

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function statusFacts(s: SubmissionSummary, locale?: string): Array<[string, string]> {
  const uc = s.useCase;
  return [
    ['Status', capitalised(statusText(uc.status))],
    ['Risk tier', label(uc.tier)],
    ['Current stage', s.stage ?? (uc.status === 'submitted' ? 'Waiting for CoE triage to start' : '—')],
    ['Waiting for', s.pendingApprovers?.length ? s.pendingApprovers.join(', ') : '—'],
    ['Last update', formatWhen(uc.updatedAt, locale)],
  ];
}

/**
 * What the submitter sees right after Submit, in place of the wizard card: the id, the tier with reasons and where
 * the review stands. It is the one message of a submission and stays the live status card: it refreshes itself
 * (Universal Actions) with the review's current stage each time the submitter looks at it.
 */
export function submittedCard(
  useCase: UseCase,
  options: { repeated: boolean; resubmitted: boolean; status?: SubmissionSummary; live?: boolean },
  locale?: string,
): AdaptiveCard {
  const verb = options.resubmitted ? 'resubmitted' : 'submitted';
  const status = options.status ?? { useCase };
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
      ...statusFacts(status, locale).filter(([k]) => k !== 'Risk tier' && k !== 'Last update'),
      ['Submitted', formatWhen(useCase.submittedAt, locale)],
    ]),
    tierBox({ tier: useCase.tier, reasons: useCase.tierReasons }, 'Risk tier'),
    useCase.tier === 'prohibited'
      ? text(
          `Because it involves a prohibited practice, it ${useCase.status === 'rejected' ? 'was' : 'will be'} rejected automatically and the AI Ethics Board informed.`,
          { color: 'Attention' },
        )
      : text('This card stays up to date while the review runs; "my submissions" lists all your use cases.', {
          isSubtle: true,
        }),
  ];
  return intakeCardRoot(
    body,
    [
      intakeButton('View details', INTAKE_VERBS.view, { useCaseId: useCase.id }),
      commandButton('My submissions', 'my submissions'),
    ],
    {
      fallbackText: `${useCase.code} ${verb}: ${useCase.title} (${capitalised(statusText(useCase.status))})`,
      refresh: { action: executeButton('Refresh', INTAKE_VERBS.refreshStatus, { useCaseId: useCase.id }) },
    },
  );
}

function draftTitle(draft: Draft): string {
  const title = draft.answers.basics?.title;
  return typeof title === 'string' && title ? title : 'Untitled draft';
}

/** "My submissions": each use case with status, tier, current stage, pending approvers and a View button; open drafts first. */
export function mySubmissionsCard(items: SubmissionSummary[], drafts: Draft[], locale?: string): AdaptiveCard {
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
          `Step ${stepNumber(d.step)} of ${STEP_IDS.length} (${stepSpec(d.step).title}), saved ${formatWhen(d.updatedAt, locale)}. Only you can see it.`,
          { isSubtle: true, spacing: 'None' },
        ),
      ],
    });
    // Buttons in a top-level ActionSet: some hosts (the Agents Playground) ignore Action.Execute nested in a Container.
    body.push(
      actionSet([
        intakeButton(
          'Continue',
          INTAKE_VERBS.resume,
          { draftId: d.id, step: d.step, version: d.version },
          { associatedInputs: 'none' },
        ),
      ]),
    );
  }
  if (!items.length) body.push(text('You have not submitted any use cases yet.', { spacing: 'Medium' }));
  for (const s of items) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [text(md`**${s.useCase.code}: ${s.useCase.title}**`), facts(statusFacts(s, locale))],
    });
    body.push(
      actionSet([intakeButton('View', INTAKE_VERBS.view, { useCaseId: s.useCase.id }, { associatedInputs: 'none' })]),
    );
  }
  return intakeCardRoot(body, [commandButton('Submit a use case', 'submit a use case', 'positive')], {
    fallbackText: `My submissions: ${items.length === 1 ? '1 use case' : `${items.length} use cases`}${drafts.length ? `, ${drafts.length} open draft${drafts.length === 1 ? '' : 's'}` : ''}`,
  });
}

const ACTION_WORDS: Record<string, string> = {
  drafted: 'Draft started',
  submitted: 'Submitted',
  resubmitted: 'Resubmitted',
  withdrawn: 'Withdrawn',
};

function historyLine(e: AuditEvent, locale?: string): [string, string] {
  const started = e.action === 'drafted' && typeof e.details?.startedAt === 'string' ? e.details.startedAt : undefined;
  const what = ACTION_WORDS[e.action] ?? capitalised(e.action.replace(/[-_.]/g, ' '));
  const who = e.actorName ? ` by ${e.actorName}` : '';
  return [formatWhen(started ?? e.at, locale), `${what}${who}${e.comment ? `: ${e.comment}` : ''}`];
}

/** Audit entries about the bot's own bookkeeping (cards sent, reminders, views): not part of a use case's story. */
const INTERNAL_ACTIONS = new Set([
  'review.card-sent',
  'review.card-undeliverable',
  'review.viewed',
  'review.decision-refused',
  'review.reminded',
  'review.stage-started',
  'audit.exported',
]);

/** A section hidden until its toggle button is pressed (Action.ToggleVisibility). */
function collapsed(id: string, items: CardElement[]): CardElement {
  return { type: 'Container', id, isVisible: false, separator: true, spacing: 'Medium', items };
}

/**
 * One use case, at the detail a person needs to follow it: status, tier and reasons, and the essentials (problem,
 * data, model, cost). Every answer and the history are collapsed behind "All answers" and "History"; the bot's
 * bookkeeping entries are left out of the history. Withdraw / Edit when allowed.
 */
export function useCaseDetailCard(
  item: SubmissionSummary,
  history: AuditEvent[],
  options: { canWithdraw: boolean; canEdit: boolean; notice?: Notice },
  locale?: string,
): AdaptiveCard {
  const uc = item.useCase;
  const answer = (step: StepId, id: string) => {
    const field = stepSpec(step).fields.find((f) => f.id === id)!;
    return displayAnswer(field, uc.answers[step]?.[id], locale);
  };
  const story = history.filter((e) => !INTERNAL_ACTIONS.has(e.action));
  const body: CardElement[] = [
    heading(`${uc.code}: ${uc.title}`, {
      subtle: `Submitted by ${uc.submitterName} on ${formatWhen(uc.submittedAt, locale)}`,
    }),
    facts([['Business unit', uc.businessUnit], ...statusFacts(item, locale)]),
    tierBox({ tier: uc.tier, reasons: uc.tierReasons }, 'Risk tier'),
    facts([
      ['Problem', answer('basics', 'problem')],
      ['Data classification', answer('data', 'dataClassification')],
      ['Model and hosting', `${answer('solution', 'hosting')} · ${answer('solution', 'model')}`],
      ['Pilot cost', answer('value', 'pilotCostUsd')],
    ]),
    actionSet([
      { type: 'Action.ToggleVisibility', title: 'All answers', targetElements: ['all-answers'] },
      { type: 'Action.ToggleVisibility', title: `History (${story.length})`, targetElements: ['history'] },
    ]),
    collapsed(
      'all-answers',
      STEPS.filter((st) => st.id !== 'review').flatMap((st) => [
        text(md`**${st.title}**`, { spacing: 'Medium' }),
        facts(st.fields.map((f) => [f.label, displayAnswer(f, uc.answers[st.id]?.[f.id], locale)])),
      ]),
    ),
    collapsed('history', [
      text(md`
**History**
      `),
      story.length
        ? facts(story.map((e) => historyLine(e, locale)))
        : text('No history recorded yet.', { isSubtle: true }),
    ]),
    ...(options.notice ? [feedbackBox(options.notice)] : []),
  ];
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
  return intakeCardRoot(body, actions, {
    fallbackText: `${uc.code}: ${uc.title} (${capitalised(statusText(uc.status))})`,
  });
}
