import type { UseCase } from '../../src/intake/use-case';
import { caseOf } from '../../src/review/review-case';
import { REVIEW_CARD_IDS, caseEssentials } from '../../src/review/review-case-card';
import type { ReviewState } from '../../src/review/review-types';
import { ALEX, BotHarness, cardOf } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { WizardDriver, actionOf, elementsOf, textOf } from '../intake/wizard-driver';
import { PEOPLE, reviewOrg } from './review-fixtures';

const SAM = PEOPLE.sam;
const CARD = 'application/vnd.microsoft.card.adaptive';
const chatOf = (u: { aadObjectId: string }) => `a:personal-${u.aadObjectId}`;

/** Issue #14: the review card carries the case, so triage can check data and budget without asking. */
describe('the review card carries the case (through /api/messages)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await BotHarness.start({ org: reviewOrg() });
    for (const u of [ALEX, SAM]) await h.say(u, 'hello');
  });
  afterAll(async () => h.stop());

  /** Sam submits through the wizard; returns the review card Alex (a CoE lead) received in his personal chat. */
  const submitAndOpenAlexCard = async (changes: Parameters<WizardDriver['toReview']>[0]) => {
    const sam = new WizardDriver(h, SAM);
    const review = await sam.toReview(changes);
    const before = h.connector.calls.length;
    await sam.press(review, 'intake.submit');
    const sent = h.connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.conversationId === chatOf(ALEX))
      .map((c) => cardOf(c.body))
      .filter((card) => card && textOf(card).includes('Ethics and risk review'));
    expect(sent).toHaveLength(1);
    expectValidCard(sent[0]);
    return sent[0];
  };
  const byId = (card: any, id: string) => elementsOf(card).find((e: any) => e.id === id);

  it('shows problem, users, data and classification, model and hosting, and the pilot cost over the funding limit', async () => {
    const card = await submitAndOpenAlexCard({
      data: { dataClassification: 'confidential', personalData: 'none', affected: 'customers' },
      value: { pilotCostUsd: '40000' },
    });
    const essentials = textOf(byId(card, REVIEW_CARD_IDS.case));
    expect(essentials).toContain('Lawyers spend hours finding risky clauses in supplier contracts.');
    expect(essentials).toContain('Confidential');
    expect(essentials).toContain('Confidential · personal data: None');
    expect(essentials).toContain('GPT-4o');
    expect(essentials).toContain('Customers');
    const cost = byId(card, REVIEW_CARD_IDS.cost);
    expect(cost.text).toBe(
      'Pilot cost: USD 40,000, above the USD 25,000 limit: needs the executive sponsor and the finance business partner',
    );
    expect(cost.color).toBe('Attention');
    expect(textOf(card)).toContain('Data classified Confidential or Highly confidential');

    const full = byId(card, REVIEW_CARD_IDS.fullSubmission);
    expect(full.isVisible).toBe(false);
    expect(textOf(full)).toContain('Saves two hours per contract review.');
    expect(textOf(full)).not.toContain('Lawyers spend hours');
    const toggles = elementsOf(card)
      .filter((e: any) => e.type === 'ActionSet')
      .flatMap((s: any) => s.actions)
      .filter((a: any) => a.type === 'Action.ToggleVisibility');
    expect(toggles.map((t: any) => [t.title, t.targetElements])).toEqual([
      ['Show full submission', [REVIEW_CARD_IDS.fullSubmission]],
    ]);

    // After triage, Alex's next stage is Legal review (customers are affected): his card names what Legal checks.
    const approved = await h.execute(ALEX, 'review.approve', actionOf(card, 'review.approve').data);
    const legal = approved.body.value;
    expectValidCard(legal);
    expect(textOf(legal)).toContain('Your decision: Legal review');
    expect(textOf(legal)).toContain('What your stage checks');
    expect(textOf(legal)).toContain('{"title":"Do customers interact with the solution directly?","value":"No"}');
  });

  it('measures a cost within the limit, and approve from the card records the decision with the feedback by the buttons', async () => {
    const card = await submitAndOpenAlexCard({ value: { pilotCostUsd: '15000' } });
    expect(byId(card, REVIEW_CARD_IDS.cost).text).toBe(
      'Pilot cost: USD 15,000, within the USD 25,000 limit: the CoE lead at triage approves',
    );
    expect(textOf(byId(card, REVIEW_CARD_IDS.case))).toContain('Internal');

    const approve = actionOf(card, 'review.approve');
    const res = await h.execute(ALEX, 'review.approve', { ...approve.data, comment: 'Budget is fine.' });
    expect(res.status).toBe(200);
    expect(res.body.type).toBe(CARD);
    const after = res.body.value;
    expectValidCard(after);
    const last = after.body[after.body.length - 1];
    expect(last).toMatchObject({ id: REVIEW_CARD_IDS.feedback, text: 'Your decision was recorded.' });
    expect(byId(after, REVIEW_CARD_IDS.cost).text).toContain('USD 15,000');
    const history = byId(after, REVIEW_CARD_IDS.history);
    expect(history.isVisible).toBe(false);
    expect(history.items.map((i: any) => i.text).join('\n')).toContain(
      'Alex Wilber approved CoE triage: "Budget is fine."',
    );
    const review = (await h.bot.deps.review.reviews.get(approve.data.reviewId))!;
    expect(review.decisions.map((d) => [d.approverName, d.decision])).toEqual([['Alex Wilber', 'approve']]);
  });
});

describe('case essentials', () => {
  it('drops unanswered parts of a line instead of showing a dash inside it', () => {
    const org = reviewOrg();
    const uc = {
      answers: { basics: { problem: 'Too slow.' }, solution: { hosting: 'azure-openai' }, value: { pilotCostUsd: 0 } },
    } as unknown as UseCase;
    const state = { case: caseOf(uc, org.review) } as ReviewState;
    const [essentials] = caseEssentials(state) as any[];
    const factSet = essentials.items.find((i: any) => i.type === 'FactSet');
    expect(factSet.facts).toContainEqual({ title: 'Model and hosting', value: 'Azure OpenAI in our tenant' });
    expect(factSet.facts).toContainEqual({ title: 'Users affected', value: '—' });
  });
});
