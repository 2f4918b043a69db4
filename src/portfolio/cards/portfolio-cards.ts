import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  card,
  executeButton,
  facts,
  heading,
  text,
} from '../../cards/card-kit';
import { AFFECTED, DATA_CLASSIFICATIONS, HOSTING, PERSONAL_DATA, label } from '../../intake/use-case-facts';
import { type PortfolioStage, STAGE_LABELS, allowedMoves } from '../lifecycle';
import type { InventoryRow } from '../portfolio-metrics';
import type { PortfolioView } from '../portfolio-service';

/** The verbs of the portfolio cards' Universal Actions. */
export const PORTFOLIO_VERBS = {
  move: 'portfolio.move',
  change: 'portfolio.change',
  open: 'portfolio.open',
} as const;

const MOVE_TITLES: Record<PortfolioStage, string> = {
  approved: 'Approved',
  building: 'Start building',
  pilot: 'Start the pilot',
  production: 'Go to production',
  paused: 'Pause',
  retired: 'Retire',
};

const day = (iso?: string) => (iso ? iso.slice(0, 10) : '—');
const money = (v?: number) =>
  v === undefined ? '—' : `USD ${v.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
const choices = (values: readonly string[]) => values.map((v) => ({ title: label(v), value: v }));

/** A notice above the card (the outcome of the last action), green for done, amber for refused. */
export interface CardNotice {
  text: string;
  kind: 'good' | 'warning';
}

function productionForm(view: PortfolioView): CardAction {
  const data = { useCaseId: view.useCase.id, to: 'production', version: view.version };
  return {
    type: 'Action.ShowCard',
    title: MOVE_TITLES.production,
    card: {
      type: 'AdaptiveCard',
      body: [
        text('Production details', { weight: 'Bolder' }),
        {
          type: 'Input.Date',
          id: 'goLive',
          label: 'Go-live date',
          isRequired: true,
          errorMessage: 'Enter the go-live date.',
          value: view.record?.goLive ?? '',
        },
        {
          type: 'Input.Text',
          id: 'models',
          label: 'Model(s), comma-separated',
          isRequired: true,
          errorMessage: 'Name at least one model.',
          maxLength: 300,
          value: view.record?.models.join(', ') ?? String(view.useCase.answers?.solution?.model ?? ''),
        },
        {
          type: 'Input.ChoiceSet',
          id: 'hosting',
          label: 'Hosting',
          isRequired: true,
          errorMessage: 'Choose the hosting.',
          choices: choices(HOSTING),
          value: view.record?.hosting ?? view.useCase.facts.hosting ?? '',
        },
        {
          type: 'Input.Number',
          id: 'monthlyCost',
          label: 'Monthly cost estimate (USD)',
          isRequired: true,
          errorMessage: 'Enter the monthly cost estimate.',
          min: 0,
          value: view.record?.monthlyCostEstimate,
        },
      ],
      actions: [
        executeButton('Move to production', PORTFOLIO_VERBS.move, data, {
          style: 'positive',
          associatedInputs: 'auto',
        }),
      ],
    },
  };
}

function changeForm(view: PortfolioView): CardAction {
  return {
    type: 'Action.ShowCard',
    title: 'Report a change',
    card: {
      type: 'AdaptiveCard',
      body: [
        text(
          'A new data category, customer exposure or a different model or hosting goes back through the review stages it concerns. Leave unchanged fields empty.',
          { isSubtle: true },
        ),
        {
          type: 'Input.Text',
          id: 'description',
          label: 'What changes',
          isRequired: true,
          errorMessage: 'Say what changes.',
          isMultiline: true,
          maxLength: 2000,
        },
        {
          type: 'Input.ChoiceSet',
          id: 'dataClassification',
          label: 'Data classification',
          choices: choices(DATA_CLASSIFICATIONS),
          value: '',
        },
        {
          type: 'Input.ChoiceSet',
          id: 'personalData',
          label: 'Personal data',
          choices: choices(PERSONAL_DATA),
          value: '',
        },
        {
          type: 'Input.ChoiceSet',
          id: 'affected',
          label: 'Newly affected',
          isMultiSelect: true,
          choices: choices(AFFECTED),
          value: '',
        },
        {
          type: 'Input.ChoiceSet',
          id: 'customerFacing',
          label: 'Customers interact directly',
          choices: [
            { title: 'Yes', value: 'true' },
            { title: 'No', value: 'false' },
          ],
          value: '',
        },
        { type: 'Input.ChoiceSet', id: 'changeHosting', label: 'Hosting', choices: choices(HOSTING), value: '' },
        { type: 'Input.Text', id: 'changeModel', label: 'Model or product', maxLength: 120 },
      ],
      actions: [
        executeButton(
          'Send to review',
          PORTFOLIO_VERBS.change,
          { useCaseId: view.useCase.id },
          { associatedInputs: 'auto' },
        ),
      ],
    },
  };
}

/**
 * A use case's portfolio status: stage, owner, business unit, models, hosting, cost and re-review date. The owner and
 * CoE admins get the moves the lifecycle allows (each carrying the record's version) and the change form.
 */
export function portfolioStatusCard(
  view: PortfolioView,
  options: { mayManage: boolean; notice?: CardNotice },
): AdaptiveCard {
  const uc = view.useCase;
  const r = view.record;
  const body: CardElement[] = [
    heading(`${uc.code}: ${uc.title}`, {
      subtle: `${STAGE_LABELS[view.stage]} · ${label(uc.tier)} tier${view.inReview ? ' · back in review' : ''}`,
    }),
    ...(options.notice
      ? [text(options.notice.text, { color: options.notice.kind === 'good' ? 'Good' : 'Warning', weight: 'Bolder' })]
      : []),
    facts([
      ['Stage', STAGE_LABELS[view.stage]],
      ['Owner', uc.submitterName],
      ['Business unit', uc.businessUnit],
      ['Model(s)', r?.models.length ? r.models.join(', ') : String(uc.answers?.solution?.model ?? '')],
      ['Hosting', label(r?.hosting ?? uc.facts.hosting)],
      ['Go-live', day(r?.goLive)],
      ['Monthly cost estimate', money(r?.monthlyCostEstimate)],
      ...(view.nextReReviewAt ? ([['Next re-review', day(view.nextReReviewAt)]] as Array<[string, string]>) : []),
    ]),
  ];
  if (!options.mayManage || view.stage === 'retired') return card(body);
  const moves = allowedMoves(view.stage).filter((to) => !view.inReview || to === 'paused' || to === 'retired');
  const actions: CardAction[] = moves.map((to) =>
    to === 'production'
      ? productionForm(view)
      : executeButton(
          MOVE_TITLES[to],
          PORTFOLIO_VERBS.move,
          { useCaseId: uc.id, to, version: view.version },
          { style: to === 'retired' ? 'destructive' : undefined, associatedInputs: 'auto' },
        ),
  );
  if (moves.length)
    body.push({
      type: 'Input.Text',
      id: 'reason',
      label: 'Reason (optional, kept in the audit trail)',
      maxLength: 500,
    });
  if (!view.inReview && uc.status === 'approved') actions.push(changeForm(view));
  return card(body, actions);
}

/** "My portfolio": a person's cases with stage and an Open button each. */
export function portfolioListCard(title: string, rows: InventoryRow[]): AdaptiveCard {
  if (rows.length === 0)
    return card([heading(title), text('No use cases yet. Say **submit a use case** to start one.')]);
  const body: CardElement[] = [heading(title, { subtle: `${rows.length} use case${rows.length === 1 ? '' : 's'}` })];
  for (const row of rows.slice(0, 25)) {
    body.push({
      type: 'ColumnSet',
      separator: true,
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            text(`**${row.code}** ${row.title}`),
            text(`${row.stage.replace(/-/g, ' ')} · ${label(row.tier)} tier · ${row.businessUnit}`, {
              isSubtle: true,
              spacing: 'None',
            }),
          ],
        },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'Center',
          items: [{ type: 'ActionSet', actions: [executeButton('Open', PORTFOLIO_VERBS.open, { useCaseId: row.id })] }],
        },
      ],
    });
  }
  if (rows.length > 25)
    body.push(text(`Showing 25 of ${rows.length}. The dashboard tab lists them all.`, { isSubtle: true }));
  return card(body);
}
