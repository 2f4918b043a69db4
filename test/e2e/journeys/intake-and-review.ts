import type { Locator } from 'playwright-core';
import { PlaygroundPage } from '../playground-page';
import type { Journey } from '../journey';

/** A card input by its label; required inputs carry a trailing asterisk in their accessible name. */
function field(card: Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return card.getByLabel(new RegExp(`^${escaped}\\s*\\*?$`));
}

async function fill(card: Locator, label: string, value: string): Promise<void> {
  await field(card, label).first().fill(value);
}

async function choose(card: Locator, option: string): Promise<void> {
  await card.getByText(option, { exact: true }).first().click();
}

async function pick(card: Locator, label: string, option: string): Promise<void> {
  const input = field(card, label).first();
  if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption({ label: option });
  else await card.getByLabel(option, { exact: true }).check();
}

/**
 * Submit a use case through all six wizard steps, see the risk tier on the summary, submit, find it in
 * "My submissions"; then, as the CoE triage approver, approve it from the review card and see the new status.
 */
export const intakeAndReview: Journey = {
  name: 'intake-and-review',
  async run({ browser, stack }) {
    const p = await PlaygroundPage.open(browser, stack.playgroundUrl, 'intake-and-review');
    try {
      await p.waitForCard("I'm the CoE Assistant");
      await p.say('submit a use case');

      let step = await p.waitForCard('Step 1 of 6');
      await fill(step, 'Title', 'Contract clause summariser');
      await fill(
        step,
        'Problem and expected outcome',
        'Lawyers spend hours reading supplier contracts; summaries would halve review time.',
      );
      await fill(step, 'Business unit', 'Legal Operations');
      await fill(step, 'Executive sponsor', 'Dana Whitfield');
      await fill(step, 'Submitter contact', 'alexw@contoso.example');
      await p.screenshot('1-basics');
      await p.clickInCard(step, 'Next');

      step = await p.waitForCard('Step 2 of 6');
      await fill(step, 'Data sources', 'Supplier contracts in the contract management system');
      await pick(step, 'Data classification (the highest of any data involved)', 'Internal');
      await pick(step, 'Personal data', 'None');
      await choose(step, 'Employees');
      await pick(step, 'Scale of use', 'A department');
      await p.clickInCard(step, 'Next');

      step = await p.waitForCard('Step 3 of 6');
      await pick(step, 'How outputs are used', 'Advisory (people decide)');
      await step
        .getByRole('radiogroup', { name: /Do customers interact/ })
        .getByLabel('No', { exact: true })
        .check();
      await step
        .getByRole('radiogroup', { name: /Is generated content shown/ })
        .getByLabel('No', { exact: true })
        .check();
      await p.clickInCard(step, 'Next');

      step = await p.waitForCard('Step 4 of 6');
      await pick(step, 'Model and hosting', 'Azure OpenAI in our tenant');
      await pick(step, 'Build or buy', 'Build');
      await fill(step, 'Planned pilot start', '2027-02-01');
      await p.clickInCard(step, 'Next');

      step = await p.waitForCard('Step 5 of 6');
      await fill(step, 'Expected benefit', 'Halve the time lawyers spend on first reads of supplier contracts.');
      await fill(step, 'KPIs you will measure', 'Review hours per contract; lawyer satisfaction');
      await fill(step, 'Rough pilot cost (USD)', '18000');
      await pick(step, 'Priority for your business unit', 'High');
      await p.clickInCard(step, 'Next');

      const summary = await p.waitForCard('Step 6 of 6');
      if (!/Minimal/.test((await summary.textContent()) ?? ''))
        throw new Error('The summary does not show the computed risk tier (Minimal).');
      await p.screenshot('2-summary-with-tier');
      await p.clickInCard(summary, 'Submit');
      const confirmation = await p.waitForCard(/Your use case has the id UC-\d{4}/);
      const code = ((await confirmation.textContent()) ?? '').match(/has the id (UC-\d{4})/)![1];
      await p.screenshot('3-submitted');

      const review = await p.waitForCard(/CoE triage[\s\S]*Approve/);
      await review
        .getByLabel(/comment/i)
        .first()
        .fill('Fine for a pilot within the 25,000 USD limit.');
      await p.screenshot('4-review-card');
      await p.clickInCard(review, 'Approve');
      await p.waitForCard(/Approved/);

      await p.say('my submissions');
      const mine = await p.waitForCard(/My submissions\s*\d+ use cases?/);
      const listed = (await mine.textContent()) ?? '';
      if (!listed.includes(`${code}: Contract clause summariser`) || !/Status\s*Approved/.test(listed))
        throw new Error(`My submissions does not show ${code} as approved: ${listed.slice(0, 300)}`);
      await p.screenshot('5-my-submissions-approved');
    } finally {
      await p.close();
    }
  },
};
