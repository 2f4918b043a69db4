import { silentLogger } from '../../src/observability/logger';
import { ReviewWorker } from '../../src/review/review-worker';
import type { Database } from '../../src/store/database';
import { ALEX, BotHarness, MEGAN, type User, cardOf } from '../support/bot-harness';
import { createPostgresSchema, describeWithPostgres } from '../support/test-database';
import { VALID, actionOf, textOf } from '../intake/wizard-driver';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from '../review/review-fixtures';
import { eventually } from './support/eventually';

const API_TOKEN = 'multi-instance-token-0123456789';
const SAM = PEOPLE.sam;
const STEPS = ['basics', 'data', 'impact', 'solution', 'value'] as const;

describeWithPostgres(
  'two bot instances on one PostgreSQL schema, interleaving intake, review, reminders and announcements',
  () => {
    let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
    let dbA: Database;
    let dbB: Database;
    let a: BotHarness;
    let b: BotHarness;

    /** A message from `user` handled by `h`; replies go to instance A's connector stub whichever instance handles it (one serviceUrl, as in Teams). */
    const say = async (h: BotHarness, user: User, text: string) => {
      const chat = `a:personal-${user.aadObjectId}`;
      const mark = a.connector.calls.length;
      const res = await h.post(a.activity(user, { text }));
      expect(res.status).toBe(200);
      return a.connector.calls
        .slice(mark)
        .filter((c) => c.method === 'POST' && c.conversationId === chat && c.body.type === 'message')
        .map((c) => c.body);
    };
    /** A card click from `user` handled by `h`; returns the invoke response body. */
    const click = async (h: BotHarness, user: User, verb: string, data: Record<string, unknown>) => {
      const res = await h.post(
        a.activity(user, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
          replyToId: 'card-1',
        }),
      );
      expect(res.status).toBe(200);
      return res.body as { type: string; value: any };
    };
    const auditOf = async (code: string, action: string) =>
      (await a.bot.deps.audit.list({ subjectType: 'use-case', subjectId: code })).filter((e) => e.action === action);
    const submitDirect = async () => {
      const uc = await createUseCase(dbA, { facts: FACTS.minimal, tier: 'minimal' });
      await b.bot.deps.review.submitted(uc);
      return {
        uc: (await a.bot.deps.intake.useCases.get(uc.id))!,
        review: (await a.bot.deps.review.reviews.getByUseCase(uc.id))!,
      };
    };

    beforeAll(async () => {
      schema = await createPostgresSchema();
      dbA = await schema.open();
      dbB = await schema.open();
      const org = reviewOrg();
      a = await BotHarness.start({ db: dbA, org, env: { COE_API_TOKEN: API_TOKEN } });
      b = await BotHarness.start({ db: dbB, org, env: { COE_API_TOKEN: API_TOKEN } });
      for (const [i, u] of [ALEX, MEGAN, SAM].entries()) await say(i % 2 ? b : a, u, 'hello');
    }, 60_000);
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await dbA?.close();
      await dbB?.close();
      await schema?.drop();
    });

    it('a wizard driven alternately through both instances, with duplicate clicks racing on both, ends with every answer and one use case', async () => {
      const user = { id: '29:ivy', aadObjectId: '10000000-0000-0000-0000-000000000101', name: 'Ivy Interleave' };
      const started = await say(a, user, 'submit a use case');
      let card = cardOf(started[started.length - 1]);
      for (const [i, step] of STEPS.entries()) {
        const data = { ...actionOf(card, 'intake.next').data, ...VALID[step] };
        if (step === 'impact') {
          const [x, y] = await Promise.all([click(a, user, 'intake.next', data), click(b, user, 'intake.next', data)]);
          const refused = [x, y].filter(
            (r) => textOf(r.value).includes('out of date') || textOf(r.value).includes('Nothing was changed'),
          );
          expect(refused).toHaveLength(1);
          expect([x, y].every((r) => textOf(r.value).includes('Step 4 of 6'))).toBe(true);
          expect((await a.bot.deps.intake.drafts.get(data.draftId))!.version).toBe(data.version + 1);
          card = refused[0].value;
        } else {
          card = (await click(i % 2 ? a : b, user, 'intake.next', data)).value;
        }
      }
      const submit = actionOf(card, 'intake.submit').data;
      const [first, second] = await Promise.all([
        click(a, user, 'intake.submit', submit),
        click(b, user, 'intake.submit', submit),
      ]);
      const codes = [first, second].map((r) => /UC-\d{4}/.exec(textOf(r.value))?.[0]);
      expect(codes[0]).toBeDefined();
      expect(codes[1]).toBe(codes[0]);
      const stored = await dbB.query<{ code: string; answers: Record<string, Record<string, unknown>> }>(
        'select code, answers from use_cases where submitter_id = $1',
        [user.aadObjectId],
      );
      expect(stored.map((s) => s.code)).toEqual([codes[0]]);
      expect(stored[0].answers).toMatchObject({
        basics: { title: VALID.basics.title, sponsor: VALID.basics.sponsor },
        data: { dataSources: VALID.data.dataSources, affected: ['employees'] },
        impact: { outputUse: 'advisory' },
        solution: { hosting: 'azure-openai', pilotStart: '2027-01-10' },
        value: { kpis: VALID.value.kpis, pilotCostUsd: 15000 },
      });
      expect(await auditOf(codes[0]!, 'review.routed')).toHaveLength(1);
      expect(await auditOf(codes[0]!, 'submitted')).toHaveLength(1);
    }, 60_000);

    it('a withdrawal on one instance racing a decision on the other: exactly one wins, and the use case and its review agree', async () => {
      for (let i = 0; i < 6; i += 1) {
        const { uc, review } = await submitDirect();
        const [withdrawer, decider] = i % 2 ? [a, b] : [b, a];
        await Promise.all([
          click(withdrawer, SAM, 'intake.withdraw', {
            useCaseId: uc.id,
            version: uc.version,
            reason: 'No longer needed',
          }),
          click(decider, ALEX, 'review.approve', { reviewId: review.id, version: review.version }),
        ]);
        const finalUseCase = (await a.bot.deps.intake.useCases.get(uc.id))!;
        const finalReview = (await b.bot.deps.review.reviews.get(review.id))!;
        const decided = await auditOf(uc.code, 'review.decided');
        const withdrawn = await auditOf(uc.code, 'withdrawn');
        expect([finalUseCase.status, finalReview.status]).toEqual(
          finalUseCase.status === 'approved' ? ['approved', 'approved'] : ['withdrawn', 'withdrawn'],
        );
        expect([decided.length, withdrawn.length]).toEqual(finalUseCase.status === 'approved' ? [1, 0] : [0, 1]);
      }
    }, 90_000);

    it('reminders from both workers, decisions on both instances and a broadcast all at once: each reminder, decision and announcement happens once', async () => {
      const pending = [await submitDirect(), await submitDirect(), await submitDirect(), await submitDirect()];
      const reminderDue = await Promise.all(
        pending.map(async ({ review }) =>
          Date.parse((await a.bot.deps.review.reviews.timers(review.id)).find((t) => t.kind === 'reminder')!.dueAt),
        ),
      );
      const escalationDue = await Promise.all(
        pending.map(async ({ review }) =>
          Date.parse((await a.bot.deps.review.reviews.timers(review.id)).find((t) => t.kind === 'escalation')!.dueAt),
        ),
      );
      const at = new Date(Math.max(...reminderDue) + 1000);
      expect(at.getTime()).toBeLessThan(Math.min(...escalationDue));
      const workers = [
        new ReviewWorker(a.bot.deps.review, 0, silentLogger),
        new ReviewWorker(b.bot.deps.review, 0, silentLogger),
      ];
      const title = `Interleaved broadcast ${Date.now()}`;
      const before = a.connector.calls.length;

      const [created] = await Promise.all([
        fetch(`${b.url}/api/announcements`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` },
          body: JSON.stringify({
            title,
            body: 'Sent while both instances are busy.',
            category: 'events',
            audience: { kind: 'personal-installs' },
          }),
        }),
        workers[0].tick(at),
        workers[1].tick(at),
        click(a, ALEX, 'review.approve', { reviewId: pending[0].review.id, version: 1 }),
        click(b, MEGAN, 'review.approve', { reviewId: pending[0].review.id, version: 1 }),
        click(b, ALEX, 'review.reject', { reviewId: pending[1].review.id, version: 1, comment: 'Out of scope.' }),
        workers[0].tick(at),
        say(b, MEGAN, 'what is waiting for me?'),
        workers[1].tick(at),
      ]);
      expect(created.status).toBe(202);
      const { id, recipients } = (await created.json()) as { id: number; recipients: number };
      await eventually(
        async () => (await a.bot.deps.announcements.repo.get(id))?.status === 'completed',
        20_000,
        'the broadcast to complete',
      );

      for (const { uc } of pending) expect((await auditOf(uc.code, 'review.reminded')).length).toBeLessThanOrEqual(1);
      for (const { uc } of pending.slice(2)) expect(await auditOf(uc.code, 'review.reminded')).toHaveLength(1);
      expect(await auditOf(pending[0].uc.code, 'review.decided')).toHaveLength(1);
      expect(await auditOf(pending[1].uc.code, 'review.decided')).toHaveLength(1);
      const reminders = a.connector.calls
        .slice(before)
        .filter((c) => c.method === 'POST' && JSON.stringify(cardOf(c.body) ?? '').includes('Reminder:'));
      const reminderKeys = reminders.map(
        (c) => `${c.conversationId} ${/UC-\d{4}/.exec(JSON.stringify(cardOf(c.body)))![0]}`,
      );
      expect(new Set(reminderKeys).size).toBe(reminderKeys.length);

      const deliveries = a.connector.calls
        .slice(before)
        .filter((c) => c.method === 'POST' && JSON.stringify(cardOf(c.body) ?? '').includes(title));
      const perChat = new Map<string, number>();
      for (const d of deliveries) perChat.set(d.conversationId!, (perChat.get(d.conversationId!) ?? 0) + 1);
      expect(deliveries).toHaveLength(recipients);
      expect([...perChat.values()].every((n) => n === 1)).toBe(true);
      expect(b.connector.calls).toEqual([]);
    }, 90_000);
  },
);
