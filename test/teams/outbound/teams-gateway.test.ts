import * as path from 'node:path';
import { loadEnv } from '../../../src/config/env';
import { TeamsReviewNotifier } from '../../../src/teams/teams-review-notifier';
import { RecipientUnreachableError } from '../../../src/review/review-notifier';
import { ConversationDirectory } from '../../../src/store/conversation-directory';
import type { Database } from '../../../src/store/database';
import { openDatabase } from '../../../src/store/open-database';
import { cardActivity } from '../../../src/teams/card-activity';
import { ConnectorSendError } from '../../../src/teams/outbound/connector-send-error';
import { createTeamsGateway, type TeamsGateway } from '../../../src/teams/outbound/teams-gateway';
import { ConnectorStub } from '../../support/connector-stub';
import { seedPersonalChats } from '../../support/seed-personal-chats';

const ROOT = path.resolve(__dirname, '../../..');
const CHANNEL = '19:general@thread.tacv2';
const THREAD = `${CHANNEL};messageid=1700000000000`;
const CARD = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hello' }] };

/** The outbound gateway against a local Bot Connector stub: what goes on the wire, and how failures are reported. */
describe('Teams outbound gateway', () => {
  let db: Database;
  let stub: ConnectorStub;
  let conversations: ConversationDirectory;
  let gateway: TeamsGateway;
  let chats: string[];

  beforeAll(async () => {
    stub = await new ConnectorStub().start();
    db = await openDatabase({ dataDir: 'memory://' });
    conversations = new ConversationDirectory(db);
    chats = await seedPersonalChats(db, stub.url, 3, 'gw');
    await conversations.upsert({
      conversationId: THREAD,
      kind: 'channel',
      tenantId: 'tenant-1',
      teamId: 'team-1',
      teamName: 'Team 1',
      serviceUrl: stub.url,
      reference: {
        channelId: 'msteams',
        serviceUrl: stub.url,
        bot: { id: '28:coe-bot' },
        conversation: { id: THREAD, conversationType: 'channel', isGroup: true },
      },
    });
    const env = loadEnv({ NODE_ENV: 'test', PORT: '0', COE_DATA_DIR: 'memory://', LOG_LEVEL: 'error' }, ROOT);
    gateway = createTeamsGateway(env, conversations);
  });

  afterAll(async () => {
    await stub.stop();
    await db.close();
  });

  beforeEach(() => {
    stub.clear();
    stub.fault = undefined;
  });

  async function failureOf(work: Promise<unknown>): Promise<ConnectorSendError> {
    const err = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorSendError);
    return err as ConnectorSendError;
  }

  it('posts to the root of a channel even when the stored reference is a reply thread, and replies in a thread', async () => {
    const posted = await gateway.postToChannel(THREAD, cardActivity(CARD));
    expect(posted).toEqual({ conversationId: CHANNEL, activityId: expect.any(String) });
    const replied = await gateway.reply(THREAD, posted.activityId!, cardActivity(CARD));
    expect(replied.conversationId).toBe(`${CHANNEL};messageid=${posted.activityId}`);
    expect(stub.calls.map((c) => c.conversationId)).toEqual([CHANNEL, `${CHANNEL};messageid=${posted.activityId}`]);
    expect(stub.messages(CHANNEL)[0].attachments).toEqual([
      { contentType: 'application/vnd.microsoft.card.adaptive', content: CARD },
    ]);
  });

  it('opens a 1:1 chat with a team member, updates and deletes a message', async () => {
    const opened = await gateway.createPersonalChat({ userId: '29:new', teamId: 'team-1' }, cardActivity(CARD));
    expect(opened.conversationId).toMatch(/^a:created-/);
    expect(stub.calls[0]).toMatchObject({ method: 'POST', path: '/v3/conversations' });
    expect(stub.calls[0].body).toMatchObject({
      members: [{ id: '29:new' }],
      channelData: { tenant: { id: 'tenant-1' } },
    });
    const id = await gateway.send(chats[0], cardActivity(CARD));
    await gateway.update(chats[0], id!, cardActivity(CARD, { summary: 'changed' }));
    await gateway.delete(chats[0], id!);
    expect(stub.calls.slice(-2).map((c) => [c.method, c.conversationId, c.activityId])).toEqual([
      ['PUT', chats[0], id],
      ['DELETE', chats[0], id],
    ]);
  });

  it('maps 403 to blocked, 403 about the roster and 404 to uninstalled, 429 to throttled with Retry-After', async () => {
    stub.fault = () => ({ status: 403, body: { error: { code: 'Forbidden', message: 'User blocked the bot' } } });
    expect(await failureOf(gateway.send(chats[0], cardActivity(CARD)))).toMatchObject({
      status: 403,
      reason: 'blocked',
      outcome: 'not-sent',
    });
    stub.fault = () => ({
      status: 403,
      body: {
        error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
      },
    });
    expect(await failureOf(gateway.send(chats[0], cardActivity(CARD)))).toMatchObject({ reason: 'uninstalled' });
    stub.fault = () => ({ status: 404 });
    expect(await failureOf(gateway.send(chats[0], cardActivity(CARD)))).toMatchObject({
      status: 404,
      reason: 'uninstalled',
    });
    stub.fault = () => ({ status: 429, headers: { 'retry-after': '3' } });
    expect(await failureOf(gateway.send(chats[0], cardActivity(CARD), { sdkRetries: false }))).toMatchObject({
      status: 429,
      reason: 'throttled',
      retryAfterMs: 3000,
    });
    expect(await failureOf(gateway.send('a:never-installed', cardActivity(CARD)))).toMatchObject({
      status: 404,
      reason: 'uninstalled',
    });
  });

  it('reports a 503 as transient and, with SDK retries off, sends it exactly once', async () => {
    stub.fault = () => ({ status: 503 });
    expect(await failureOf(gateway.send(chats[1], cardActivity(CARD), { sdkRetries: false }))).toMatchObject({
      status: 503,
      reason: 'transient',
    });
    expect(stub.calls).toHaveLength(1);
  });

  it('awaits the pacing hook before each request leaves', async () => {
    const paced: number[] = [];
    const pace = async () => {
      await new Promise((r) => setTimeout(r, 20));
      paced.push(Date.now());
    };
    await gateway.send(chats[2], cardActivity(CARD), { pace });
    await gateway.postToChannel(THREAD, cardActivity(CARD), { pace });
    expect(paced).toHaveLength(2);
    expect(stub.calls).toHaveLength(2);
    stub.calls.forEach((c, i) => expect(c.at).toBeGreaterThanOrEqual(paced[i]));
  });

  it('lets the review notifier mark a personal chat blocked when the gateway reports it', async () => {
    const notifier = new TeamsReviewNotifier(gateway, conversations, undefined);
    const person = (await conversations.get(chats[0]))!.aadObjectId!;
    stub.fault = () => ({ status: 403, body: { error: { code: 'Forbidden', message: 'User blocked the bot' } } });
    await expect(notifier.sendCardToPerson(person, CARD)).rejects.toBeInstanceOf(RecipientUnreachableError);
    expect(await conversations.get(chats[0])).toMatchObject({ status: 'blocked' });
  });
});
