import { TestAdapter, TurnContext } from 'botbuilder';
import { TurnState } from '@microsoft/teams-ai';
import { openDatabase } from '../../src/store/open-database';
import { DatabaseBotStorage } from '../../src/teams/bot-state-storage';
import { createPostgresSchema, DRIVERS, tempDataDir } from '../support/test-database';

function contextFor(conversationId: string): TurnContext {
  const adapter = new TestAdapter();
  return new TurnContext(adapter, {
    type: 'message',
    channelId: 'msteams',
    text: 'hi',
    from: { id: '29:alex', name: 'Alex' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    serviceUrl: 'https://smba.example/',
  } as never);
}

describe.each(DRIVERS)('teams-ai turn state over DatabaseBotStorage (%s)', (driver) => {
  it('survives closing and reopening the database (a bot restart)', async () => {
    const dir = tempDataDir();
    const pg = driver === 'postgres' ? await createPostgresSchema() : undefined;
    const open = () => (pg ? pg.open() : openDatabase({ dataDir: dir }));

    const first = await open();
    const state = new TurnState<{ topic?: string }, { visits?: number }>();
    await state.load(
      contextFor('a:restart'),
      new DatabaseBotStorage(first, { cacheDocuments: first.kind === 'pglite' }),
    );
    state.conversation.topic = 'risk tiers';
    state.user.visits = 3;
    await state.save(contextFor('a:restart'), new DatabaseBotStorage(first));
    await first.close();

    const second = await open();
    const again = new TurnState<{ topic?: string }, { visits?: number }>();
    await again.load(
      contextFor('a:restart'),
      new DatabaseBotStorage(second, { cacheDocuments: second.kind === 'pglite' }),
    );
    expect(again.conversation.topic).toBe('risk tiers');
    expect(again.user.visits).toBe(3);
    await second.close();
    await pg?.drop();
  });
});
