import type { Locator } from 'playwright-core';
import { PlaygroundPage } from '../playground-page';
import type { Journey } from '../journey';

/** A card input by its label; required inputs carry a trailing asterisk in their accessible name. */
function field(card: Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return card.getByLabel(new RegExp(`^${escaped}\\s*\\*?$`));
}

/**
 * Types into a card input and checks that the text stayed: a card updated in place can be drawn once
 * more by the Playground just after it appears (seen on a loaded machine), which empties what was typed.
 */
async function fill(card: Locator, label: string, value: string): Promise<void> {
  const input = field(card, label).first();
  for (let attempt = 0; attempt < 3; attempt++) {
    await input.fill(value);
    await card.page().waitForTimeout(400);
    if ((await input.inputValue()) === value) return;
  }
  throw new Error(`"${label}" does not keep what was typed into it.`);
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
 * Submit a use case through all six wizard steps: Save draft says so next to the buttons, Back keeps the step's
 * answers, "$12,000" is accepted as the pilot cost with one click on Next, the summary shows the risk tier; Submit
 * posts exactly one new message (the approver's review card: the wizard card itself becomes the confirmation);
 * then, as the CoE triage approver, approve from the review card, which shows the cost and the data
 * classification, and find the use case approved in "My submissions".
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
      await p.clickInCard(step, 'Save draft');
      step = await p.waitForCard(/Step 1 of 6[\s\S]*Draft saved\./);
      await p.expectNextToButton(step, step.getByText(/^Draft saved\./), 'Save draft');
      await p.screenshot('1b-draft-saved-next-to-buttons');
      await p.clickInCard(step, 'Next');

      step = await p.waitForCard('Step 2 of 6');
      await fill(step, 'Data sources', 'Supplier contracts in the contract management system');
      await p.clickInCard(step, 'Back');
      step = await p.waitForCard('Step 1 of 6');
      await p.clickInCard(step, 'Next');
      step = await p.waitForCard('Step 2 of 6');
      if (
        (await field(step, 'Data sources').first().inputValue()) !==
        'Supplier contracts in the contract management system'
      )
        throw new Error('Back lost the answers of the step it left.');
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
      await fill(step, 'Rough pilot cost (USD)', '$12,000');
      await pick(step, 'Priority for your business unit', 'High');
      await p.clickInCard(step, 'Next');

      // One click on Next: the summary comes without a second click, with the amount as typed.
      const summary = await p.waitForCard('Step 6 of 6', 15_000);
      const summaryText = (await summary.textContent()) ?? '';
      if (!/Minimal/.test(summaryText)) throw new Error('The summary does not show the computed risk tier (Minimal).');
      if (!summaryText.includes('USD 12,000')) throw new Error('The summary does not show the pilot cost "$12,000".');
      await p.screenshot('2-summary-with-tier');
      const before = await p.botMessageCount();
      await p.clickInCard(summary, 'Submit');
      const confirmation = await p.waitForCard(/Your use case has the id UC-\d{4}/);
      const code = ((await confirmation.textContent()) ?? '').match(/has the id (UC-\d{4})/)![1];
      const review = await p.waitForCard(/CoE triage[\s\S]*Approve/);
      await p.page.waitForTimeout(2500);
      const added = (await p.botMessageCount()) - before;
      if (added !== 1)
        throw new Error(`Submit added ${added} messages to the chat; expected exactly one (the review card).`);
      await p.screenshot('3-submitted-one-message');
      const reviewText = (await review.textContent()) ?? '';
      if (!/12,000/.test(reviewText) || !/Internal/.test(reviewText))
        throw new Error(
          `The review card does not show the cost and the data classification: ${reviewText.slice(0, 300)}`,
        );

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
