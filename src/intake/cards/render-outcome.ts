import type { AdaptiveCard } from '../../cards/card-kit';
import { refusalText } from '../../runtime/outcome';
import type { IntakeOutcome } from '../intake-outcome';
import { allSubmissionsCard, exportCard } from './admin-cards';
import { confirmDiscardCard, discardedCard, draftExistsCard, noDraftCard, refusedCard } from './notice-cards';
import { mySubmissionsCard, submittedCard, useCaseDetailCard } from './submission-cards';
import { supersededCard, wizardCard } from './wizard-card';

/** The card for any intake outcome; dates and amounts in `locale` (the activity's), else en-US. */
export function intakeCard(result: IntakeOutcome, locale?: string): AdaptiveCard {
  if (!result.ok) return refusedCard(refusalText(result));
  const outcome = result.value;
  switch (outcome.kind) {
    case 'wizard':
      return wizardCard(outcome.view, locale);
    case 'superseded':
      return supersededCard(outcome.message, outcome.code);
    case 'draft-exists':
      return draftExistsCard(outcome.draft, locale);
    case 'confirm-discard':
      return confirmDiscardCard(outcome.draft, outcome.editingCode, locale);
    case 'discarded':
      return discardedCard(outcome.editingCode);
    case 'no-draft':
      return noDraftCard();
    case 'submitted':
      return submittedCard(outcome.useCase, outcome, locale);
    case 'my-submissions':
      return mySubmissionsCard(outcome.items, outcome.drafts, locale);
    case 'detail':
      return useCaseDetailCard(outcome.item, outcome.history, outcome, locale);
    case 'all-submissions':
      return allSubmissionsCard(outcome.filter, outcome.items, locale);
    case 'export':
      return exportCard(outcome.filter, outcome.csv, outcome.rows, outcome.included);
  }
}
