import type { BotHarness, User } from '../support/bot-harness';
import { cardOf } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';

/** Valid answers for every wizard step, as the card inputs send them (strings). */
export const VALID = {
  basics: {
    title: 'Contract clause summariser',
    problem: 'Lawyers spend hours finding risky clauses in supplier contracts.',
    businessUnit: 'Legal Ops',
    sponsor: 'Dana Sponsor',
    contact: 'megan@contoso.example',
  },
  data: {
    dataSources: 'Contract repository and the clause library',
    dataClassification: 'internal',
    personalData: 'none',
    affected: 'employees',
    scale: 'department',
  },
  impact: {
    outputUse: 'advisory',
    highRiskDomains: 'none',
    prohibitedPractices: 'none',
    customerFacing: 'no',
    generatedContentShown: 'no',
  },
  solution: {
    hosting: 'azure-openai',
    model: 'GPT-4o',
    buildOrBuy: 'build',
    pilotStart: '2027-01-10',
    goLive: '2027-04-01',
  },
  value: {
    benefit: 'Saves two hours per contract review.',
    kpis: 'Hours saved per contract',
    pilotCostUsd: '15000',
    yearlyCostUsd: '4000',
    roi: 'Pays back in 6 months',
    priority: 'high',
  },
};

type AnyCard = any;

/** Every element of a card body, depth first (containers, columns and their items). */
export function elementsOf(card: AnyCard): AnyCard[] {
  const out: AnyCard[] = [];
  const walk = (els: AnyCard[] | undefined) => {
    for (const el of els ?? []) {
      out.push(el);
      walk(el.items);
      for (const col of el.columns ?? []) walk(col.items);
    }
  };
  walk(card.body);
  return out;
}

/** The values the card's inputs show, as the client would send them untouched. */
export function inputsOf(card: AnyCard): Record<string, string> {
  return Object.fromEntries(
    elementsOf(card)
      .filter((e) => String(e.type).startsWith('Input.'))
      .map((e) => [e.id, e.value === undefined ? '' : String(e.value)]),
  );
}

/** Every action of a card: the action bar, ActionSets in the body, and inside ShowCards. */
export function actionsOf(card: AnyCard): AnyCard[] {
  const top = [
    ...(card.actions ?? []),
    ...elementsOf(card)
      .filter((e) => e.type === 'ActionSet')
      .flatMap((e) => e.actions),
  ];
  return [...top, ...top.filter((a) => a.type === 'Action.ShowCard').flatMap((a) => actionsOf(a.card))];
}

/** The action with this verb (and title, when several share the verb). */
export function actionOf(card: AnyCard, verb: string, title?: string): AnyCard {
  const found = actionsOf(card).find((a) => a.verb === verb && (!title || a.title === title));
  if (!found)
    throw new Error(
      `The card has no ${verb} action${title ? ` titled ${title}` : ''}: ${JSON.stringify(card).slice(0, 400)}`,
    );
  return found;
}

/** All the text a card shows, for simple "contains" checks. */
export function textOf(card: AnyCard): string {
  return JSON.stringify(card);
}

/** Drives the intake cards through /api/messages as a Teams client would, checking every card against the schema. */
export class WizardDriver {
  readonly cards: AnyCard[] = [];

  constructor(
    private readonly h: BotHarness,
    readonly user: User,
  ) {}

  private seen(card: AnyCard): AnyCard {
    expectValidCard(card);
    this.cards.push(card);
    return card;
  }

  /** Types a message and returns the card of the last reply. */
  async say(text: string): Promise<AnyCard> {
    const replies = await this.h.say(this.user, text);
    const card = cardOf(replies[replies.length - 1]);
    if (!card) throw new Error(`No card in the reply to "${text}": ${JSON.stringify(replies)}`);
    return this.seen(card);
  }

  /** Sends an Action.Execute invoke with raw data and returns the card of the invoke response. */
  async execute(verb: string, data: Record<string, unknown>): Promise<AnyCard> {
    const res = await this.h.execute(this.user, verb, data);
    if (
      res.status !== 200 ||
      res.body?.statusCode !== 200 ||
      res.body?.type !== 'application/vnd.microsoft.card.adaptive'
    ) {
      throw new Error(`Unexpected invoke response ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
    }
    return this.seen(res.body.value);
  }

  /** Presses the card's button for `verb`: its data plus (unless the button collects none) the inputs with `changes`. */
  async press(card: AnyCard, verb: string, changes: Record<string, string> = {}, title?: string): Promise<AnyCard> {
    const action = actionOf(card, verb, title);
    const inputs = action.associatedInputs === 'none' ? {} : { ...inputsOf(card), ...changes };
    return this.execute(verb, { ...action.data, ...inputs });
  }

  /** From a step card, fills the step with valid answers (plus `changes`) and presses Next. */
  async next(card: AnyCard, step: keyof typeof VALID, changes: Record<string, string> = {}): Promise<AnyCard> {
    return this.press(card, 'intake.next', { ...VALID[step], ...changes });
  }

  /** Starts a new use case and walks to the Review step with valid answers (and per-step changes). */
  async toReview(
    changes: Partial<Record<keyof typeof VALID, Record<string, string>>> = {},
    start = 'submit a use case',
  ): Promise<AnyCard> {
    let card = await this.say(start);
    for (const step of ['basics', 'data', 'impact', 'solution', 'value'] as const)
      card = await this.next(card, step, changes[step]);
    return card;
  }
}
