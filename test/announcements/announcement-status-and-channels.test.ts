import { ALEX, BotHarness, cardOf, MEGAN, TENANT, type User } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { eventually } from './support/announcement-fixture';

const chatOf = (u: User) => `a:personal-${u.aadObjectId}`;
/** The Announcements channel of config/coe.yaml (the Playground's "My Team"). */
const ANNOUNCEMENTS_CHANNEL = 'channel-announcements-id';
const OPERATIONS = ['Possibly sent twice', 'Retrying', 'Not reachable', '"title":"Details"'];

/** Channels named in COE_CONFIG and the author's one status message, through /api/messages against the connector stub. */
describe('announcement channels by name and the status message', () => {
  let h: BotHarness;
  const repo = () => h.bot.deps.announcements.repo;
  const callsTo = (conversationId: string, method: string) =>
    h.connector.calls.filter((c) => c.conversationId === conversationId && c.method === method);

  beforeAll(async () => {
    h = await BotHarness.start();
    for (const u of [ALEX, MEGAN]) await h.say(u, 'hello');
  });
  afterAll(async () => h.stop());

  /** Previews `values` as `user`, sends it, and returns its id once the send has completed. */
  async function sendAndComplete(user: User, values: Record<string, string>): Promise<number> {
    const before = h.connector.calls.length;
    await h.execute(user, 'announce.preview', { body: 'Read the update.', category: 'events', ...values });
    const preview = h.connector.calls
      .slice(before)
      .map((c) => cardOf(c.body))
      .find((c) => JSON.stringify(c ?? {}).includes('announce.send'));
    const id = Number(/Preview of announcement #(\d+)/.exec(JSON.stringify(preview))?.[1]);
    const sent = await h.execute(user, 'announce.send', { id, version: 1 });
    expect(JSON.stringify(sent.body.value)).toContain(`Sending announcement #${id}`);
    await eventually(async () => (await repo().get(id))?.status === 'completed', 10_000, 'completion');
    await h.connector.waitFor(
      (calls) =>
        calls.some((c) => c.method === 'PUT' && JSON.stringify(c.body).includes(`Announcement #${id}: Delivered`)),
      10_000,
    );
    return id;
  }

  /** Every version of the status message of `id` the author's chat received (the post, then its updates). */
  const statusVersions = (user: User, id: number) =>
    h.connector.calls.filter(
      (c) => c.conversationId === chatOf(user) && JSON.stringify(c.body).includes(`"text":"Announcement #${id}: `),
    );

  it('offers the channels of coe.yaml by name, with their install state, before anyone mentions the bot there', async () => {
    expect(callsTo(ANNOUNCEMENTS_CHANNEL, 'POST')).toHaveLength(0);
    const [reply] = await h.say(ALEX, 'announce');
    const card = cardOf(reply);
    expectValidCard(card);
    const audience = card.body.find((e: { id?: string }) => e.id === 'audience');
    expect(audience.choices).toContainEqual({
      title: 'Channel: My Team - Announcements · not installed yet',
      value: `channel:${ANNOUNCEMENTS_CHANNEL}`,
    });
    expect(JSON.stringify(card)).not.toContain(`"title":"${ANNOUNCEMENTS_CHANNEL}"`);
    const labels = JSON.stringify(card.body).match(/"label":"[^"]*"/g) ?? [];
    expect(labels.filter((l) => /[*_[\]]/.test(l))).toEqual([]);
  });

  it('shows only the picker of the chosen audience, and keeps what was typed when the audience changes', async () => {
    const res = await h.execute(ALEX, 'announce.audience', { title: 'Kept title', audience: 'channels' });
    const card = res.body.value;
    expectValidCard(card);
    const visible = (id: string) => card.body.find((e: { id?: string }) => e.id === id)?.isVisible;
    expect([visible('teamIdsPicker'), visible('channelIdsPicker'), visible('groupIdsPicker')]).toEqual([
      false,
      true,
      false,
    ]);
    expect(JSON.stringify(card)).toContain('"value":"Kept title"');
    expect(JSON.stringify(card)).toContain('My Team - Announcements · not installed yet');
  });

  it('sends to a coe.yaml channel chosen by name: the post reaches that channel, with a channel footer', async () => {
    const id = await sendAndComplete(ALEX, {
      title: 'Town hall on Friday',
      audience: `channel:${ANNOUNCEMENTS_CHANNEL}`,
    });
    const posts = callsTo(ANNOUNCEMENTS_CHANNEL, 'POST');
    expect(posts).toHaveLength(1);
    const card = cardOf(posts[0].body);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('Town hall on Friday');
    expect(JSON.stringify(card)).not.toContain('in our chat');
    expect((await repo().get(id))?.audience).toEqual({ kind: 'channels', conversationIds: [ANNOUNCEMENTS_CHANNEL] });
  });

  it('keeps one status message per send, updated in place; counters only behind Details for admins', async () => {
    const id = await sendAndComplete(ALEX, { title: 'For everyone', audience: 'personal-installs' });
    const versions = statusVersions(ALEX, id);
    const posts = versions.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    const updates = versions.filter((c) => c.method === 'PUT');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    const posted = (await repo().get(id))?.statusActivityId;
    expect(posted).toMatch(/^act-/);
    expect(new Set(updates.map((c) => c.activityId))).toEqual(new Set([posted]));
    const final = cardOf(updates[updates.length - 1].body);
    expectValidCard(final);
    expect(final.fallbackText).toBe(`Announcement #${id}: Delivered to 2 recipients`);
    for (const s of OPERATIONS) expect(JSON.stringify(final)).toContain(s);
  });

  it('an author who is not a CoE admin sees the outcome but not the operations counters', async () => {
    const id = await sendAndComplete(MEGAN, { title: 'From Megan', audience: 'personal-installs' });
    const versions = statusVersions(MEGAN, id);
    expect(versions.filter((c) => c.method === 'POST')).toHaveLength(1);
    for (const v of versions) for (const s of OPERATIONS) expect(JSON.stringify(v.body)).not.toContain(s);
    expect(JSON.stringify(versions[versions.length - 1].body)).toContain('Delivered to 2 recipients');
    const status = await h.execute(MEGAN, 'announce.status', { id });
    expectValidCard(status.body.value);
    for (const s of OPERATIONS) expect(JSON.stringify(status.body.value)).not.toContain(s);
    const asAdmin = await h.execute(ALEX, 'announce.status', { id });
    expect(JSON.stringify(asAdmin.body.value)).toContain('Possibly sent twice');
  });

  it('shows a configured channel as installed once the bot is added to its team', async () => {
    const general = h.activity(ALEX, {
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:coe-bot' }],
      conversation: { id: 'team-id', conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: 'team-id', name: 'My Team' } },
    });
    expect((await h.post(general)).status).toBeLessThan(300);
    const [reply] = await h.say(ALEX, 'announce');
    const audience = cardOf(reply).body.find((e: { id?: string }) => e.id === 'audience');
    expect(audience.choices).toContainEqual({
      title: 'Channel: My Team - Announcements',
      value: `channel:${ANNOUNCEMENTS_CHANNEL}`,
    });
  });
});
