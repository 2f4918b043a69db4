import { PlaygroundPage } from '../playground-page';
import type { Journey } from '../journey';

/** Open the personal chat: the install welcome arrives; "hello" and "help" show their cards. */
export const welcomeAndHelp: Journey = {
  name: 'welcome-and-help',
  async run({ browser, stack }) {
    const p = await PlaygroundPage.open(browser, stack.playgroundUrl, 'welcome-and-help');
    try {
      await p.waitForCard("I'm the CoE Assistant");
      await p.screenshot('1-installed');
      await p.say('hello');
      await p.waitForCard('Hi Alex');
      await p.say('help');
      const help = await p.waitForCard('What I can do');
      for (const entry of ['Ask a question', 'Submit a use case', 'My submissions', 'Admin (CoE staff)']) {
        if (!(await help.textContent())?.includes(entry)) throw new Error(`The help card does not list "${entry}".`);
      }
      await p.screenshot('2-help');
    } finally {
      await p.close();
    }
  },
};
