import { announcementCard } from '../../src/announcements/announcement-card';
import { announcementListCard } from '../../src/announcements/author-cards';
import { previewCard } from '../../src/announcements/preview-card';
import { statusCard } from '../../src/announcements/status-card';
import { escapeMarkdown } from '../../src/cards/card-kit';
import { INTAKE_VERBS } from '../../src/intake/intake-verbs';
import { DraftRepository } from '../../src/intake/draft-repository';
import { UseCaseRepository } from '../../src/intake/use-case-repository';
import { ESCALATION_VERBS } from '../../src/knowledge/cards/escalation-verbs';
import { ALEX, BotHarness, TENANT, cardOf } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { FACTS, PEOPLE, reviewOrg } from '../review/review-fixtures';
import { expectNoLiveMarkdown, isOneClosedCodeBlock, markdownStrings } from './support/markdown-safety';

/** What an attacker types into every free-text field: a link, emphasis, an autolink, heading/list lines and a fence. */
const MARK = 'evil.example';
const INJ = (field: string) =>
  `${field} [click](https://${MARK}/${field}) **bold** _it_ <https://${MARK}/auto>\n# Heading\n- item\n1. one\n\`\`\`\nbroken out`;
const MALLORY = {
  id: '29:mallory',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-00000000beef',
  name: `Mallory [me](https://${MARK}/name) **boss**`,
};
const { megan: MEGAN } = PEOPLE;

/**
 * Finding 5: user text is escaped in every card that shows it (checked in the card JSON the connector receives and in
 * the invoke responses). Before the fix a title `[click](https://evil.example)` became a live link in approvers' cards
 * and a ``` in a question broke out of the knowledge-gaps CSV block.
 */
describe('user text cannot become live markdown in any card', () => {
  let h: BotHarness;
  const captured: unknown[] = [];
  const record = (x: unknown) => {
    captured.push(x);
    return x;
  };

  beforeAll(async () => {
    h = await BotHarness.start({ org: reviewOrg() });
    for (const u of [ALEX, MEGAN, MALLORY]) await h.say(u, 'hello');
    const installed = await h.post(
      h.activity(ALEX, {
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:coe-bot' }],
        conversation: { id: 'team-id', conversationType: 'channel', tenantId: TENANT },
        channelData: { tenant: { id: TENANT }, team: { id: 'team-id', name: 'My Team' } },
      }),
    );
    expect(installed.status).toBeLessThan(300);
  });
  afterAll(async () => h.stop());

  it('review cards, notices, the waiting list, my submissions, details, all submissions, drafts and the edit wizard', async () => {
    const db = h.bot.deps.db;
    const answers = {
      basics: {
        title: INJ('title'),
        problem: INJ('problem'),
        businessUnit: 'Fin',
        sponsor: INJ('sponsor'),
        contact: INJ('contact'),
      },
      data: { dataSources: INJ('sources') },
    };
    const { useCase: uc } = await new UseCaseRepository(db).create({
      submitterId: MALLORY.aadObjectId,
      submitterName: MALLORY.name,
      title: INJ('title'),
      businessUnit: INJ('unit'),
      answers: answers as never,
      facts: FACTS.minimal,
      tier: 'minimal',
      tierReasons: [],
      idempotencyKey: `inj-${Date.now()}`,
    });
    await h.bot.deps.review.submitted(uc);
    const review = (await h.bot.deps.review.reviews.getByUseCase(uc.id))!;
    record((await h.say(MEGAN, 'what is waiting for me?')).map(cardOf));
    const decided = await h.execute(MEGAN, 'review.requestChanges', {
      reviewId: review.id,
      version: review.version,
      comment: INJ('comment'),
    });
    expect(decided.body.type).toBe('application/vnd.microsoft.card.adaptive');
    record(decided.body.value);
    record((await h.execute(MALLORY, 'review.refresh', { reviewId: review.id })).body);
    record((await h.say(MALLORY, 'my submissions')).map(cardOf));
    record((await h.execute(MALLORY, INTAKE_VERBS.view, { useCaseId: uc.id })).body);
    record((await h.say(ALEX, 'all submissions')).map(cardOf));
    const current = (await new UseCaseRepository(db).get(uc.id))!;
    record((await h.execute(MALLORY, INTAKE_VERBS.edit, { useCaseId: uc.id, version: current.version })).body);
    await new DraftRepository(db).create({
      ownerId: MALLORY.aadObjectId,
      step: 'basics',
      answers: { basics: { title: INJ('draft') } } as never,
    });
    record((await h.say(MALLORY, 'submit a use case')).map(cardOf));
    // Everything the bot posted or updated through the connector (approvers' cards, the submitter's notice and status card).
    for (const call of h.connector.calls) record(cardOf(call.body));

    for (const x of captured)
      if (x && typeof x === 'object' && (x as { type?: string }).type === 'AdaptiveCard') expectValidCard(x);
    const checked = expectNoLiveMarkdown(captured, MARK);
    const all = markdownStrings(captured).join('\n');
    for (const field of ['title', 'comment', 'problem', 'sponsor', 'contact', 'sources', 'unit', 'draft'])
      expect(all).toContain(`${field} \\[click\\]`);
    expect(all).toContain('Mallory \\[me\\]');
    expect(checked).toBeGreaterThan(20);
  });

  it('questions, escalation cards, expert answers, the knowledge-gap card and its CSV block', async () => {
    captured.length = 0;
    const question = `What is the policy on ${INJ('question')} for llamas on Mars?`;
    const before = h.connector.calls.length;
    const asked = await h.say(MALLORY, question);
    record(asked.map(cardOf));
    const sent = await h.execute(MALLORY, ESCALATION_VERBS.create, { question });
    record(sent.body);
    const expertCard = cardOf(h.connector.messages('team-id').at(-1)!);
    record(expertCard);
    const answer = expertCard.actions.find((a: { verb?: string }) => a.verb === ESCALATION_VERBS.answer);
    const answered = await h.execute(
      ALEX,
      answer.verb,
      { ...answer.data, answer: INJ('answer') },
      { conversation: { id: 'team-id', conversationType: 'channel' } },
    );
    record(answered.body);
    for (const call of h.connector.calls.slice(before)) record(cardOf(call.body));
    const gaps = await h.say(ALEX, 'knowledge gaps csv');
    record(gaps.map(cardOf));

    const checked = expectNoLiveMarkdown(captured, MARK);
    expect(checked).toBeGreaterThanOrEqual(5);
    const all = markdownStrings(captured).join('\n');
    for (const field of ['question', 'answer']) expect(all).toContain(`${field} \\[click\\]`);
    const csv = gaps.map((m) => String(m.text ?? '')).find((t) => t.startsWith('```'));
    expect(csv).toBeDefined();
    expect(csv).toContain('llamas on Mars');
    expect(isOneClosedCodeBlock(csv!)).toBe(true);
  });

  it('the audit export keeps a comment with a code fence inside its block', async () => {
    const { useCase: uc } = await new UseCaseRepository(h.bot.deps.db).create({
      submitterId: MALLORY.aadObjectId,
      submitterName: MALLORY.name,
      title: 'Fence test',
      businessUnit: 'Fin',
      answers: {} as never,
      facts: FACTS.minimal,
      tier: 'minimal',
      tierReasons: [],
      idempotencyKey: `fence-${Date.now()}`,
    });
    await h.bot.deps.audit.append({
      actorId: MALLORY.aadObjectId,
      actorName: MALLORY.name,
      subjectType: 'use-case',
      subjectId: uc.code,
      action: 'withdrawn',
      comment: 'a ```` four-tick run and ``` three ```csv',
    });
    for (const format of ['csv', 'json']) {
      const messages = await h.say(ALEX, `export audit ${uc.code} as ${format}`);
      const block = messages.map((m) => String(m.text)).find((t) => t.startsWith('```'));
      expect(block).toBeDefined();
      expect(isOneClosedCodeBlock(block!)).toBe(true);
    }
  });

  it('announcement titles and author names are escaped; the body, written in Markdown by CoE staff, keeps its formatting', () => {
    const a = {
      id: 7,
      title: INJ('announcement'),
      body: 'See **the policy** at [the intranet](https://intranet.example/policy).',
      imageUrl: undefined,
      links: [],
      category: 'policy',
      requiresAck: true,
    };
    const full = {
      ...a,
      authorId: 'x',
      authorName: MALLORY.name,
      source: 'teams',
      status: 'sending',
      version: 1,
      audience: 'personal-installs',
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const counts = {
      total: 1,
      queued: 0,
      retrying: 0,
      inFlight: 0,
      sent: 1,
      failed: 0,
      unreachable: 0,
      cancelled: 0,
      possiblySent: 0,
      acknowledged: 0,
    };
    const cards = [
      announcementCard(a as never),
      previewCard(full as never, { estimate: { recipients: 3, muted: 0 }, audienceLabel: 'Everyone' }),
      statusCard(full as never, counts, { audienceLabel: 'Everyone', updatedAt: new Date() }),
      announcementListCard([full as never], { showAuthors: true }),
    ];
    for (const card of cards) {
      expectValidCard(card);
      expect(expectNoLiveMarkdown(card, MARK)).toBeGreaterThan(0);
    }
    expect(markdownStrings(cards[0])).toContain(a.body);
    expect(markdownStrings(cards[3]).join('\n')).toContain('Mallory \\[me\\]');
  });

  it('the escaping itself: every markdown construct in a string becomes literal', () => {
    expect(escapeMarkdown('[x](https://e.example) *a* _b_ `c` ~d~ <https://e.example> Draft #3 a>b \\')).toBe(
      '\\[x\\](https://e.example) \\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\<https://e.example> Draft #3 a>b \\\\',
    );
    expect(escapeMarkdown('# h\n- a\n+ b\n12. c\n  3) d\n> q')).toBe('\\# h\n\\- a\n\\+ b\n12\\. c\n  3\\) d\n\\> q');
  });
});
