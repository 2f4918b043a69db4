import { ALEX, BotHarness, cardOf, MEGAN, STRANGER, TENANT, type User } from '../support/bot-harness';
import { expectValidCard } from '../support/card-schema';
import { eventually } from './support/announcement-fixture';

const chatOf = (u: User) => `a:personal-${u.aadObjectId}`;
const ADELE = { id: '29:adele', aadObjectId: '00000000-0000-0000-0000-0000000000022', name: 'Adele Vance' };
const OUTSIDER = { id: '29:outsider', aadObjectId: '99999999-0000-0000-0000-000000000042', name: 'Olly Outside' };

const form = (overrides: Record<string, string> = {}) => ({
  title: 'Data classification update',
  body: 'From 1 March, **Confidential** data may be used with approved models only.',
  imageUrl: '',
  link1Title: 'Read the playbook',
  link1Url: 'https://coe.example.com/playbooks/data-classification',
  category: 'policy',
  audience: 'personal-installs',
  requiresAck: 'true',
  ...overrides,
});

/** Announcements driven through /api/messages as Teams would, against the connector stub. */
describe('announcements in Teams', () => {
  let h: BotHarness;
  const db = () => h.bot.deps.db;
  const count = async (sql: string, params: unknown[] = []) =>
    (await db().query<{ n: number }>(`select count(*)::int as n from ${sql}`, params as never[]))[0].n;
  const messagesSince = (before: number) =>
    h.connector.calls.slice(before).filter((c) => c.method === 'POST' && c.body.type === 'message');
  const textReply = async (user: User, text: string) =>
    (await h.say(user, text)).find(
      (m) => typeof m.text === 'string' && m.conversation && (m.conversation as { id: string }).id === chatOf(user),
    )?.text as string;

  beforeAll(async () => {
    h = await BotHarness.start();
    for (const u of [ALEX, MEGAN, ADELE]) await h.say(u, 'hello');
  });
  afterAll(async () => h.stop());

  async function preview(user: User, values = form(), ref: Record<string, unknown> = {}) {
    const before = h.connector.calls.length;
    const res = await h.execute(user, 'announce.preview', { ...values, ...ref });
    const previewMessage = messagesSince(before)
      .map((c) => cardOf(c.body))
      .find((c) => JSON.stringify(c).includes('announce.send'));
    return { res, previewCard: previewMessage };
  }

  const draftId = (card: unknown) => Number(/Preview of announcement #(\d+)/.exec(JSON.stringify(card))?.[1]);

  it('offers the compose form to authors only', async () => {
    const [reply] = await h.say(ALEX, 'announce');
    const card = cardOf(reply);
    expectValidCard(card);
    const json = JSON.stringify(card);
    for (const id of ['"title"', '"body"', '"imageUrl"', '"link3Url"', '"category"', '"audience"', '"requiresAck"'])
      expect(json).toContain(`"id":${id}`);
    expect(json).toContain('"verb":"announce.preview"');

    const [refusal] = await h.say(STRANGER, 'announce');
    expect(refusal.text).toMatch(/Only CoE admins and announcement authors/);
    expect(cardOf(refusal)).toBeUndefined();
  });

  it('refuses every author action to someone who is not an author, and stores nothing', async () => {
    const before = await count('announcements');
    const auditBefore = await count('audit_events');
    const mine = await preview(ALEX);
    const id = draftId(mine.previewCard);
    await db().query(
      `update announcements set status = 'scheduled', scheduled_at = now() + interval '1 day' where id = $1`,
      [id],
    );
    for (const [verb, data] of [
      ['announce.new', {}],
      ['announce.preview', form()],
      ['announce.send', { id, version: 1 }],
      ['announce.schedule', { id, version: 1, scheduleDate: '2030-01-01', scheduleTime: '09:00' }],
      ['announce.cancel', { id }],
      ['announce.status', { id }],
      ['announce.export', { id }],
      ['announce.edit', { id }],
      ['announce.duplicate', { id }],
      ['announce.delete', { id }],
      ['announce.list', {}],
    ] as const) {
      const res = await h.execute(STRANGER, verb, data);
      expect(res.status).toBe(200);
      expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
      expect(res.body.value).toMatch(/Only CoE admins and announcement authors/);
    }
    expect(await count('announcements')).toBe(before + 1);
    expect((await h.bot.deps.announcements.repo.get(id))?.status).toBe('scheduled');
    expect(await count('announcement_deliveries where announcement_id = $1', [id])).toBe(0);
    expect(await count('audit_events where actor_id = $1', [STRANGER.aadObjectId])).toBe(0);
    expect(await count('audit_events')).toBe(auditBefore + 1);
    const [listReply] = await h.say(STRANGER, 'announcements');
    expect(listReply.text).toMatch(/Only CoE admins and announcement authors/);
  });

  it('an author who did not write an announcement cannot send, cancel or read its delivery data (admins can)', async () => {
    const { previewCard } = await preview(ALEX, form({ title: 'Alex only' }));
    const id = draftId(previewCard);
    for (const verb of ['announce.send', 'announce.status', 'announce.export', 'announce.cancel']) {
      const res = await h.execute(MEGAN, verb, { id, version: 1 });
      expect(res.body.value).toMatch(/Only the author of announcement/);
    }
    expect((await h.bot.deps.announcements.repo.get(id))?.status).toBe('draft');
    const { previewCard: megans } = await preview(MEGAN, form({ title: 'Megan writes' }));
    const status = await h.execute(ALEX, 'announce.status', { id: draftId(megans) });
    expect(status.body.type).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('shows field errors on the form and keeps what the author typed', async () => {
    const before = await count('announcements');
    const { res, previewCard } = await preview(
      ALEX,
      form({ imageUrl: 'http://insecure.example.com/a.png', link2Title: 'No URL', title: '' }),
    );
    expect(previewCard).toBeUndefined();
    const card = res.body.value;
    expectValidCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('Image URL must start with https://');
    expect(json).toContain('Title is required');
    expect(json).toContain('Link 2 URL');
    expect(json).toContain('http://insecure.example.com/a.png');
    expect(await count('announcements')).toBe(before);
  });

  it('previews, edits, refuses a stale preview, sends, tracks and records acknowledgements once', async () => {
    const first = await preview(ALEX);
    expectValidCard(first.previewCard);
    expect(first.res.body.value.body[0].text).toMatch(/Draft #\d+ saved/);
    const previewJson = JSON.stringify(first.previewCard);
    for (const s of [
      'Send now',
      'Schedule',
      'Edit',
      'Cancel',
      'Input.Date',
      'Input.Time',
      'Data classification update',
      'Acknowledge',
    ])
      expect(previewJson).toContain(s);
    const id = draftId(first.previewCard);

    const edit = await h.execute(ALEX, 'announce.edit', { id, version: 1 });
    expectValidCard(edit.body.value);
    expect(JSON.stringify(edit.body.value)).toContain('Data classification update');
    const second = await preview(ALEX, form({ title: 'Data classification update (v2)' }), { id, version: 1 });
    expect(draftId(second.previewCard)).toBe(id);

    const stale = await h.execute(ALEX, 'announce.send', { id, version: 1 });
    expect(stale.body.value).toMatch(/older version/);
    expect(await count('announcement_deliveries where announcement_id = $1', [id])).toBe(0);

    const recipients = await count(`conversation_references where kind = 'personal' and status = 'active'`);
    const before = h.connector.calls.length;
    const sent = await h.execute(ALEX, 'announce.send', { id, version: 2 });
    expect(JSON.stringify(sent.body.value)).toContain(`Sending announcement #${id}`);
    const statusMessage = messagesSince(before).find((c) => JSON.stringify(c.body).includes('announce.export'));
    expect(statusMessage).toBeDefined();
    expectValidCard(cardOf(statusMessage!.body));

    await h.connector.waitFor(
      (calls) =>
        [MEGAN, ADELE].every((u) =>
          calls.some((c) => c.conversationId === chatOf(u) && JSON.stringify(c.body).includes('(v2)')),
        ),
      10_000,
    );
    const delivered = h.connector
      .messages(chatOf(MEGAN))
      .map(cardOf)
      .find((c) => JSON.stringify(c).includes('(v2)'));
    expectValidCard(delivered);
    expect(JSON.stringify(delivered)).toContain('"verb":"announce.ack"');
    await eventually(
      async () => (await h.bot.deps.announcements.repo.get(id))?.status === 'completed',
      10_000,
      'completion',
    );
    await h.connector.waitFor(
      (calls) =>
        calls.some(
          (c) =>
            c.method === 'PUT' &&
            c.conversationId === chatOf(ALEX) &&
            JSON.stringify(c.body).includes(`Announcement #${id}:`) &&
            JSON.stringify(c.body).includes('Finished'),
        ),
      10_000,
    );

    const ack = await h.execute(MEGAN, 'announce.ack', { id });
    expectValidCard(ack.body.value);
    const ackJson = JSON.stringify(ack.body.value);
    expect(ackJson).toContain('Acknowledged ✓');
    expect(ackJson).not.toContain('"verb":"announce.ack"');
    await h.execute(MEGAN, 'announce.ack', { id });
    expect(await count('announcement_acks where announcement_id = $1', [id])).toBe(1);
    const outsider = await h.execute(OUTSIDER, 'announce.ack', { id });
    expect(outsider.body.value).toMatch(/not sent to you/);
    expect(await count('announcement_acks where announcement_id = $1', [id])).toBe(1);

    const status = await h.execute(ALEX, 'announce.status', { id });
    expectValidCard(status.body.value);
    expect(JSON.stringify(status.body.value)).toContain(`"title":"Acknowledged","value":"1 of ${recipients}"`);

    const exportBefore = h.connector.calls.length;
    await h.execute(ALEX, 'announce.export', { id });
    const csvMessage = messagesSince(exportBefore).find((c) => Array.isArray(c.body.attachments));
    const attachment = (
      csvMessage!.body.attachments as Array<{ contentType: string; contentUrl: string; name: string }>
    )[0];
    expect(attachment.contentType).toBe('text/csv');
    const csv = Buffer.from(attachment.contentUrl.split(',')[1], 'base64').toString('utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'recipient,kind,aadObjectId,conversationId,teamId,status,attempts,possiblySentTwice,lastHttpStatus,lastError,sentAt,acknowledgedAt',
    );
    expect(csv).toContain(MEGAN.aadObjectId);
    expect(csv.split('\r\n').filter((l) => l.includes(',sent,'))).toHaveLength(recipients);
    const audit = await h.bot.deps.audit.list({ subjectType: 'announcement', subjectId: String(id) });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['draft-created', 'draft-updated', 'send-started', 'completed', 'deliveries-exported']),
    );
  });

  it('schedules in the author time zone, refuses past times, and lets only the author or an admin cancel', async () => {
    const { previewCard } = await preview(ALEX, form({ title: 'Scheduled one' }));
    const id = draftId(previewCard);
    const past = await h.execute(
      ALEX,
      'announce.schedule',
      { id, version: 1, scheduleDate: '2020-01-01', scheduleTime: '09:00' },
      { localTimezone: 'Asia/Tokyo' },
    );
    expectValidCard(past.body.value);
    expect(JSON.stringify(past.body.value)).toContain('at least a minute from now');

    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const ok = await h.execute(
      ALEX,
      'announce.schedule',
      { id, version: 1, scheduleDate: day, scheduleTime: '09:00' },
      { localTimezone: 'Asia/Tokyo' },
    );
    expect(JSON.stringify(ok.body.value)).toContain(`Announcement #${id} scheduled`);
    const stored = await h.bot.deps.announcements.repo.get(id);
    expect(stored?.status).toBe('scheduled');
    expect(stored?.scheduledAt?.toISOString()).toBe(`${day}T00:00:00.000Z`);

    const refused = await h.execute(MEGAN, 'announce.cancel', { id });
    expect(refused.body.value).toMatch(/Only the author/);
    expect((await h.bot.deps.announcements.repo.get(id))?.status).toBe('scheduled');
    const cancelled = await h.execute(ALEX, 'announce.cancel', { id });
    expectValidCard(cancelled.body.value);
    expect(JSON.stringify(cancelled.body.value)).toContain('Cancelled');
    expect((await h.bot.deps.announcements.repo.get(id))?.status).toBe('cancelled');
    expect(await count('announcement_deliveries where announcement_id = $1', [id])).toBe(0);
  });

  it('duplicates, deletes drafts (only drafts) and lists announcements', async () => {
    const { previewCard } = await preview(ALEX, form({ title: 'To be copied' }));
    const id = draftId(previewCard);
    const dup = await h.execute(ALEX, 'announce.duplicate', { id });
    expectValidCard(dup.body.value);
    const copyId = Number(/Edit announcement draft #(\d+)/.exec(JSON.stringify(dup.body.value))?.[1]);
    expect(copyId).toBeGreaterThan(id);
    expect((await h.bot.deps.announcements.repo.get(copyId))?.title).toBe('To be copied');

    const deleted = await h.execute(ALEX, 'announce.delete', { id: copyId });
    expect(JSON.stringify(deleted.body.value)).toContain(`Draft #${copyId} deleted`);
    expect(await h.bot.deps.announcements.repo.get(copyId)).toBeUndefined();
    await db().query(`update announcements set status = 'completed' where id = $1`, [id]);
    const notDraft = await h.execute(ALEX, 'announce.delete', { id });
    expect(notDraft.body.value).toMatch(/only drafts can be deleted/);

    const list = (await h.say(ALEX, 'announcements')).find((m) => JSON.stringify(m).includes('announce.new'));
    const card = cardOf(list!);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('To be copied');
  });

  it('mutes and unmutes a category per person', async () => {
    expect(await textReply(MEGAN, 'stop announcements about events')).toMatch(
      /no longer receive announcements about events/,
    );
    expect(await textReply(MEGAN, 'stop announcements about cats')).toMatch(/policy, models, training, events/);

    const send = async (title: string, mutedNote: boolean) => {
      const { previewCard } = await preview(ALEX, form({ title, category: 'events', requiresAck: 'false' }));
      const id = draftId(previewCard);
      expect(JSON.stringify(previewCard).includes('1 person has muted events')).toBe(mutedNote);
      await h.execute(ALEX, 'announce.send', { id, version: 1 });
      await eventually(
        async () => (await h.bot.deps.announcements.repo.get(id))?.status === 'completed',
        10_000,
        'completion',
      );
      return id;
    };
    const whileMuted = await send('Showcase (muted)', true);
    const got = (u: User, title: string) =>
      h.connector.messages(chatOf(u)).some((m) => JSON.stringify(m).includes(title));
    expect(got(ADELE, 'Showcase (muted)')).toBe(true);
    expect(got(MEGAN, 'Showcase (muted)')).toBe(false);
    expect((await h.bot.deps.announcements.repo.get(whileMuted))?.mutedCount).toBe(1);

    expect(await textReply(MEGAN, 'resume announcements about events')).toMatch(
      /receive announcements about events again/,
    );
    await send('Showcase (after resume)', false);
    expect(got(MEGAN, 'Showcase (after resume)')).toBe(true);
  });

  it('subscribes a channel to a category and posts category announcements there; tracks team members for 1:1 sends', async () => {
    const team = { id: '19:team-coe@thread.tacv2', name: 'AI Community' };
    const channel = (user: User, fields: Record<string, unknown>) =>
      h.activity(user, {
        conversation: {
          id: '19:general@thread.tacv2;messageid=1700000000000',
          conversationType: 'channel',
          isGroup: true,
          tenantId: TENANT,
        },
        channelData: { tenant: { id: TENANT }, team },
        ...fields,
      });
    const mention = [
      { type: 'mention', mentioned: { id: '28:coe-bot', name: 'CoE Assistant' }, text: '<at>CoE Assistant</at>' },
    ];

    await h.post(channel(ADELE, { type: 'conversationUpdate', membersAdded: [{ id: '28:coe-bot' }] }));
    await h.post(
      channel(ADELE, {
        type: 'conversationUpdate',
        membersAdded: [
          { id: '29:newbie', aadObjectId: 'aad-newbie', name: 'New Person' },
          { id: ADELE.id, aadObjectId: ADELE.aadObjectId, name: ADELE.name },
        ],
      }),
    );

    const before = h.connector.calls.length;
    await h.post(
      channel(STRANGER, { text: '<at>CoE Assistant</at> subscribe this channel to models', entities: mention }),
    );
    expect(JSON.stringify(messagesSince(before).map((c) => c.body.text))).toMatch(
      /Only the person who added CoE Assistant/,
    );
    const mark = h.connector.calls.length;
    await h.post(
      channel(ADELE, { text: '<at>CoE Assistant</at> subscribe this channel to models', entities: mention }),
    );
    expect(JSON.stringify(messagesSince(mark).map((c) => c.body.text))).toMatch(
      /now subscribed to announcements about models/,
    );

    const { previewCard } = await preview(
      ALEX,
      form({ title: 'Model retirement', category: 'models', audience: 'category-subscribers', requiresAck: 'false' }),
    );
    const id = draftId(previewCard);
    await h.execute(ALEX, 'announce.send', { id, version: 1 });
    await h.connector.waitFor(
      (calls) =>
        calls.some(
          (c) => c.conversationId === '19:general@thread.tacv2' && JSON.stringify(c.body).includes('Model retirement'),
        ),
      10_000,
    );

    const teamSend = await preview(
      ALEX,
      form({
        title: 'Team members only',
        category: 'training',
        audience: 'team-members',
        teamIds: team.id,
        requiresAck: 'false',
      }),
    );
    expect(JSON.stringify(teamSend.previewCard)).toContain('2 recipients');
    await h.execute(ALEX, 'announce.send', { id: draftId(teamSend.previewCard), version: 1 });
    await h.connector.waitFor(
      (calls) =>
        calls.some(
          (c) => c.conversationId?.startsWith('a:created-') && JSON.stringify(c.body).includes('Team members only'),
        ),
      10_000,
    );
    const created = h.connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(JSON.stringify(created?.body)).toContain('29:newbie');
    await h.connector.waitFor(
      (calls) =>
        calls.some((c) => c.conversationId === chatOf(ADELE) && JSON.stringify(c.body).includes('Team members only')),
      10_000,
    );
  });
});
