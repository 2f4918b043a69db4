import type { OrgConfig } from '../../src/org-settings';
import { ESCALATION_VERBS } from '../../src/knowledge/cards/escalation-verbs';
import { MemoryRateLimit, overLimit, waitPhrase } from '../../src/store/rate-limits';
import { REVIEW_COMMENT_MAX_LENGTH, reviewCard } from '../../src/review/review-cards';
import { ALEX, BotHarness, MEGAN, cardOf } from '../support/bot-harness';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from '../review/review-fixtures';
import { WizardDriver, actionOf, textOf } from '../intake/wizard-driver';
import { EXPERTS, installInExpertsChannel } from './support/experts-channel';

const limitedOrg = (): OrgConfig =>
  reviewOrg((raw) => {
    raw.rateLimits = { questionsPerHour: 3, escalationsPerHour: 2, submissionsPerDay: 1 };
  });

/**
 * Finding 5 (rate limits and input limits): before the fix, 20 escalations in a row all reached the experts channel
 * and the review comment box allowed 2,000 characters while the server accepted 4,000.
 */
describe('per-person rate limits through /api/messages', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await BotHarness.start({ org: limitedOrg() });
    await installInExpertsChannel(h);
  });
  afterAll(async () => h.stop());

  const expertPosts = (harness: BotHarness) =>
    harness.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === EXPERTS && cardOf(c.body));

  it('escalations: the third in an hour is refused with a plain sentence, on every instance, and reaches nobody', async () => {
    const posted = expertPosts(h).length;
    for (const n of [1, 2]) {
      const ok = await h.execute(MEGAN, ESCALATION_VERBS.create, {
        question: `Escalated question number ${n} about vendor models?`,
      });
      expect(JSON.stringify(ok.body)).toContain('Sent to the CoE experts');
    }
    const refused = await h.execute(MEGAN, ESCALATION_VERBS.create, {
      question: 'Escalated question number 3 about vendor models?',
    });
    expect(refused.status).toBe(200);
    expect(refused.body.value).toMatch(
      /^You have asked the CoE experts 2 times in the last hour; please wait about (59|60) minutes before asking them again\./,
    );
    expect(expertPosts(h).length - posted).toBe(2);
    const stored = await h.bot.deps.db.query<{ n: number | string }>(
      'select count(*) as n from knowledge_escalations where asker_id = $1',
      [MEGAN.aadObjectId],
    );
    expect(Number(stored[0].n)).toBe(2);

    // A second instance on the same database counts the same escalations.
    const second = await BotHarness.start({ org: limitedOrg(), db: h.bot.deps.db });
    try {
      const elsewhere = await second.execute(MEGAN, ESCALATION_VERBS.create, {
        question: 'Escalated question number 4 about vendor models?',
      });
      expect(elsewhere.body.value).toMatch(/^You have asked the CoE experts 2 times in the last hour/);
      expect(expertPosts(second)).toHaveLength(0);
    } finally {
      await second.stop();
    }

    // Someone else is not affected.
    const alex = await h.execute(ALEX, ESCALATION_VERBS.create, {
      question: 'A question from another person entirely?',
    });
    expect(JSON.stringify(alex.body)).toContain('Sent to the CoE experts');
  });

  it('questions: the fourth in an hour gets a plain sentence instead of an answer', async () => {
    const person = { id: '29:quinn', aadObjectId: 'bbbbbbbb-0000-0000-0000-000000000042', name: 'Quinn Questioner' };
    for (let i = 0; i < 3; i++) {
      const replies = await h.say(person, `Which models are approved for use? (${i})`);
      expect(replies.some((r) => String(r.text ?? '').startsWith('You have asked me'))).toBe(false);
    }
    const refused = await h.say(person, 'Which models are approved for use? (again)');
    expect(refused.map((r) => r.text)).toEqual([
      expect.stringMatching(
        /^You have asked me 3 questions in the last hour; please wait about (59|60) minutes before asking another\./,
      ),
    ]);
  });

  it('submissions: a second new use case within a day is refused and the draft is kept', async () => {
    const w = new WizardDriver(h, PEOPLE.sam);
    const first = await w.press(await w.toReview(), 'intake.submit');
    expect(textOf(first)).toMatch(/UC-\d{4}/);
    const review = await w.toReview({}, 'submit a use case');
    const refused = await w.execute('intake.submit', actionOf(review, 'intake.submit').data);
    expect(textOf(refused)).toContain('You have submitted 1 use cases in the last 24 hours; please wait about');
    expect(textOf(refused)).toContain('Your draft is saved');
    const drafts = await h.bot.deps.intake.drafts.openFor(PEOPLE.sam.aadObjectId);
    expect(drafts).toHaveLength(1);
  });
});

describe('rate-limit arithmetic and input limits', () => {
  it('counts a sliding window per person and says how long to wait', () => {
    const limit = new MemoryRateLimit(2, 60 * 60_000);
    const t0 = new Date('2026-12-06T10:00:00Z');
    expect(limit.take('p', t0)).toBeUndefined();
    expect(limit.take('p', new Date(t0.getTime() + 10 * 60_000))).toBeUndefined();
    expect(limit.take('p', new Date(t0.getTime() + 20 * 60_000))).toEqual({ count: 2, waitMs: 40 * 60_000 });
    expect(limit.take('other', t0)).toBeUndefined();
    expect(limit.take('p', new Date(t0.getTime() + 61 * 60_000))).toBeUndefined();
    expect(overLimit({ count: 5 }, 0, 1000, t0)).toBeUndefined();
    expect(waitPhrase(30_000)).toBe('about 1 minute');
    expect(waitPhrase(3 * 60 * 60_000)).toBe('about 3 hours');
  });

  it('the review comment box and the server accept the same length', async () => {
    const h = await BotHarness.start({ org: reviewOrg() });
    try {
      const uc = await createUseCase(h.bot.deps.db, { facts: FACTS.minimal, tier: 'minimal' });
      await h.bot.deps.review.submitted(uc);
      const state = (await h.bot.deps.review.reviews.getByUseCase(uc.id))!;
      const stage = state.stages[0];
      const card = reviewCard(state, {
        viewer: { kind: 'approver', stage },
        rules: h.bot.deps.review.rules,
        refreshUserIds: [],
      });
      const box = JSON.stringify(card).match(/"id":"comment"[^}]*"maxLength":(\d+)/);
      expect(Number(box?.[1])).toBe(REVIEW_COMMENT_MAX_LENGTH);
      await h.say(ALEX, 'hello');
      const tooLong = await h.execute(ALEX, 'review.approve', {
        reviewId: state.id,
        version: state.version,
        comment: 'x'.repeat(REVIEW_COMMENT_MAX_LENGTH + 1),
      });
      expect(tooLong.body.value).toBe(
        'This card does not say which review and version it shows, so nothing was changed.',
      );
      expect((await h.bot.deps.review.reviews.get(state.id))!.status).toBe('in-review');
      const fits = await h.execute(ALEX, 'review.approve', {
        reviewId: state.id,
        version: state.version,
        comment: 'x'.repeat(REVIEW_COMMENT_MAX_LENGTH),
      });
      expect(JSON.stringify(fits.body)).toContain('Your decision was recorded.');
    } finally {
      await h.stop();
    }
  });
});
