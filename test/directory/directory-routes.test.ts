import { ALEX, BotHarness, MEGAN, STRANGER } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { CLIENT_ID, CLIENT_SECRET, GraphStub, TENANT_ID } from '../support/graph-stub';
import { FACTS, PEOPLE, createUseCase, reviewOrg } from '../review/review-fixtures';

const G_LEADS = '6f1c0000-0000-4000-8000-00000000c0e1';
const G_STAFF = '6f1c0000-0000-4000-8000-0000000057af';
const MESSAGE = 'application/vnd.microsoft.activity.message';

describe('review decisions through /api/messages with the directory on Microsoft Graph', () => {
  let stub: GraphStub;
  let h: BotHarness;

  beforeAll(async () => {
    stub = await new GraphStub().start();
    stub
      .addUser({ id: ALEX.aadObjectId, displayName: 'Alex Wilber (Entra)', department: 'CoE' })
      .addUser({ id: MEGAN.aadObjectId, displayName: 'Megan Bowen', department: 'CoE' })
      .addUser({ id: PEOPLE.sam.aadObjectId, displayName: 'Sam Submitter', department: 'Finance' })
      .addUser({ id: PEOPLE.adele.aadObjectId, displayName: 'Adele Vance', department: 'Legal' });
    stub.groups.set(G_LEADS, [ALEX.aadObjectId, MEGAN.aadObjectId]);
    stub.groups.set(G_STAFF, [PEOPLE.adele.aadObjectId]);
    const org = reviewOrg((raw) => {
      raw.groups['coe-leads'] = { name: 'CoE leads', entraGroupId: G_LEADS };
      raw.groups['coe-staff'] = {
        name: 'CoE staff',
        entraGroupId: G_STAFF,
        members: [{ id: ALEX.aadObjectId, name: ALEX.name }],
      };
    });
    h = await BotHarness.start({
      org,
      env: {
        COE_DIRECTORY: 'graph',
        GRAPH_TENANT_ID: TENANT_ID,
        GRAPH_CLIENT_ID: CLIENT_ID,
        GRAPH_CLIENT_SECRET: CLIENT_SECRET,
        GRAPH_AUTHORITY_HOST: stub.baseUrl,
        GRAPH_BASE_URL: stub.graphUrl,
      },
    });
    for (const u of [ALEX, MEGAN]) await h.say(u, 'hello');
  });
  afterAll(async () => {
    await h.stop();
    await stub.stop();
  });

  it('routes to the Entra group, refuses a member removed since, and shows the directory’s name of who decided', async () => {
    const uc = await createUseCase(h.bot.deps.db, { facts: FACTS.minimal, tier: 'minimal' });
    await h.bot.deps.review.submitted(uc);
    const review = (await h.bot.deps.review.reviews.getByUseCase(uc.id))!;
    expect(review.stages[0].approvers.map((p) => p.name)).toEqual(['Alex Wilber (Entra)', 'Megan Bowen']);
    expect(stub.tokensIssued).toBe(1);

    stub.groups.set(G_LEADS, [ALEX.aadObjectId]);
    const refused = await h.execute(MEGAN, 'review.approve', { reviewId: review.id, version: 1 });
    expect(refused.body).toMatchObject({
      statusCode: 200,
      type: MESSAGE,
      value: expect.stringContaining(
        `You are no longer a member of CoE leads, so you cannot decide on ${uc.code} any more.`,
      ),
    });
    expect((await h.bot.deps.review.reviews.get(review.id))!.version).toBe(1);

    const approved = await h.execute(ALEX, 'review.approve', { reviewId: review.id, version: 1 });
    expect(approved.status).toBe(200);
    expectValidCard(approved.body.value);
    expect(JSON.stringify(approved.body.value)).toContain('Approved by Alex Wilber (Entra)');
    const trail = await h.bot.deps.audit.list({ subjectType: 'use-case', subjectId: uc.code });
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(['review.routed', 'review.decision-refused', 'review.decided']),
    );
    expect(trail.find((e) => e.action === 'review.decided')).toMatchObject({
      actorName: 'Alex Wilber (Entra)',
      details: { membership: { groupId: 'coe-leads', member: true, source: 'directory' } },
    });
  });

  it('counts members of an Entra-backed coe-staff group as CoE experts', async () => {
    const adele = { id: '29:adele', aadObjectId: PEOPLE.adele.aadObjectId, name: 'Adele Vance' };
    const deadline = Date.now() + 10_000;
    while (!h.bot.deps.directory.groupsOf(adele.aadObjectId).includes('coe-staff') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const escalationId = '5b0f3c5e-1111-4222-8333-944444444444';
    const asExpert = await h.execute(adele, 'coe.escalation.addToKb', { escalationId });
    expect(JSON.stringify(asExpert.body)).toContain('This question could not be found.');
    const asOutsider = await h.execute(STRANGER, 'coe.escalation.addToKb', { escalationId });
    expect(JSON.stringify(asOutsider.body)).toContain('Only CoE experts can add answers to the knowledge base.');
  });
});
