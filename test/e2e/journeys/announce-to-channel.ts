import type { Locator } from 'playwright-core';
import { PlaygroundPage } from '../playground-page';
import type { Journey } from '../journey';

function labelled(card: Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return card.getByLabel(new RegExp(`^${escaped}\\s*\\*?$`)).first();
}

/**
 * A CoE admin composes an announcement and sends it to the Announcements channel of config/coe.yaml, chosen by its
 * name on the compose card without anyone having mentioned the bot in that channel first; it appears there.
 */
export const announceToChannel: Journey = {
  name: 'announce-to-channel',
  async run({ browser, stack }) {
    const p = await PlaygroundPage.open(browser, stack.playgroundUrl, 'announce-to-channel');
    try {
      await p.waitForCard("I'm the CoE Assistant");

      await p.say('announce');
      const compose = await p.waitForCard('New announcement');
      await labelled(compose, 'Title').fill('GPT-4.1 mini is now approved');
      await compose
        .getByLabel(/^Message/)
        .first()
        .fill('From today **GPT-4.1 mini** is approved for high-volume tasks. See the approved-models playbook.');
      const byName = compose.getByRole('radio', { name: /My Team - Announcements/ });
      await byName.check();
      if (!(await byName.isChecked())) throw new Error('The Announcements channel could not be chosen by name.');
      await p.screenshot('1-compose');
      await p.clickInCard(compose, 'Preview');

      const preview = await p.waitForCard(/Send now/);
      await p.screenshot('2-preview');
      await p.clickInCard(preview, 'Send now');
      await p.waitForCard(/sent|Sent|sending|Sending|queued/);

      await p.openChat('My Team - Announcements');
      await p.page
        .locator('.fui-Card, .fai-OutputCard')
        .filter({ hasText: 'GPT-4.1 mini is now approved' })
        .first()
        .waitFor({ timeout: 30_000 });
      await p.screenshot('3-in-channel');
    } finally {
      await p.close();
    }
  },
};
