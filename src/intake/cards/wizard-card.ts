import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  facts,
  heading,
  md,
  text,
  trustedMarkdown,
} from '../../cards/card-kit';
import type { WizardView } from '../intake-outcome';
import { INTAKE_VERBS } from '../intake-verbs';
import { displayAnswer, requiredMessage } from '../step-validation';
import type { WizardAnswers } from '../use-case';
import { type FieldSpec, NONE_OF_THESE, STEPS, STEP_IDS, stepNumber, stepSpec } from '../wizard-steps';
import { actionSet, intakeButton, intakeCardRoot, noticeBox, prohibitedWarning, tierBox } from './intake-card-parts';

function progress(current: string): CardElement {
  const at = STEP_IDS.indexOf(current as (typeof STEP_IDS)[number]);
  const parts = STEPS.map((s, i) => (i < at ? md`${s.title} ✓` : i === at ? md`**${s.title}**` : md`${s.title}`));
  return text(trustedMarkdown(parts.map((p) => p.source).join('  ›  ')), {
    size: 'Small',
    isSubtle: true,
    spacing: 'Small',
  });
}

function input(field: FieldSpec, value: string | undefined): CardElement {
  const common: Record<string, unknown> = {
    id: field.id,
    label: field.label,
    isRequired: field.required,
    ...(field.required ? { errorMessage: requiredMessage(field) } : {}),
  };
  const choices = (field.choices ?? []).map((c) => ({ title: c.title, value: c.value }));
  switch (field.kind) {
    case 'text':
    case 'longText':
      return {
        type: 'Input.Text',
        ...common,
        ...(field.kind === 'longText' ? { isMultiline: true } : {}),
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        ...(value !== undefined ? { value } : {}),
      };
    case 'choice':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: choices.length <= 4 ? 'expanded' : 'compact',
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
        style: 'expanded',
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
    case 'number': {
      const n = value === undefined || value.trim() === '' ? NaN : Number(value);
      return {
        type: 'Input.Number',
        ...common,
        ...(field.min !== undefined ? { min: field.min } : {}),
        ...(field.max !== undefined ? { max: field.max } : {}),
        ...(Number.isFinite(n) ? { value: n } : {}),
      };
    }
    case 'date':
      return { type: 'Input.Date', ...common, ...(value ? { value } : {}) };
  }
}

function fieldError(message: string): CardElement {
  return { type: 'TextBlock', text: message, color: 'Attention', size: 'Small', wrap: true, spacing: 'None' };
}

/** Every answer, step by step, each section with an Edit button that goes back to its step. */
function reviewSummary(answers: WizardAnswers, envelope: Record<string, unknown>): CardElement[] {
  return STEPS.filter((s) => s.id !== 'review').flatMap((s) => [
    text(md`**${stepNumber(s.id)}. ${s.title}**`, { spacing: 'Medium', separator: true }),
    facts(s.fields.map((f) => [f.label, displayAnswer(f, answers[s.id]?.[f.id])])),
    actionSet(
      [intakeButton(`Edit ${s.title}`, INTAKE_VERBS.back, { ...envelope, target: s.id }, { associatedInputs: 'none' })],
      { spacing: 'Small' },
    ),
  ]);
}

/** One step of the intake wizard: progress, live tier, the step's inputs with any errors, and Back / Next / Save / Cancel. */
export function wizardCard(view: WizardView): AdaptiveCard {
  const { draft } = view;
  const spec = stepSpec(draft.step);
  const envelope = { draftId: draft.id, step: draft.step, version: draft.version };
  const isReview = draft.step === 'review';
  const errorCount = Object.keys(view.errors).length;
  const body: CardElement[] = [
    heading(view.editing ? `Edit ${view.editing.code}: ${view.editing.title}` : 'Submit a use case', {
      subtle: `Step ${stepNumber(draft.step)} of ${STEP_IDS.length}: ${spec.title}`,
    }),
    progress(draft.step),
    ...(view.notice ? [noticeBox(view.notice)] : []),
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
    text(spec.intro, { isSubtle: true }),
  ];
  for (const field of spec.fields) {
    body.push(input(field, view.values[field.id]));
    if (view.errors[field.id]) body.push(fieldError(view.errors[field.id]));
    if (field.id === 'prohibitedPractices' && view.prohibited.length) body.push(prohibitedWarning(view.prohibited));
  }
  if (isReview) {
    body.push(...reviewSummary(draft.answers, envelope), tierBox(view.tier, 'Risk tier'));
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
  // Back does not collect this step's inputs: hosts check isRequired on every action that collects inputs, so a
  // half-filled step could not go back. Next and Save draft collect (and save) them.
  const actions: CardAction[] = [];
  if (stepNumber(draft.step) > 1)
    actions.push(intakeButton('Back', INTAKE_VERBS.back, envelope, { associatedInputs: 'none' }));
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
  return intakeCardRoot(body, actions);
}
