import { NOT_VISIBLE } from '../../src/intake/use-case-access';
import type { UseCase } from '../../src/intake/use-case';
import type { UseCaseFacts, RiskTier } from '../../src/intake/use-case-facts';
import type { ReviewState } from '../../src/review/review-types';
import { ALEX, BotHarness, MEGAN, STRANGER, TENANT, cardOf } from '../support/bot-harness';
import type { RecordedCall } from '../support/connector-stub';
import { expectValidCard } from '../support/card-schema';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from './review-fixtures';

const SAM = PEOPLE.sam;
const ADELE = PEOPLE.adele;
const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const chatOf = (u: { aadObjectId: string }) => `a:personal-${u.aadObjectId}`;

describe('review through /api/messages (Universal Actions)', () => {
  let h: BotHarness;

  const submit = async (
    facts: UseCaseFacts = FACTS.minimal,
    tier: RiskTier = 'minimal',
  ): Promise<{ uc: UseCase; review: ReviewState }> => {
    const uc = await createUseCase(h.bot.deps.db, { facts, tier });
    await h.bot.deps.review.submitted(uc);
    return { uc, review: (await h.bot.deps.review.reviews.getByUseCase(uc.id))! };
  };
  const reload = async (id: number) => (await h.bot.deps.review.reviews.get(id))!;
  const decided = async (code: string) =>
    (await h.bot.deps.audit.list({ subjectType: 'use-case', subjectId: code })).filter(
      (e) => e.action === 'review.decided',
    );
  const since = (n: number): RecordedCall[] => h.connector.calls.slice(n);
  const cardResponse = (res: { status: number; body: any }) => {
    expect(res.status).toBe(200);
    expect(res.body.type).toBe(CARD);
    expectValidCard(res.body.value);
    return res.body.value;
  };

  beforeAll(async () => {
    h = await BotHarness.start({ org: reviewOrg() });
    for (const u of [ALEX, MEGAN, SAM]) await h.say(u, 'hello');
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

  it('sends review cards as valid Adaptive Cards with Teams user ids in refresh.userIds', async () => {
    const before = h.connector.calls.length;
    const { review } = await submit();
    const sent = since(before).filter((c) => c.method === 'POST');
    expect(sent.map((c) => c.conversationId).sort()).toEqual([chatOf(ALEX), chatOf(MEGAN), chatOf(SAM)].sort());
    for (const call of sent) expectValidCard(cardOf(call.body));
    const alexCard = cardOf(sent.find((c) => c.conversationId === chatOf(ALEX))!.body);
    expect(alexCard.refresh.userIds.sort()).toEqual(['29:alex', '29:megan', '29:sam']);
    expect(alexCard.actions.map((a: any) => a.data)).toEqual(
      [0, 1, 2].map(() => ({ reviewId: review.id, version: 1 })),
    );
  });

  it('an approver approves: the invoke answers with the fresh card, the submitter is notified and every sent card is updated', async () => {
    const { uc, review } = await submit();
    const before = h.connector.calls.length;
    const card = cardResponse(
      await h.execute(ALEX, 'review.approve', { reviewId: review.id, version: 1, comment: 'Internal only.' }),
    );
    expect(JSON.stringify(card)).toContain('Your decision was recorded.');
    expect(card.actions).toBeUndefined();
    expect((await reload(review.id)).status).toBe('approved');
    const calls = since(before);
    const notice = calls.find((c) => c.method === 'POST' && c.conversationId === chatOf(SAM));
    expect(JSON.stringify(cardOf(notice!.body))).toContain(`${uc.code} is approved`);
    expect(JSON.stringify(cardOf(notice!.body))).toContain('Internal only.');
    const decision = (await decided(uc.code))[0];
    expect(decision).toMatchObject({
      actorId: ALEX.aadObjectId,
      actorName: 'Alex Wilber',
      comment: 'Internal only.',
      activityId: 'card-1',
      details: { stageId: 'coe-triage', decision: 'approve', version: 1 },
    });
    const updates = calls.filter((c) => c.method === 'PUT');
    expect(updates.map((c) => c.conversationId).sort()).toEqual([chatOf(ALEX), chatOf(MEGAN), chatOf(SAM)].sort());
    for (const u of updates) {
      const updated = cardOf(u.body);
      expectValidCard(updated);
      expect(updated.actions).toBeUndefined();
      expect(JSON.stringify(updated)).toContain('Approved by Alex Wilber');
    }
  });

  it('refuses a non-approver who crafts an invoke, and nothing changes', async () => {
    const { uc, review } = await submit();
    const before = h.connector.calls.length;
    const res = await h.execute(STRANGER, 'review.approve', { reviewId: review.id, version: 1 });
    expect(res.body).toEqual({ statusCode: 200, type: MESSAGE, value: NOT_VISIBLE });
    expect(await reload(review.id)).toEqual(review);
    expect(await decided(uc.code)).toHaveLength(0);
    expect(since(before).filter((c) => c.method === 'PUT' || c.conversationId === chatOf(SAM))).toEqual([]);
    const submitterTry = await h.execute(SAM, 'review.approve', { reviewId: review.id, version: 1 });
    expect(submitterTry.body.type).toBe(MESSAGE);
    expect((await reload(review.id)).version).toBe(1);
  });

  it('treats a second click as a no-op and returns the current card', async () => {
    const { uc, review } = await submit(FACTS.personal, 'limited');
    cardResponse(await h.execute(ALEX, 'review.approve', { reviewId: review.id, version: 1 }));
    const before = h.connector.calls.length;
    const again = cardResponse(await h.execute(ALEX, 'review.approve', { reviewId: review.id, version: 1 }));
    expect(JSON.stringify(again)).toContain('Your decision was already recorded');
    expect(await decided(uc.code)).toHaveLength(1);
    expect((await reload(review.id)).version).toBe(2);
    expect(since(before)).toEqual([]);
  });

  it('lets exactly one of two racing approvers decide a one-approval stage', async () => {
    const { uc, review } = await submit();
    const [a, m] = await Promise.all([
      h.execute(ALEX, 'review.approve', { reviewId: review.id, version: 1 }),
      h.execute(MEGAN, 'review.approve', { reviewId: review.id, version: 1 }),
    ]);
    const texts = [a, m].map((r) => JSON.stringify(cardResponse(r)));
    expect(texts.filter((t) => t.includes('Your decision was recorded.'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('This review changed since your card was last updated'))).toHaveLength(1);
    expect(await decided(uc.code)).toHaveLength(1);
    const after = await reload(review.id);
    expect(after.stages[0].approvals).toHaveLength(1);
    expect(after.version).toBe(2);
  });

  it('refuses a stale version and returns the fresh card with the current version', async () => {
    const { uc, review } = await submit(FACTS.personal, 'limited');
    cardResponse(await h.execute(MEGAN, 'review.approve', { reviewId: review.id, version: 1 }));
    const fresh = cardResponse(await h.execute(ALEX, 'review.approve', { reviewId: review.id, version: 1 }));
    expect(JSON.stringify(fresh)).toContain('This review changed since your card was last updated');
    expect(JSON.stringify(fresh)).toContain('Your decision: Privacy review');
    expect(fresh.actions.map((x: any) => x.data.version)).toEqual([2, 2, 2]);
    expect(await decided(uc.code)).toHaveLength(1);
  });

  it('requires a comment to reject (server-side too); with one, the review ends and the submitter gets it word for word', async () => {
    const { uc, review } = await submit();
    const missing = cardResponse(
      await h.execute(MEGAN, 'review.reject', { reviewId: review.id, version: 1, comment: '  ' }),
    );
    expect(JSON.stringify(missing)).toContain('A comment is required to reject or request changes.');
    expect((await reload(review.id)).version).toBe(1);
    const before = h.connector.calls.length;
    cardResponse(
      await h.execute(MEGAN, 'review.reject', {
        reviewId: review.id,
        version: 1,
        comment: 'Uses customer data without a legal basis.',
      }),
    );
    expect((await h.bot.deps.review.reviews.get(review.id))!.status).toBe('rejected');
    const notice = since(before).find((c) => c.method === 'POST' && c.conversationId === chatOf(SAM));
    expect(JSON.stringify(cardOf(notice!.body))).toContain('Uses customer data without a legal basis.');
    expect(JSON.stringify(cardOf(notice!.body))).toContain(`${uc.code} was rejected`);
  });

  it('request changes pauses the review until the use case is resubmitted', async () => {
    const { uc, review } = await submit();
    cardResponse(
      await h.execute(ALEX, 'review.requestChanges', {
        reviewId: review.id,
        version: 1,
        comment: 'Name the data sources.',
      }),
    );
    const paused = cardResponse(await h.execute(MEGAN, 'review.approve', { reviewId: review.id, version: 2 }));
    expect(JSON.stringify(paused)).toContain('is waiting for the submitter to make changes');
    expect((await h.bot.deps.review.statusLine(uc)).pendingApprovers).toEqual([]);
  });

  it('posts to the review channel with @mentions for approvers who never installed the bot', async () => {
    const { review } = await submit(FACTS.personal, 'limited');
    const before = h.connector.calls.length;
    cardResponse(await h.execute(MEGAN, 'review.approve', { reviewId: review.id, version: 1 }));
    const channel = since(before).find((c) => c.method === 'POST' && c.conversationId === 'team-id');
    expect(channel).toBeDefined();
    expect(channel!.body.text).toBe('Waiting for a decision from <at>Adele Vance</at>');
    expect(channel!.body.entities).toEqual([
      { type: 'mention', text: '<at>Adele Vance</at>', mentioned: { id: ADELE.aadObjectId, name: 'Adele Vance' } },
    ]);
    const card = cardOf(channel!.body);
    expectValidCard(card);
    expect(card.actions).toBeUndefined();
    expect(card.refresh.userIds).toContain(`8:orgid:${ADELE.aadObjectId}`);
  });

  it('refresh gives each viewer their own view and records an approver viewing it once per version', async () => {
    const { uc, review } = await submit();
    const mine = cardResponse(
      await h.execute(
        ALEX,
        'review.refresh',
        { reviewId: review.id },
        {
          value: {
            action: { type: 'Action.Execute', verb: 'review.refresh', data: { reviewId: review.id } },
            trigger: 'automatic',
          },
        },
      ),
    );
    expect(mine.actions.map((a: any) => a.verb)).toEqual(['review.approve', 'review.requestChanges', 'review.reject']);
    await h.execute(ALEX, 'review.refresh', { reviewId: review.id });
    const submitterView = cardResponse(await h.execute(SAM, 'review.refresh', { reviewId: review.id }));
    expect(submitterView.actions).toBeUndefined();
    expect(JSON.stringify(submitterView)).toContain('You submitted this use case');
    // Someone outside the review's circle gets the plain refusal, not a read-only card (test/security/review-visibility).
    expect((await h.execute(STRANGER, 'review.refresh', { reviewId: review.id })).body).toEqual({
      statusCode: 200,
      type: MESSAGE,
      value: NOT_VISIBLE,
    });
    const views = (await h.bot.deps.audit.list({ subjectType: 'use-case', subjectId: uc.code })).filter(
      (e) => e.action === 'review.viewed',
    );
    expect(views.map((v) => v.actorName)).toEqual(['Alex Wilber']);
  });

  it('answers "what is waiting for me?" oldest first, and Open posts the review card', async () => {
    const { uc, review } = await submit();
    const replies = await h.say(ALEX, 'what is waiting for me?');
    const list = cardOf(replies[replies.length - 1]);
    expectValidCard(list);
    expect(JSON.stringify(list)).toContain(uc.code);
    const before = h.connector.calls.length;
    const res = await h.execute(ALEX, 'review.open', { reviewId: review.id });
    expect(res.body).toEqual({ statusCode: 200, type: MESSAGE, value: `Here is ${uc.code}.` });
    const posted = since(before).find((c) => c.method === 'POST' && c.conversationId === chatOf(ALEX));
    const card = cardOf(posted!.body);
    expectValidCard(card);
    expect(card.actions[0].data).toEqual({ reviewId: review.id, version: 1 });
    expect((await h.execute(STRANGER, 'review.open', { reviewId: review.id })).body.value).toBe(NOT_VISIBLE);
  });

  it('exports the audit trail for admins as a CSV code block and refuses others', async () => {
    const { uc } = await submit();
    const replies = await h.say(ALEX, `export audit ${uc.code}`);
    expect(replies[0].text).toContain(`Audit trail for ${uc.code}`);
    expect(replies[1].text).toMatch(/^```csv\nat,actorId,actorName,subjectType,subjectId,action/);
    expect(replies[1].text).toContain('review.routed');
    const refused = await h.say(MEGAN, `export audit ${uc.code}`);
    expect(refused.map((r) => r.text)).toEqual(['Only CoE admins can export the audit trail.']);
  });
});
