import { PlaygroundPage } from '../playground-page';
import type { Journey } from '../journey';

/**
 * Requests in people's own words: "hi" shows the help card, "do I have anything to review?" the review queue,
 * "I want to submit a new AI use case" the intake wizard (closed again with Cancel → Discard so no draft is left),
 * and "hi! quick question - can i put customer emails in chatgtp?" a clear no that says how it read the typo.
 */
export const naturalRequests: Journey = {
  name: 'natural-requests',
  async run({ browser, stack }) {
    const p = await PlaygroundPage.open(browser, stack.playgroundUrl, 'natural-requests');
    try {
      await p.waitForCard("I'm the CoE Assistant");
      await p.say('hi');
      const help = await p.waitForCard('What I can do');
      for (const entry of ['Submit a use case', 'What is waiting for me?', 'Admin (CoE staff)']) {
        if (!(await help.textContent())?.includes(entry))
          throw new Error(`The help card after "hi" does not list "${entry}".`);
      }
      await p.screenshot('1-hi-help');

      await p.say('do I have anything to review?');
      await p.waitForCard(/Waiting for your decision|Nothing is waiting for you/);
      await p.screenshot('2-review-queue');

      await p.say('I want to submit a new AI use case');
      const wizard = await p.waitForCard('Step 1 of 6');
      await p.screenshot('3-wizard');
      await p.clickInCard(wizard, 'Cancel');
      const confirm = await p.waitForCard('Discard the draft?');
      await p.clickInCard(confirm, 'Discard');
      await p.waitForCard('Your draft was discarded.');

      // The headline "may I" question as people type it: a greeting, a preface and a typo.
      await p.say('hi! quick question - can i put customer emails in chatgtp?');
      const answer = await p.waitForMessage(/never allowed for Internal data or above/);
      const text = (await answer.textContent()) ?? '';
      if (!/^\s*No\./.test(text)) throw new Error(`The answer does not start with a clear no: ${text.slice(0, 120)}`);
      if (!text.includes('Read "chatgtp" as "chatgpt".'))
        throw new Error('The answer does not say how it read the typo.');
      await p.screenshot('4-may-i-with-greeting-and-typo');
    } finally {
      await p.close();
    }
  },
};
