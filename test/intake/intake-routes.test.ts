import type { Draft } from '../../src/intake/draft-repository';
import { ALEX, BotHarness, MEGAN, STRANGER, TENANT, type User, cardOf } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { VALID, WizardDriver, actionOf, elementsOf, inputsOf, textOf } from './wizard-driver';

const person = (n: number, name: string): User => ({
  id: `29:user-${n}`,
  aadObjectId: `10000000-0000-0000-0000-0000000000${String(n).padStart(2, '0')}`,
  name,
});

const INTAKE_ACTIONS = new Set(['drafted', 'submitted', 'withdrawn', 'resubmitted']);

function codeIn(card: unknown): string {
  const m = textOf(card).match(/UC-\d{4}/);
  if (!m) throw new Error(`No use-case code in ${textOf(card).slice(0, 300)}`);
  return m[0];
}

describe('use-case intake through /api/messages', () => {
  let h: BotHarness;
  const draftOf = async (card: any): Promise<Draft | undefined> =>
    h.bot.deps.intake.drafts.get(actionOf(card, 'intake.cancel').data.draftId);
  /** The intake events in a use case's history (the review workflow adds its own). */
  const intakeHistory = async (code: string) =>
    (await h.bot.deps.audit.list({ subjectType: 'use-case', subjectId: code }))
      .map((e) => e.action)
      .filter((a) => INTAKE_ACTIONS.has(a));
  const useCasesOf = async (user: User) =>
    h.bot.deps.db.query<{ n: number }>('select count(*)::int as n from use_cases where submitter_id = $1', [
      user.aadObjectId,
    ]);

  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => h.stop());

  it('walks the whole wizard with Back, Save draft and Edit, and a double Submit creates one use case', async () => {
    const w = new WizardDriver(h, MEGAN);
    let card = await w.say('I have an AI idea');
    expect(textOf(card)).toContain('Step 1 of 6: Basics');
    expect(inputsOf(card).contact).toBe('Megan Bowen');
    expect(actionsTitles(card)).toEqual(['Next', 'Save draft', 'Cancel']);

    card = await w.next(card, 'basics');
    expect(textOf(card)).toContain('Step 2 of 6: Data and people');
    expect(actionsTitles(card)).toEqual(['Back', 'Next', 'Save draft', 'Cancel']);
    card = await w.press(card, 'intake.save', { dataSources: 'Only the repository so far' });
    expect(textOf(card)).toContain('Draft saved.');
    expect((await draftOf(card))?.answers.data).toEqual({ dataSources: 'Only the repository so far' });

    card = await w.next(card, 'data', { affected: 'employees,customers' });
    expect(textOf(card)).toContain('Step 3 of 6: Autonomy and impact');
    expect(textOf(card)).toContain('Risk tier so far: Limited');
    expect(textOf(card)).toContain('Customers or the public are affected: Customers');

    card = await w.press(card, 'intake.back');
    expect(textOf(card)).toContain('Step 2 of 6');
    expect(inputsOf(card)).toMatchObject({
      dataSources: VALID.data.dataSources,
      affected: 'employees,customers',
      dataClassification: 'internal',
    });

    card = await w.next(card, 'data', { affected: 'employees,customers' });
    card = await w.next(card, 'impact', { highRiskDomains: 'employment' });
    expect(textOf(card)).toContain('Step 4 of 6: Solution');
    expect(textOf(card)).toContain('Risk tier so far: High');
    expect(textOf(card)).toContain('Used in a high-risk domain: Employment and worker management');
    card = await w.next(card, 'solution');
    card = await w.next(card, 'value');
    expect(textOf(card)).toContain('Step 6 of 6: Review and submit');
    for (const shown of [
      'Contract clause summariser',
      'Employment and worker management',
      'USD 15,000',
      'Azure OpenAI in our tenant',
      'Risk tier: High',
    ])
      expect(textOf(card)).toContain(shown);

    card = await w.press(card, 'intake.back', {}, 'Edit Solution');
    expect(textOf(card)).toContain('Step 4 of 6: Solution');
    expect(inputsOf(card)).toMatchObject({ hosting: 'azure-openai', pilotStart: '2027-01-10' });
    card = await w.next(card, 'solution', { hosting: 'vendor-saas' });
    card = await w.next(card, 'value');
    expect(textOf(card)).toContain('Vendor SaaS');

    const submit = actionOf(card, 'intake.submit');
    const first = await w.execute('intake.submit', submit.data);
    const again = await w.execute('intake.submit', submit.data);
    const code = codeIn(first);
    expect(textOf(first)).toContain(`${code} submitted`);
    expect(codeIn(again)).toBe(code);
    expect(textOf(again)).toContain('nothing was submitted twice');
    expect(await useCasesOf(MEGAN)).toEqual([{ n: 1 }]);

    const uc = await h.bot.deps.intake.useCases.getByCode(code);
    expect(['submitted', 'in-review']).toContain(uc?.status);
    expect(uc).toMatchObject({
      tier: 'high',
      title: VALID.basics.title,
      businessUnit: 'Legal Ops',
      submitterName: 'Megan Bowen',
      facts: { tier: 'high', hosting: 'vendor-saas', affected: ['employees', 'customers'] },
    });
    expect(uc?.tierReasons).toEqual(['Used in a high-risk domain: Employment and worker management']);
    expect(await intakeHistory(code)).toEqual(['drafted', 'submitted']);
    expect(await h.bot.deps.intake.drafts.openNewFor(MEGAN.aadObjectId)).toBeUndefined();
  });

  it('shows validation errors next to the fields, keeps what was typed and saves nothing', async () => {
    const w = new WizardDriver(h, person(2, 'Vera Validation'));
    let card = await w.say('new use case');
    const before = await draftOf(card);
    card = await w.press(card, 'intake.next', {
      title: '',
      problem: 'Too short',
      businessUnit: 'Finance',
      sponsor: 'S. Ponsor',
    });
    expect(textOf(card)).toContain('Please fix the 2 fields marked below.');
    const els = elementsOf(card);
    const after = (id: string) => els[els.findIndex((e) => e.id === id) + 1];
    expect(after('title')).toMatchObject({ type: 'TextBlock', color: 'Attention', text: 'Please fill in this field.' });
    expect(after('problem')).toMatchObject({
      type: 'TextBlock',
      color: 'Attention',
      text: 'Please write at least 20 characters.',
    });
    // Required answers are checked by the bot on Next (the messages above), not by the host: an isRequired input
    // would block Back and Save draft on a half-filled step (#14).
    expect(els.find((e) => e.id === 'title')).toMatchObject({ type: 'Input.Text', label: 'Title' });
    expect(els.find((e) => e.id === 'title').isRequired).toBeUndefined();
    expect(inputsOf(card)).toMatchObject({ problem: 'Too short', businessUnit: 'Finance', sponsor: 'S. Ponsor' });
    expect(await draftOf(card)).toEqual(before);
  });

  it("refuses tampered card data (another user's draft, wrong step, unknown field, stale version) and changes nothing", async () => {
    const owner = person(3, 'Tara Tamper');
    const w = new WizardDriver(h, owner);
    let card = await w.say('submit a use case');
    card = await w.next(card, 'basics');
    const env = actionOf(card, 'intake.next').data;
    const before = await draftOf(card);

    const eve = new WizardDriver(h, STRANGER);
    for (const verb of ['intake.next', 'intake.save', 'intake.discard', 'intake.resume']) {
      expect(textOf(await eve.execute(verb, { ...env, ...VALID.data }))).toContain(
        'I could not find that draft among yours, so nothing was changed.',
      );
    }
    const wrongStep = await w.execute('intake.next', { ...env, step: 'impact', ...VALID.impact });
    expect(textOf(wrongStep)).toContain(
      'That card was for the step \\"Autonomy and impact\\", but your draft is on \\"Data and people\\". Nothing was changed',
    );
    const unknown = await w.execute('intake.next', { ...env, ...VALID.data, tier: 'minimal' });
    expect(textOf(unknown)).toContain(
      'That card sent fields that do not belong to this step (tier). Nothing was changed.',
    );
    const stale = await w.execute('intake.next', { ...env, version: env.version - 1, ...VALID.data });
    expect(textOf(stale)).toContain('That card was out of date');
    const early = await w.execute('intake.submit', env);
    expect(textOf(early)).toContain('Submit is only available on the last step');
    const damaged = await w.execute('intake.next', { ...env, draftId: String(env.draftId), ...VALID.data });
    expect(textOf(damaged)).toContain('not one I sent');

    expect(await draftOf(card)).toEqual(before);
    expect(await useCasesOf(owner)).toEqual([{ n: 0 }]);
  });

  it('flags a prohibited practice on the step where it is ticked and shows Prohibited at review', async () => {
    const w = new WizardDriver(h, person(4, 'Paul Prohibited'));
    let card = await w.say('submit a use case');
    card = await w.next(card, 'basics');
    card = await w.next(card, 'data');
    const mixed = await w.press(card, 'intake.next', { ...VALID.impact, prohibitedPractices: 'none,social-scoring' });
    expect(textOf(mixed)).toContain('Choose either \\"None of these\\" or the items that apply, not both.');

    card = await w.next(card, 'impact', { prohibitedPractices: 'emotion-recognition' });
    expect(textOf(card)).toContain('Step 3 of 6');
    expect(textOf(card)).toContain('**Prohibited practice:** Emotion recognition in the workplace or in education');
    expect(textOf(card)).toContain('rejected automatically at submission and the AI Ethics Board is informed');
    expect(inputsOf(card).prohibitedPractices).toBe('emotion-recognition');

    card = await w.press(card, 'intake.next');
    expect(textOf(card)).toContain('Step 4 of 6');
    expect(textOf(card)).toContain('Risk tier so far: Prohibited');
    card = await w.next(card, 'solution');
    card = await w.next(card, 'value');
    expect(textOf(card)).toContain('Risk tier: Prohibited');
    const done = await w.press(card, 'intake.submit');
    expect(textOf(done)).toMatch(/it (was|will be) rejected automatically and the AI Ethics Board informed/);
  });

  it('offers to continue or discard an open draft, and Cancel asks before discarding', async () => {
    const user = person(9, 'Dora Draft');
    const w = new WizardDriver(h, user);
    let card = await w.say('submit a use case');
    await w.next(card, 'basics');
    card = await w.say('submit a use case');
    expect(textOf(card)).toContain('You already have a draft');
    expect(textOf(card)).toContain('at step 2 of 6 (Data and people)');
    card = await w.press(card, 'intake.resume');
    expect(textOf(card)).toContain('Step 2 of 6');
    card = await w.press(card, 'intake.cancel');
    expect(textOf(card)).toContain('Discard the draft?');
    expect(await h.bot.deps.intake.drafts.openNewFor(user.aadObjectId)).toBeDefined();
    card = await w.press(card, 'intake.discard');
    expect(textOf(card)).toContain('Your draft was discarded.');
    expect(await h.bot.deps.intake.drafts.openNewFor(user.aadObjectId)).toBeUndefined();
    expect(textOf(await w.say('continue my draft'))).toContain('You have no saved draft');
  });

  it('lists my submissions, shows the details and history, and lets only the submitter withdraw', async () => {
    const user = person(5, 'Wendy Withdraw');
    const w = new WizardDriver(h, user);
    const code = codeIn(await w.press(await w.toReview(), 'intake.submit'));
    await w.say('submit a use case');

    const list = await w.say('my submissions');
    const status = (await h.bot.deps.intake.useCases.getByCode(code))!.status;
    for (const shown of [code, VALID.basics.title, 'Minimal', 'Draft: Untitled draft', 'Current stage', 'Waiting for'])
      expect(textOf(list)).toContain(shown);
    expect(elementsOf(list).find((e) => e.type === 'FactSet')?.facts[0]).toEqual({
      title: 'Status',
      value: status === 'in-review' ? 'In review' : 'Submitted',
    });

    const detail = await w.press(list, 'intake.view');
    for (const shown of [
      `${code}: ${VALID.basics.title}`,
      VALID.data.dataSources,
      'Pays back in 6 months',
      'History',
      'Draft started by Wendy Withdraw',
      'Submitted by Wendy Withdraw',
    ])
      expect(textOf(detail)).toContain(shown);

    const withdraw = actionOf(detail, 'intake.withdraw');
    expect(textOf(await new WizardDriver(h, STRANGER).execute('intake.withdraw', withdraw.data))).toContain(
      'Only the person who submitted a use case can withdraw it',
    );
    expect(
      textOf(await new WizardDriver(h, STRANGER).execute('intake.view', { useCaseId: withdraw.data.useCaseId })),
    ).toContain('Only its submitter, its approvers and CoE admins can see it.');
    expect(
      textOf(await new WizardDriver(h, ALEX).execute('intake.view', { useCaseId: withdraw.data.useCaseId })),
    ).toContain(VALID.data.dataSources);

    const done = await w.press(detail, 'intake.withdraw', { reason: 'Budget was cut' });
    expect(textOf(done)).toContain(`${code} is withdrawn`);
    expect(textOf(done)).toContain('Withdrawn by Wendy Withdraw: Budget was cut');
    expect(await h.bot.deps.intake.useCases.getByCode(code)).toMatchObject({ status: 'withdrawn' });
    const again = await w.press(detail, 'intake.withdraw');
    expect(textOf(again)).toContain(`${code} is already withdrawn, so it cannot be withdrawn.`);
    expect(await intakeHistory(code)).toEqual(['drafted', 'submitted', 'withdrawn']);
  });

  it('edits and resubmits when changes are requested, recomputing facts and tier', async () => {
    const user = person(6, 'Eddie Edit');
    const w = new WizardDriver(h, user);
    const code = codeIn(await w.press(await w.toReview(), 'intake.submit'));
    const repo = h.bot.deps.intake.useCases;
    const uc = (await repo.getByCode(code))!;
    expect(uc.tier).toBe('minimal');
    const asked = (await repo.setStatus(uc.id, 'changes-requested', uc.version))!;

    const detail = await w.execute('intake.view', { useCaseId: uc.id });
    expect(textOf(detail)).toContain('Changes requested');
    let card = await w.press(detail, 'intake.edit');
    expect(textOf(card)).toContain(`Edit ${code}`);
    expect(inputsOf(card).title).toBe(VALID.basics.title);
    card = await w.press(card, 'intake.next');
    card = await w.press(card, 'intake.next', { personalData: 'special-category' });
    for (let i = 0; i < 3; i += 1) card = await w.press(card, 'intake.next');
    expect(textOf(card)).toContain('Risk tier: High');
    const resubmit = actionOf(card, 'intake.submit');
    expect(resubmit.title).toBe('Resubmit');
    const first = await w.execute('intake.submit', resubmit.data);
    const again = await w.execute('intake.submit', resubmit.data);
    expect(textOf(first)).toContain(`${code} resubmitted`);
    expect(textOf(again)).toContain('nothing was submitted twice');
    const after = (await repo.getByCode(code))!;
    expect(after).toMatchObject({
      tier: 'high',
      tierReasons: ['Special-category personal data'],
      facts: { personalData: 'special-category', tier: 'high' },
    });
    expect(after.status).not.toBe('changes-requested');
    expect(after.version).toBeGreaterThan(asked.version);
    expect(await intakeHistory(code)).toEqual(['drafted', 'submitted', 'resubmitted']);
    expect(textOf(await w.press(detail, 'intake.edit'))).toContain(
      'you can edit it only when a reviewer has requested changes',
    );
  });

  it('lets CoE admins list, filter and export all submissions, and politely refuses everyone else', async () => {
    const w = new WizardDriver(h, person(7, 'Fiona Finance'));
    const code = codeIn(
      await w.press(
        await w.toReview({ basics: { businessUnit: 'Group Finance' }, data: { personalData: 'personal' } }),
        'intake.submit',
      ),
    );

    const admin = new WizardDriver(h, ALEX);
    const list = await admin.say('all submissions limited Group Finance');
    expect(textOf(list)).toContain('1 found (Limited tier, business unit Group Finance)');
    expect(textOf(list)).toContain(code);
    const withdrawn = await admin.press(list, 'intake.all', { status: 'withdrawn', tier: 'any', businessUnit: '' });
    expect(textOf(withdrawn)).toContain('(withdrawn)');
    expect(textOf(withdrawn)).not.toContain(code);

    const exported = await admin.press(list, 'intake.export');
    const lines = elementsOf(exported)
      .filter((e) => e.type === 'RichTextBlock')
      .map((e) => e.inlines[0].text);
    expect(lines[0]).toBe(
      'code,title,businessUnit,submitter,status,tier,tierReasons,currentStage,pendingApprovers,dataClassification,personalData,hosting,priority,pilotCostUsd,yearlyCostUsd,submittedAt,updatedAt',
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^${code},Contract clause summariser,Group Finance,Fiona Finance,(submitted|in-review),limited,Personal data is processed,.*,Internal,Personal data,Azure OpenAI in our tenant,high,15000,4000,`,
      ),
    );
    expect(lines).toHaveLength(2);

    const other = new WizardDriver(h, MEGAN);
    expect(textOf(await other.say('all submissions'))).toContain(
      'Sorry, the list of all submissions is only for CoE admins.',
    );
    expect(textOf(await other.execute('intake.export', {}))).toContain('only for CoE admins');
  });

  it('handles the Action.Submit fallback (verb in the data) by replying with the next card as a new message', async () => {
    const user = person(8, 'Sam Submit');
    const w = new WizardDriver(h, user);
    const card = await w.say('submit a use case');
    const fallback = actionOf(card, 'intake.next').fallback;
    expect(fallback).toMatchObject({ type: 'Action.Submit', title: 'Next', data: { verb: 'intake.next' } });

    const submitAs = async (value: Record<string, unknown>) => {
      const before = h.connector.calls.length;
      const res = await h.post(h.activity(user, { value }));
      expect(res.status).toBeLessThan(300);
      const sent = h.connector.calls.slice(before).filter((c) => c.body.type === 'message');
      const reply = cardOf(sent[sent.length - 1].body);
      expectValidCard(reply);
      return reply;
    };
    expect(textOf(await submitAs({ ...fallback.data, ...VALID.basics }))).toContain('Step 2 of 6');
    expect(textOf(await submitAs({ ...fallback.data, ...VALID.basics, isAdmin: 'true' }))).toContain(
      'do not belong to this step (isAdmin)',
    );
  });

  it('asks people to use a personal chat for intake in channels', async () => {
    const before = h.connector.calls.length;
    await h.post(
      h.activity(MEGAN, {
        text: 'submit a use case',
        conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
      }),
    );
    const sent = h.connector.calls.slice(before).filter((c) => c.body.type === 'message');
    expect(String(sent[sent.length - 1].body.text)).toContain('please chat with me directly');
  });
});

function actionsTitles(card: any): string[] {
  return (card.actions ?? []).map((a: { title: string }) => a.title);
}
