import * as fs from 'node:fs';
import * as path from 'node:path';
import { intakeCard } from '../../src/intake/cards/render-outcome';
import type { IntakeOutcome } from '../../src/intake/intake-outcome';
import { escalationAnsweredCard, expertQuestionCard, notCoveredCard } from '../../src/knowledge/cards/escalation-cards';
import { expertAnswerForAskerCard } from '../../src/knowledge/cards/escalation-cards';
import { knowledgeGapsCard } from '../../src/knowledge/feedback/knowledge-gaps-card';
import type { KnowledgeGap } from '../../src/knowledge/feedback/knowledge-gaps';
import { errorCard } from '../../src/teams/cards/error-card';
import { welcomeCard } from '../../src/teams/cards/welcome-card';
import { ALEX, BotHarness, cardOf } from '../support/bot-harness';
import { BUDGETS, type CardKind, measureCard, overBudget } from '../support/card-budgets';
import { INTAKE_SAMPLES } from '../intake/intake-card-samples';
import { WizardDriver } from '../intake/wizard-driver';

/**
 * Every card builder of the project, by function name, and the budget kind its cards are held to (docs/cards.md).
 * A new builder (an exported function named `...Card` under src/) fails the coverage test below until it is listed.
 */
const BUILDER_KINDS: Record<string, CardKind> = {
  announcementCard: 'status',
  announcementListCard: 'list',
  composeCard: 'form',
  noticeCard: 'notice',
  previewCard: 'status',
  statusCard: 'status',
  allSubmissionsCard: 'list',
  exportCard: 'export',
  confirmDiscardCard: 'notice',
  discardedCard: 'notice',
  draftExistsCard: 'notice',
  noDraftCard: 'notice',
  refusedCard: 'notice',
  intakeCard: 'status',
  mySubmissionsCard: 'list',
  submittedCard: 'status',
  useCaseDetailCard: 'detail',
  supersededCard: 'notice',
  wizardCard: 'form',
  adaptiveCard: 'notice',
  escalationAnsweredCard: 'status',
  expertAnswerForAskerCard: 'status',
  expertQuestionCard: 'form',
  notCoveredCard: 'notice',
  knowledgeGapsCard: 'list',
  checkInCard: 'form',
  satisfactionCard: 'form',
  surveyEscalationCard: 'notice',
  thanksCard: 'notice',
  portfolioListCard: 'list',
  portfolioStatusCard: 'status',
  incidentCard: 'status',
  incidentFormCard: 'form',
  reviewCard: 'status',
  reviewNoticeCard: 'status',
  waitingListCard: 'list',
  reviewViewCard: 'status',
  errorCard: 'notice',
  helpCard: 'list',
  choiceMadeCard: 'notice',
  clarifyCard: 'notice',
  insteadCard: 'notice',
  offerCard: 'notice',
  welcomeCard: 'notice',
};

const SRC = path.resolve(__dirname, '../../src');

/** Every `export function xxxCard` under src/, as "name (relative/path.ts)". */
function cardBuilders(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return cardBuilders(full);
    if (!e.name.endsWith('.ts')) return [];
    const names = [...fs.readFileSync(full, 'utf8').matchAll(/export function (\w+Card)\b/g)].map((m) => m[1]);
    return names.map((n) => `${n} (${path.relative(SRC, full).split(path.sep).join('/')})`);
  });
}

const expectWithin = (label: string, card: unknown, kind: CardKind) =>
  expect({ label, problems: overBudget(card, kind) }).toEqual({ label, problems: [] });

const gap = (i: number): KnowledgeGap => ({
  question: `Which embedding model should a retrieval pilot number ${i} use for documents in German and French?`,
  normalizedQuestion: `embed model pilot ${i}`,
  unanswered: 3,
  dislikes: 2,
  total: 5,
  lastAskedAt: new Date('2026-11-20T10:00:00Z'),
  comments: ['It did not mention languages at all.', 'Please cover multilingual retrieval.'],
});

describe('card budgets (docs/cards.md)', () => {
  it('knows the budget kind of every card builder in src/', () => {
    const unlisted = cardBuilders().filter((b) => !(b.split(' ')[0] in BUILDER_KINDS));
    expect(unlisted).toEqual([]);
  });

  it('a budget can fail: the use-case detail with every section opened is over the detail budget', () => {
    const detail = INTAKE_SAMPLES.find(([name]) => name === 'detail with withdraw and edit')![1];
    const card = JSON.parse(JSON.stringify(intakeCard(detail)).replace(/"isVisible":false/g, '"isVisible":true'));
    expect(overBudget(intakeCard(detail), 'detail')).toEqual([]);
    expect(overBudget(card, 'detail').join()).toMatch(/budget for a detail card/);
    expect(measureCard(card).elements).toBeGreaterThan(BUDGETS.detail.elements);
  });

  it.each(INTAKE_SAMPLES)('intake: %s', (name, result: IntakeOutcome) => {
    const outcome = result.ok ? result.value : { kind: 'refused' as const };
    const kind: CardKind =
      outcome.kind === 'wizard'
        ? 'form'
        : outcome.kind === 'detail'
          ? 'detail'
          : outcome.kind === 'export'
            ? 'export'
            : outcome.kind === 'my-submissions' || outcome.kind === 'all-submissions'
              ? 'list'
              : outcome.kind === 'submitted'
                ? 'status'
                : 'notice';
    expectWithin(name, intakeCard(result), kind);
  });

  it('knowledge and Teams cards with long content', () => {
    const long = 'How should a team evaluate a model that is not on the approved list before a pilot? '.repeat(4);
    expectWithin('not covered', notCoveredCard({ question: long }), 'notice');
    expectWithin(
      'expert question',
      expertQuestionCard({ escalationId: 'e1', question: long, askerName: 'Megan' }),
      'form',
    );
    expectWithin(
      'answered',
      escalationAnsweredCard({
        escalationId: 'e1',
        question: long,
        askerName: 'Megan',
        answer: long,
        expertName: 'Alex',
      }),
      'status',
    );
    expectWithin(
      'answer to asker',
      expertAnswerForAskerCard({ question: long, answer: long, expertName: 'Alex' }),
      'status',
    );
    expectWithin(
      'gaps',
      knowledgeGapsCard(
        Array.from({ length: 15 }, (_, i) => gap(i)),
        { answered: [gap(99)] },
      ),
      'list',
    );
    expectWithin(
      'welcome',
      welcomeCard({ organisation: 'Contoso', userName: 'Alex Wilber', scope: 'personal' }),
      'notice',
    );
    expectWithin(
      'error',
      errorCard({ message: 'The database did not answer in time.', reference: 'abc123' }),
      'notice',
    );
  });

  describe('cards the bot sends in real conversations', () => {
    let h: BotHarness;
    beforeAll(async () => {
      h = await BotHarness.start();
    });
    afterAll(async () => h.stop());

    /** The kind of a card captured from the bot, by what it holds (inputs or wizard steps make a form; sections a list). */
    const kindOf = (card: any): CardKind => {
      const json = JSON.stringify(card);
      if (/"fontType":"Monospace"/.test(json)) return 'export';
      if (/"type":"Input\./.test(json) || /Step \d of \d/.test(json)) return 'form';
      const sections = (card.body ?? []).filter((e: any) => e.type === 'Container' && e.separator).length;
      return sections >= 3 || /What I can do/.test(json) ? 'list' : 'status';
    };

    it('every card of the main journeys (help, wizard, review, announcements, portfolio) fits its budget', async () => {
      const cards: any[] = [];
      const keep = (messages: Array<Record<string, unknown>>) =>
        messages.map(cardOf).forEach((c) => c && cards.push(c));
      for (const text of ['help', 'announce', 'what is waiting for me', 'my portfolio', 'knowledge gaps'])
        keep(await h.say(ALEX, text));
      const w = new WizardDriver(h, ALEX);
      const submitted = await w.press(await w.toReview(), 'intake.submit');
      expect(JSON.stringify(submitted)).toMatch(/UC-\d{4} submitted/);
      cards.push(submitted);
      keep(h.connector.calls.map((c) => c.body as Record<string, unknown>));
      keep(await h.say(ALEX, 'my submissions'));
      keep(await h.say(ALEX, 'all submissions'));
      expect(cards.length).toBeGreaterThan(8);
      for (const card of cards) {
        const kind = kindOf(card);
        const title = /"text":"([^"]{1,120})/.exec(JSON.stringify(card))?.[1] ?? '(no text)';
        expect({ title, problems: overBudget(card, kind) }).toEqual({ title, problems: [] });
      }
    }, 120_000);
  });
});
