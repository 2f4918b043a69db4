import { type AdaptiveCard, commandButton, heading, text } from '../../cards/card-kit';
import type { Draft } from '../draft-repository';
import { INTAKE_VERBS } from '../intake-verbs';
import { STEP_IDS, stepNumber, stepSpec } from '../wizard-steps';
import { formatWhen, intakeButton, intakeCardRoot } from './intake-card-parts';

function draftLine(draft: Draft, locale?: string): string {
  const title =
    typeof draft.answers.basics?.title === 'string' && draft.answers.basics.title
      ? `"${draft.answers.basics.title}"`
      : 'An untitled draft';
  return `${title}, at step ${stepNumber(draft.step)} of ${STEP_IDS.length} (${stepSpec(draft.step).title}), last saved ${formatWhen(draft.updatedAt, locale)}.`;
}

const envelopeOf = (d: Draft) => ({ draftId: d.id, step: d.step, version: d.version });

/** A refused action: a plain sentence saying what happened and that nothing changed. */
export function refusedCard(message: string): AdaptiveCard {
  return intakeCardRoot(
    [
      {
        type: 'TextBlock',
        text: 'I could not do that',
        weight: 'Bolder',
        size: 'Medium',
        color: 'Attention',
        wrap: true,
      },
      text(message),
    ],
    [commandButton('My submissions', 'my submissions'), commandButton('Help', 'help')],
    { fallbackText: message },
  );
}

/** "submit a use case" while a draft is open: continue it or discard it. */
export function draftExistsCard(draft: Draft, locale?: string): AdaptiveCard {
  return intakeCardRoot(
    [
      heading('You already have a draft'),
      text(draftLine(draft, locale)),
      text('Continue it, or discard it to start a new one.', { isSubtle: true }),
    ],
    [
      intakeButton('Continue draft', INTAKE_VERBS.resume, envelopeOf(draft), {
        style: 'positive',
        associatedInputs: 'none',
      }),
      intakeButton('Discard it', INTAKE_VERBS.cancel, envelopeOf(draft), { associatedInputs: 'none' }),
    ],
    { fallbackText: `You already have a draft: ${draftLine(draft, locale)}` },
  );
}

/** Cancel asks before anything is deleted. */
export function confirmDiscardCard(draft: Draft, editingCode?: string, locale?: string): AdaptiveCard {
  const what = editingCode
    ? `your edits to ${editingCode} (the submitted use case itself stays as it is)`
    : 'this draft';
  return intakeCardRoot(
    [heading('Discard the draft?'), text(draftLine(draft, locale)), text(`This deletes ${what}. It cannot be undone.`)],
    [
      intakeButton('Discard', INTAKE_VERBS.discard, envelopeOf(draft), {
        style: 'destructive',
        associatedInputs: 'none',
      }),
      intakeButton('Keep editing', INTAKE_VERBS.resume, envelopeOf(draft), {
        style: 'positive',
        associatedInputs: 'none',
      }),
    ],
    { fallbackText: `Discard the draft? ${draftLine(draft, locale)}` },
  );
}

/** After a discard. */
export function discardedCard(editingCode?: string): AdaptiveCard {
  return intakeCardRoot(
    [
      text(
        editingCode
          ? `Your edits to ${editingCode} were discarded; ${editingCode} itself is unchanged.`
          : 'Your draft was discarded.',
      ),
    ],
    [commandButton('Submit a use case', 'submit a use case', 'positive')],
    { fallbackText: editingCode ? `Your edits to ${editingCode} were discarded` : 'Your draft was discarded' },
  );
}

/** "continue my draft" with nothing saved. */
export function noDraftCard(): AdaptiveCard {
  return intakeCardRoot(
    [text('You have no saved draft. Start a new use case, or see the ones you have submitted.')],
    [
      commandButton('Submit a use case', 'submit a use case', 'positive'),
      commandButton('My submissions', 'my submissions'),
    ],
    { fallbackText: 'You have no saved draft' },
  );
}
