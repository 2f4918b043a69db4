import { ALEX, type BotHarness, TENANT } from '../../support/bot-harness';

/** The sample config's experts channel (the Playground team's General channel). */
export const EXPERTS = 'team-id';

/** Installs the bot in the experts channel, as Teams does, so escalations have somewhere to go. */
export async function installInExpertsChannel(h: BotHarness): Promise<void> {
  const installed = await h.post(
    h.activity(ALEX, {
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:coe-bot' }],
      conversation: { id: EXPERTS, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: EXPERTS, name: 'My Team' } },
    }),
  );
  expect(installed.status).toBeLessThan(300);
}
