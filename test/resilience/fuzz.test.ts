import { ESCALATION_VERBS } from '../../src/knowledge/cards/escalation-verbs';
import { INTAKE_VERBS } from '../../src/intake/intake-verbs';
import { STEPS } from '../../src/intake/wizard-steps';
import { REVIEW_VERBS } from '../../src/review/review-cards';
import { ALEX, BotHarness, MEGAN, STRANGER, type User, cardOf } from '../support/bot-harness';
import { WizardDriver, actionOf } from '../intake/wizard-driver';
import { FACTS, PEOPLE, createUseCase } from '../review/review-fixtures';
import {
  type HostileCase,
  HOSTILE_STRINGS,
  damagedEnvelope,
  forgedData,
  hostileValue,
} from './support/hostile-activities';
import { Prng } from './support/prng';

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const ANONYMOUS = { id: '29:anonymous', aadObjectId: undefined, name: 'No Entra id' } as unknown as User;

const ANNOUNCE_VERBS = [
  'new',
  'preview',
  'edit',
  'duplicate',
  'delete',
  'send',
  'schedule',
  'cancel',
  'close',
  'status',
  'export',
  'list',
  'ack',
  'bogus',
].map((v) => `announce.${v}`);
const VERBS = [
  ...Object.values(INTAKE_VERBS),
  ...Object.values(REVIEW_VERBS),
  ...ANNOUNCE_VERBS,
  ...Object.values(ESCALATION_VERBS),
  '',
  'INTAKE.NEXT',
  'review.approve ',
  'coe.escalation',
  'x'.repeat(300),
];
const DATA_KEYS = [
  'draftId',
  'step',
  'version',
  'target',
  'useCaseId',
  'reviewId',
  'id',
  'comment',
  'reason',
  'question',
  'answer',
  'escalationId',
  'title',
  'body',
  'category',
  'audience',
  'teamIds',
  'channelIds',
  'scheduleDate',
  'scheduleTime',
  'requiresAck',
  'status',
  'tier',
  'businessUnit',
  'verb',
  'aadObjectId',
  'submitterId',
  'approverId',
  'actorId',
  'userId',
  'from',
  'decision',
  '__proto__',
  'constructor',
  ...STEPS.flatMap((s) => s.fields.map((f) => f.id)),
];

/** Strings a person can type in Teams (no NUL, no broken surrogate pairs): titles of use cases created directly. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TYPEABLE = HOSTILE_STRINGS.filter((s) => s.trim().length > 2 && !s.includes('\u0000') && !LONE_SURROGATE.test(s));

interface Answer {
  label: string;
  status: number;
  body: unknown;
  /** The turn failed: the bot sent its "Something went wrong" card (messages) or the error message (card actions). */
  failed: boolean;
  sent: string;
}

const describe5xx = (a: Answer) => `${a.label} → ${a.status} ${String(JSON.stringify(a.body)).slice(0, 160)}`;
const describeFailure = (a: Answer) => `${a.label}: the turn failed on ${a.sent}`;

/** Every text and jsonb column of the schema, for scanning stored data. */
async function textColumns(h: BotHarness): Promise<Array<{ table_name: string; column_name: string }>> {
  return h.bot.deps.db.query(
    `select table_name, column_name from information_schema.columns where table_schema = current_schema() and data_type in ('text', 'jsonb') order by 1, 2`,
  );
}

describe(`fuzz: hostile activities at /api/messages (seed ${SEED}; replay with FUZZ_SEED=${SEED})`, () => {
  let h: BotHarness;
  const rng = new Prng(SEED);
  const answers: Answer[] = [];
  let alive = 0;
  let targets: {
    draftId: number;
    draftVersion: number;
    draftStep: string;
    useCaseId: number;
    useCaseCode: string;
    reviewId: number;
    announcementId: number;
    escalationId: string;
  };
  let ids: unknown[];

  const post = async (label: string, body: unknown) => {
    const mark = h.connector.calls.length;
    const res = await h.post(body);
    const errorCard = h.connector.calls
      .slice(mark)
      .some((c) => JSON.stringify(cardOf(c.body) ?? '').includes('Something went wrong'));
    const sent =
      typeof body === 'string'
        ? body
        : JSON.stringify({
            type: (body as any)?.type,
            name: (body as any)?.name,
            text: (body as any)?.text,
            value: (body as any)?.value,
          });
    answers.push({
      label,
      status: res.status,
      body: res.body,
      failed: errorCard || JSON.stringify(res.body ?? '').includes('unexpected problem'),
      sent: String(sent).slice(0, 300),
    });
    return res;
  };
  /** The bot still answers a plain message, in order. */
  const stillAlive = async () => {
    alive += 1;
    const replies = await h.say(MEGAN, `echo alive ${alive}`);
    expect(replies.map((r) => r.text)).toContain(`alive ${alive}`);
  };
  const invoke = (actor: User, verb: string, data: unknown) =>
    h.activity(actor, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      replyToId: 'card-1',
    });
  const snapshot = async () => ({
    draft: await h.bot.deps.db.query('select * from use_case_drafts where id = $1', [targets.draftId]),
    useCases: await h.bot.deps.db.query('select id, code, title, status, version, answers from use_cases order by id'),
    reviews: await h.bot.deps.db.query('select id, status, version, state from reviews order by id'),
    announcements: await h.bot.deps.db.query('select id, status, version, title, body from announcements order by id'),
    escalations: await h.bot.deps.db.query(
      'select id, status, question, answer from knowledge_escalations order by id',
    ),
  });

  beforeAll(async () => {
    h = await BotHarness.start();
    for (const u of [ALEX, MEGAN, STRANGER]) await h.say(u, 'hello');
    const megan = new WizardDriver(h, MEGAN);
    const submitted = await megan.press(await megan.toReview(), 'intake.submit');
    const useCaseCode = /UC-\d{4}/.exec(JSON.stringify(submitted))![0];
    const useCase = (await h.bot.deps.intake.useCases.getByCode(useCaseCode))!;
    const review = (await h.bot.deps.review.reviews.getByUseCase(useCase.id))!;
    const draftCard = await megan.next(await megan.say('submit a use case'), 'basics');
    const envelope = actionOf(draftCard, 'intake.next').data;
    const announcement = await h.bot.deps.announcements.saveDraft(
      { aadObjectId: ALEX.aadObjectId, userId: ALEX.id, name: ALEX.name, conversationId: 'a:alex' },
      { title: 'Fuzz target', body: 'Must stay a draft.', category: 'events', audience: 'personal-installs' },
    );
    if (!announcement.ok) throw new Error(announcement.message);
    expect((await h.execute(MEGAN, ESCALATION_VERBS.create, { question: 'Who reviews vendor models?' })).status).toBe(
      200,
    );
    const [escalation] = await h.bot.deps.db.query<{ id: string }>('select id from knowledge_escalations');
    targets = {
      draftId: envelope.draftId,
      draftVersion: envelope.version,
      draftStep: envelope.step,
      useCaseId: useCase.id,
      useCaseCode,
      reviewId: review.id,
      announcementId: announcement.value.announcement.id,
      escalationId: escalation.id,
    };
    ids = [
      targets.draftId,
      targets.draftVersion,
      targets.useCaseId,
      targets.reviewId,
      targets.announcementId,
      targets.escalationId,
      useCaseCode,
      1,
      2,
      999_999,
      -5,
      'basics',
      'data',
      'review',
      'team-id',
      MEGAN.aadObjectId,
      ALEX.aadObjectId,
    ];
  }, 60_000);
  afterAll(async () => h?.stop());

  it("gives someone else's forged card data, damaged envelopes and unknown invokes a 2xx/4xx answer and changes nothing", async () => {
    const first = answers.length;
    const before = await snapshot();
    const auditBefore = (await h.bot.deps.db.query<{ n: number }>('select max(id)::int as n from audit_events'))[0].n;
    const templates: Partial<Record<string, () => Record<string, unknown>>> = {
      intake: () => ({ draftId: targets.draftId, step: targets.draftStep, version: targets.draftVersion }),
      review: () => ({ reviewId: targets.reviewId, version: 1 }),
      announce: () => ({ id: targets.announcementId, version: 1 }),
      coe: () => ({ escalationId: targets.escalationId }),
    };
    const cases: HostileCase[] = [];
    for (let i = 0; i < 300; i += 1) {
      const actor = rng.chance(0.8) ? STRANGER : ANONYMOUS;
      const kind = rng.int(10);
      if (kind < 3) {
        cases.push(
          damagedEnvelope(
            rng,
            h.activity(actor, {
              text: rng.pick([
                'hello',
                'submit a use case',
                'Which models are approved?',
                'all submissions',
                'export audit UC-0001',
                'announce',
              ]),
            }),
          ),
        );
        continue;
      }
      const verb = rng.pick(VERBS);
      const template = templates[verb.split('.')[0]];
      const forged = forgedData(rng, DATA_KEYS, ids);
      const data =
        template && rng.chance(0.5) && forged && typeof forged === 'object' && !Array.isArray(forged)
          ? { ...template(), ...forged }
          : forged;
      if (kind === 9)
        cases.push({
          label: `Action.Submit ${verb}`,
          body: h.activity(actor, {
            text: undefined,
            value: data && typeof data === 'object' && !Array.isArray(data) ? { ...data, verb } : data,
          }),
        });
      else cases.push({ label: `Action.Execute ${verb}`, body: invoke(actor, verb, data) });
    }
    for (const name of [
      'foo/bar',
      'task/fetch',
      'composeExtension/query',
      'message/submitAction',
      'adaptiveCard/action',
      'signin/verifyState',
      'fileConsent/invoke',
      '',
    ]) {
      cases.push({
        label: `invoke ${name}`,
        body: h.activity(STRANGER, { type: 'invoke', name, value: hostileValue(rng, ids) }),
      });
    }
    for (const [n, c] of cases.entries()) {
      await post(c.label, c.body);
      if (n % 25 === 24) await stillAlive();
    }
    await stillAlive();

    expect(
      answers
        .slice(first)
        .filter((a) => a.status < 200 || a.status >= 500)
        .map(describe5xx),
    ).toEqual([]);
    expect(
      answers
        .slice(first)
        .filter((a) => a.failed)
        .map(describeFailure),
    ).toEqual([]);
    expect(await snapshot()).toEqual(before);
    const audited = await h.bot.deps.db.query<{ actor_id: string | null; action: string }>(
      'select actor_id, action from audit_events where id > $1',
      [auditBefore],
    );
    expect(audited.filter((a) => !(a.actor_id === STRANGER.aadObjectId && a.action === 'asked'))).toEqual([]);
  }, 120_000);

  it("stores an owner's hostile text exactly as valid text, and refuses what cannot be stored", async () => {
    const first = answers.length;
    const fields = STEPS.find((s) => s.id === targets.draftStep)!.fields.map((f) => f.id);
    for (let i = 0; i < 40; i += 1) {
      const draft = (await h.bot.deps.intake.drafts.get(targets.draftId))!;
      const inputs = Object.fromEntries(
        fields
          .filter(() => rng.chance(0.6))
          .map((f) => [f, rng.chance(0.7) ? rng.pick(HOSTILE_STRINGS) : hostileValue(rng, ids)]),
      );
      await post(
        `owner save ${JSON.stringify(inputs).slice(0, 80)}`,
        invoke(MEGAN, INTAKE_VERBS.save, { draftId: draft.id, step: draft.step, version: draft.version, ...inputs }),
      );
    }
    for (let i = 0; i < 10; i += 1) {
      const uc = await createUseCase(h.bot.deps.db, {
        facts: FACTS.minimal,
        tier: 'minimal',
        submitter: PEOPLE.sam,
        title: rng.pick(TYPEABLE),
      });
      await h.bot.deps.review.submitted(uc);
      const review = (await h.bot.deps.review.reviews.getByUseCase(uc.id))!;
      await post(
        'approver with a hostile comment',
        invoke(ALEX, rng.pick([REVIEW_VERBS.reject, REVIEW_VERBS.requestChanges, REVIEW_VERBS.approve]), {
          reviewId: review.id,
          version: 1,
          comment: rng.pick(HOSTILE_STRINGS),
        }),
      );
    }
    await stillAlive();
    expect(
      answers
        .slice(first)
        .filter((a) => a.status < 200 || a.status >= 500)
        .map(describe5xx),
    ).toEqual([]);
    expect(
      answers
        .slice(first)
        .filter((a) => a.failed)
        .map(describeFailure),
    ).toEqual([]);

    const draft = (await h.bot.deps.intake.drafts.get(targets.draftId))!;
    expect(draft.ownerId).toBe(MEGAN.aadObjectId);
    for (const value of Object.values(draft.answers[draft.step as 'basics'] ?? {}))
      expect(typeof value === 'string' || typeof value === 'number' || Array.isArray(value)).toBe(true);
    const decided = await h.bot.deps.db.query<{ actor_id: string }>(
      `select actor_id from audit_events where action = 'review.decided'`,
    );
    expect(decided.every((d) => d.actor_id === ALEX.aadObjectId)).toBe(true);
    expect(await h.bot.deps.db.query(`select code from use_cases where coalesce(trim(title), '') = ''`)).toEqual([]);
  }, 120_000);

  it('never stores NUL bytes, broken surrogate pairs or their replacement character anywhere', async () => {
    const damaged: string[] = [];
    for (const { table_name, column_name } of await textColumns(h)) {
      const [row] = await h.bot.deps.db.query<{ n: number }>(
        `select count(*)::int as n from ${table_name} where strpos(${column_name}::text, chr(65533)) > 0 or strpos(${column_name}::text, '\\u0000') > 0`,
      );
      if (row.n > 0) damaged.push(`${table_name}.${column_name}: ${row.n} rows`);
    }
    expect(damaged).toEqual([]);
  });

  it('refuses a body over the size limit with 413 and serves the next request', async () => {
    const huge = JSON.stringify(
      h.activity(STRANGER, { text: 'z'.repeat(30_000), value: { blob: 'b'.repeat(1_100_000) } }),
    );
    expect((await h.post(huge)).status).toBe(413);
    const justUnder = JSON.stringify(
      h.activity(STRANGER, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'intake.next', data: { title: 'c'.repeat(900_000) } } },
      }),
    );
    expect(Buffer.byteLength(justUnder)).toBeLessThan(1_000_000);
    const res = await h.post(justUnder);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(500);
    await stillAlive();
  });
});
