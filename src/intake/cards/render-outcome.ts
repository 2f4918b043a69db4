import type { AdaptiveCard } from '../../cards/card-kit';
import { refusalText } from '../../runtime/outcome';
import type { IntakeOutcome } from '../intake-outcome';
import { allSubmissionsCard, exportCard } from './admin-cards';
import { confirmDiscardCard, discardedCard, draftExistsCard, noDraftCard, refusedCard } from './notice-cards';
import { mySubmissionsCard, submittedCard, useCaseDetailCard } from './submission-cards';
import { wizardCard } from './wizard-card';

/** The card for any intake outcome. */
export function intakeCard(result: IntakeOutcome): AdaptiveCard {
  if (!result.ok) return refusedCard(refusalText(result));
  const outcome = result.value;
  switch (outcome.kind) {
    case 'wizard':
      return wizardCard(outcome.view);
    case 'draft-exists':
      return draftExistsCard(outcome.draft);
    case 'confirm-discard':
      return confirmDiscardCard(outcome.draft, outcome.editingCode);
    case 'discarded':
      return discardedCard(outcome.editingCode);
    case 'no-draft':
      return noDraftCard();
    case 'submitted':
      return submittedCard(outcome.useCase, outcome);
    case 'my-submissions':
      return mySubmissionsCard(outcome.items, outcome.drafts);
    case 'detail':
      return useCaseDetailCard(outcome.item, outcome.history, outcome);
    case 'all-submissions':
      return allSubmissionsCard(outcome.filter, outcome.items);
    case 'export':
      return exportCard(outcome.filter, outcome.csv, outcome.rows, outcome.included);
  }
}
