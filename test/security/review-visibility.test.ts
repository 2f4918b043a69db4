import { INTAKE_VERBS } from '../../src/intake/intake-verbs';
import { NOT_VISIBLE, maySeeUseCase } from '../../src/intake/use-case-access';
import type { UseCase } from '../../src/intake/use-case';
import { reviewCircle } from '../../src/review/review-circle';
import type { ReviewState } from '../../src/review/review-types';
import { BotHarness, cardOf } from '../support/bot-harness';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from '../review/review-fixtures';

const { alex: ALEX, megan: MEGAN, adele: ADELE, sam: SAM, eve: EVE } = PEOPLE;
const CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * Finding 2: one visibility rule (submitter, current and past approvers, CoE admins) on every read path. Before the
 * fix, a `review.refresh` invoke from anyone returned the full review card for any (sequential) review id.
 */
describe('review and use-case visibility through /api/messages', () => {
  let h: BotHarness;
  let uc: UseCase;
  let review: ReviewState;
  const TITLE = 'Payroll anomaly finder for the visibility test';

  beforeAll(async () => {
    h = await BotHarness.start({ org: reviewOrg() });
    for (const u of [ALEX, MEGAN, SAM, ADELE, EVE]) await h.say(u, 'hello');
    uc = await createUseCase(h.bot.deps.db, { facts: FACTS.minimal, tier: 'minimal', title: TITLE });
    await h.bot.deps.review.submitted(uc);
    review = (await h.bot.deps.review.reviews.getByUseCase(uc.id))!;
  });
  afterAll(async () => h.stop());

  const leaks = (body: unknown) => {
    const json = JSON.stringify(body);
    return json.includes(TITLE) || json.includes(uc.code) || json.includes(SAM.name);
  };

  it.each([
    ['a stranger', EVE],
    ['an approver of other reviews who is not on this one', ADELE],
  ])('%s refreshing the review card gets a plain refusal and nothing of the review', async (_who, person) => {
    const res = await h.execute(person, 'review.refresh', { reviewId: review.id });
    expect(res.status).toBe(200);
    expect(res.body.type).not.toBe(CARD);
    expect(res.body.value).toBe(NOT_VISIBLE);
    expect(leaks(res.body)).toBe(false);
  });

  it('a stranger cannot open, decide on, view or ask the status of the use case', async () => {
    const open = await h.execute(EVE, 'review.open', { reviewId: review.id });
    expect(open.body.value).toBe(NOT_VISIBLE);
    const decide = await h.execute(EVE, 'review.approve', {
      reviewId: review.id,
      version: review.version + 5,
      comment: 'x',
    });
    expect(decide.body.value).toBe(NOT_VISIBLE);
    expect(leaks(decide.body)).toBe(false);
    const view = await h.execute(EVE, INTAKE_VERBS.view, { useCaseId: uc.id });
    expect(JSON.stringify(view.body)).toContain('Only its submitter, its approvers and CoE admins can see it');
    expect(leaks(view.body)).toBe(false);
    const status = await h.say(EVE, `status of ${uc.code}`);
    expect(status).toHaveLength(1);
    expect(JSON.stringify(cardOf(status[0]))).toContain('Only its submitter, its approvers and CoE admins can see it');
    expect(JSON.stringify(status[0]).includes(TITLE)).toBe(false);
    // A use case that does not exist gets the very same answer, so ids cannot be probed.
    const missing = await h.execute(EVE, 'review.refresh', { reviewId: review.id + 1000 });
    expect(missing.body.value).toBe(NOT_VISIBLE);
  });

  it('exports stay with CoE admins', async () => {
    const audit = await h.say(EVE, `export audit ${uc.code}`);
    expect(audit.map((m) => m.text)).toEqual(['Only CoE admins can export the audit trail.']);
    const csv = await h.execute(EVE, INTAKE_VERBS.export, {});
    expect(leaks(csv.body)).toBe(false);
    const adminCsv = await h.say(ALEX, `export audit ${uc.code}`);
    expect(adminCsv.map((m) => String(m.text)).join('\n')).toContain(uc.code);
  });

  it('the submitter, an approver who is not an admin, and an admin all see it', async () => {
    for (const person of [SAM, MEGAN, ALEX]) {
      const res = await h.execute(person, 'review.refresh', { reviewId: review.id });
      expect(res.body.type).toBe(CARD);
      expect(JSON.stringify(res.body.value)).toContain(TITLE);
    }
    const view = await h.execute(MEGAN, INTAKE_VERBS.view, { useCaseId: uc.id });
    expect(JSON.stringify(view.body)).toContain(TITLE);
    const status = await h.say(SAM, `what is the status of ${uc.code.toLowerCase()}?`);
    expect(JSON.stringify(cardOf(status[0]))).toContain(TITLE);
  });

  it('past approvers stay in the circle: someone who decided in an earlier round, or was escalated to', () => {
    const circle = reviewCircle({
      ...review,
      stages: review.stages.map((s) => ({
        ...s,
        approvers: [],
        escalatedTo: [{ id: ADELE.aadObjectId, name: ADELE.name }],
      })),
      decisions: [
        {
          stageId: review.stages[0].id,
          approverId: 'past-approver',
          approverName: 'Pat Past',
          decision: 'request-changes',
          comment: 'more detail',
          at: new Date().toISOString(),
          version: 1,
          round: 1,
        },
      ],
    });
    const isAdmin = (id: string) => id === ALEX.aadObjectId;
    expect(maySeeUseCase('past-approver', circle, isAdmin)).toBe(true);
    expect(maySeeUseCase(ADELE.aadObjectId, circle, isAdmin)).toBe(true);
    expect(maySeeUseCase(SAM.aadObjectId, circle, isAdmin)).toBe(true);
    expect(maySeeUseCase(ALEX.aadObjectId, circle, isAdmin)).toBe(true);
    expect(maySeeUseCase(MEGAN.aadObjectId, circle, isAdmin)).toBe(false);
    expect(maySeeUseCase(undefined, circle, isAdmin)).toBe(false);
  });
});
