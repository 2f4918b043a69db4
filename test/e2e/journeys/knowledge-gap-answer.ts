import { PlaygroundPage } from '../playground-page';
import type { Journey } from '../journey';

const QUESTION = 'Does the CoE provide Terraform modules for Databricks workspaces?';
const ANSWER = 'Not yet: the platform team keeps Terraform modules; ask them for the Databricks one.';

/**
 * A CoE admin opens "knowledge gaps", sees a question the playbooks did not cover and answers it through Ask the
 * CoE: Answer sends it to the experts' channel, the expert answers there, the answer comes back to the admin's chat,
 * and the question leaves the list of open gaps.
 */
export const knowledgeGapAnswer: Journey = {
  name: 'knowledge-gap-answer',
  async run({ browser, stack }) {
    const p = await PlaygroundPage.open(browser, stack.playgroundUrl, 'knowledge-gap-answer');
    try {
      await p.waitForCard("I'm the CoE Assistant");
      await p.say(QUESTION);
      await p.waitForCard('Ask the CoE');

      await p.say('knowledge gaps');
      const gaps = await p.waitForCard(/Knowledge gaps[\s\S]*Terraform modules/);
      const picker = gaps.getByLabel(/^Question to act on/).first();
      if ((await picker.evaluate((el) => el.tagName)) === 'SELECT') await picker.selectOption({ label: QUESTION });
      await p.screenshot('1-gaps');
      await p.clickInCard(gaps, 'Answer');
      const sent = await p.waitForCard(/Sent to the CoE experts: "Does the CoE provide Terraform/);
      await p.expectNextToButton(sent, sent.getByText(/^Sent to the CoE experts/), 'As CSV');
      await p.screenshot('2-sent-to-experts');

      await p.openChat('My Team - General');
      const expertCard = await p.waitForCard(/A question for the CoE experts[\s\S]*Terraform modules/);
      const answerBox = expertCard.locator('textarea');
      await answerBox.click();
      await answerBox.pressSequentially(ANSWER);
      await p.clickInCard(expertCard, 'Send answer');
      await p.waitForCard('Answered');
      await p.screenshot('3-expert-answered');

      await p.openChat('Personal Chat');
      await p.waitForCard(/The CoE experts answered your question[\s\S]*platform team keeps Terraform/);
      await p.say('knowledge gaps');
      await p.page.waitForTimeout(1500);
      const after = p.card(/Knowledge gaps/);
      await after.waitFor();
      const open = after.getByText(QUESTION, { exact: true });
      if (await open.isVisible()) throw new Error('The answered question is still listed as an open knowledge gap.');
      await p.screenshot('4-gap-closed');
    } finally {
      await p.close();
    }
  },
};
