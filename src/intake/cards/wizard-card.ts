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
  trustedMarkdown,
} from '../../cards/card-kit';
import type { WizardView } from '../intake-outcome';
import { INTAKE_VERBS } from '../intake-verbs';
import { displayAnswer } from '../step-validation';
import type { WizardAnswers } from '../use-case';
import { type FieldSpec, NONE_OF_THESE, STEPS, STEP_IDS, stepNumber, stepSpec } from '../wizard-steps';
import { actionSet, feedbackBox, intakeButton, intakeCardRoot, prohibitedWarning, tierBox } from './intake-card-parts';

function progress(current: string): CardElement {
  const at = STEP_IDS.indexOf(current as (typeof STEP_IDS)[number]);
  const parts = STEPS.map((s, i) => (i < at ? md`${s.title} ✓` : i === at ? md`**${s.title}**` : md`${s.title}`));
  return text(trustedMarkdown(parts.map((p) => p.source).join('  ›  ')), {
    size: 'Small',
    isSubtle: true,
    spacing: 'Small',
  });
}

/** Lists longer than this are a compact drop-down rather than a column of radio buttons or checkboxes. */
const EXPANDED_MAX = 5;

/**
 * One question. Inputs are not marked `isRequired`: hosts check that on every button that collects inputs, so a
 * half-filled step could not go Back or Save draft; the bot checks required answers on Next and says so.
 */
function input(field: FieldSpec, value: string | undefined, approvedModels: readonly string[]): CardElement {
  const common: Record<string, unknown> = { id: field.id, label: field.label };
  const choices = (field.choices ?? []).map((c) => ({ title: c.title, value: c.value }));
  switch (field.kind) {
    case 'text':
    case 'longText':
      return {
        type: 'Input.Text',
        ...common,
        ...(field.kind === 'longText' ? { isMultiline: true } : {}),
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(placeholderOf(field, approvedModels) ? { placeholder: placeholderOf(field, approvedModels) } : {}),
        ...(value !== undefined ? { value } : {}),
      };
    case 'choice':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: choices.length <= EXPANDED_MAX - 1 ? 'expanded' : 'compact',
        placeholder: 'Choose one',
        wrap: true,
        choices,
        ...(value ? { value } : {}),
      };
    case 'multiChoice': {
      const all = field.noneOption ? [{ title: 'None of these', value: NONE_OF_THESE }, ...choices] : choices;
      const initial = value ?? (field.noneOption ? NONE_OF_THESE : undefined);
      return {
        type: 'Input.ChoiceSet',
        ...common,
        isMultiSelect: true,
        style: all.length <= EXPANDED_MAX ? 'expanded' : 'compact',
        ...(all.length > EXPANDED_MAX ? { placeholder: 'Choose all that apply' } : {}),
        wrap: true,
        choices: all,
        ...(initial ? { value: initial } : {}),
      };
    }
    case 'yesNo':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'expanded',
        choices: [
          { title: 'Yes', value: 'yes' },
          { title: 'No', value: 'no' },
        ],
        ...(value ? { value } : {}),
      };
    case 'number':
      // A text box, not Input.Number: hosts wipe "$12,000" or "12k" from a number box; parseAmount reads them.
      return {
        type: 'Input.Text',
        ...common,
        placeholder: 'e.g. 12,000 or 12k',
        ...(value !== undefined ? { value } : {}),
      };
    case 'date':
      return { type: 'Input.Date', ...common, ...(value ? { value } : {}) };
  }
}

/** The model question suggests the organisation's approved models (config), never a model it has not approved. */
function placeholderOf(field: FieldSpec, approvedModels: readonly string[]): string | undefined {
  if (field.id !== 'model') return field.placeholder;
  return approvedModels.length
    ? `e.g. ${approvedModels.slice(0, 3).join(', ')} (approved), or the vendor product`
    : 'The model or vendor product';
}

function fieldError(message: string): CardElement {
  return { type: 'TextBlock', text: message, color: 'Attention', size: 'Small', wrap: true, spacing: 'None' };
}

/** Every answer, step by step, each section with an Edit button that goes back to its step. */
function reviewSummary(answers: WizardAnswers, envelope: Record<string, unknown>, locale?: string): CardElement[] {
  return STEPS.filter((s) => s.id !== 'review').flatMap((s) => [
    text(md`**${stepNumber(s.id)}. ${s.title}**`, { spacing: 'Medium', separator: true }),
    facts(s.fields.map((f) => [f.label, displayAnswer(f, answers[s.id]?.[f.id], locale)])),
    actionSet(
      [intakeButton(`Edit ${s.title}`, INTAKE_VERBS.back, { ...envelope, target: s.id }, { associatedInputs: 'none' })],
      { spacing: 'Small' },
    ),
  ]);
}

/** The message next to the buttons: what just happened (saved, out of date) and how many answers need fixing. */
function feedback(view: WizardView, errorCount: number): CardElement[] {
  const fix =
    errorCount === 0
      ? undefined
      : errorCount === 1
        ? 'One answer above needs fixing (marked in red); nothing else was lost.'
        : `${errorCount} answers above need fixing (marked in red); nothing else was lost.`;
  if (view.notice) {
    const withFix = fix && view.notice.tone === 'warning' ? `${view.notice.text} ${fix}` : view.notice.text;
    return [feedbackBox({ ...view.notice, text: withFix })];
  }
  return fix ? [feedbackBox({ tone: 'warning', text: fix })] : [];
}

/**
 * One step of the intake wizard: progress, live tier, the step's inputs with any errors, and Back / Next / Save /
 * Cancel. Messages about the last click sit right above the buttons. The card refreshes itself (Universal Actions):
 * once the draft has moved on in another card, this one turns read-only.
 */
export function wizardCard(view: WizardView, locale?: string): AdaptiveCard {
  const { draft } = view;
  const spec = stepSpec(draft.step);
  const envelope = { draftId: draft.id, step: draft.step, version: draft.version };
  const isReview = draft.step === 'review';
  const errorCount = Object.keys(view.errors).length;
  const heading_ = view.editing ? `Edit ${view.editing.code}: ${view.editing.title}` : 'Submit a use case';
  const body: CardElement[] = [
    heading(heading_, { subtle: `Step ${stepNumber(draft.step)} of ${STEP_IDS.length}: ${spec.title}` }),
    progress(draft.step),
    ...(!isReview && view.impliedTier ? [tierBox(view.impliedTier, 'Risk tier so far')] : []),
    ...(errorCount
      ? [
          {
            type: 'TextBlock',
            text:
              errorCount === 1
                ? 'Please fix the field marked below.'
                : `Please fix the ${errorCount} fields marked below.`,
            color: 'Attention',
            weight: 'Bolder',
            wrap: true,
          },
        ]
      : []),
    text(isReview ? spec.intro : `${spec.intro} Questions marked "if known" can stay empty.`, { isSubtle: true }),
  ];
  for (const field of spec.fields) {
    body.push(input(field, view.values[field.id], view.approvedModels ?? []));
    if (view.errors[field.id]) body.push(fieldError(view.errors[field.id]));
    if (field.id === 'prohibitedPractices' && view.prohibited.length) body.push(prohibitedWarning(view.prohibited));
  }
  if (isReview) {
    body.push(...reviewSummary(draft.answers, envelope, locale), tierBox(view.tier, 'Risk tier'));
    if (view.prohibited.length) body.push(prohibitedWarning(view.prohibited));
    body.push(
      text(
        view.editing
          ? 'When you resubmit, the tier and review route are recalculated from these answers.'
          : 'When you submit, your use case gets an id such as UC-0042 and the review route is computed.',
        { isSubtle: true },
      ),
    );
  }
  body.push(...feedback(view, errorCount));
  // Every button but Cancel and Submit sends this step's inputs: Back and Save draft keep them (partial answers are
  // fine), Next checks them. Nothing is isRequired on the card, so no host blocks a half-filled step.
  const actions: CardAction[] = [];
  if (stepNumber(draft.step) > 1)
    actions.push(intakeButton('Back', INTAKE_VERBS.back, envelope, isReview ? { associatedInputs: 'none' } : {}));
  actions.push(
    isReview
      ? intakeButton(view.editing ? 'Resubmit' : 'Submit', INTAKE_VERBS.submit, envelope, {
          style: 'positive',
          associatedInputs: 'none',
        })
      : intakeButton('Next', INTAKE_VERBS.next, envelope, { style: 'positive' }),
  );
  actions.push(intakeButton('Save draft', INTAKE_VERBS.save, envelope, isReview ? { associatedInputs: 'none' } : {}));
  actions.push(intakeButton('Cancel', INTAKE_VERBS.cancel, envelope, { associatedInputs: 'none' }));
  const title = typeof draft.answers.basics?.title === 'string' ? draft.answers.basics.title : undefined;
  return intakeCardRoot(body, actions, {
    fallbackText: `${heading_}, step ${stepNumber(draft.step)} of ${STEP_IDS.length}: ${spec.title}${title && !view.editing ? ` (${title})` : ''}`,
    refresh: { action: executeButton('Refresh', INTAKE_VERBS.refreshWizard, envelope) },
  });
}

/** A wizard card whose draft has moved on: what happened to it, no inputs and no wizard buttons. */
export function supersededCard(message: string, code?: string): AdaptiveCard {
  return intakeCardRoot(
    [
      heading('Submit a use case', { subtle: code ? `Now ${code}` : 'This card is no longer active' }),
      text(message, { isSubtle: true }),
    ],
    [
      code
        ? commandButton('My submissions', 'my submissions')
        : commandButton('Continue my draft', 'continue my draft'),
    ],
    { fallbackText: message },
  );
}
