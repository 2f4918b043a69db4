import { PlaygroundPage } from '../playground-page';
import type { Journey } from '../journey';

/**
 * A covered question gets an answer with citations and feedback buttons; thumbs-down is recorded; an
 * uncovered question goes to the experts' channel, the expert answers in the card, and the answer reaches the asker.
 */
export const askAndEscalate: Journey = {
  name: 'ask-and-escalate',
  async run({ browser, stack }) {
    const p = await PlaygroundPage.open(browser, stack.playgroundUrl, 'ask-and-escalate');
    try {
      await p.waitForCard("I'm the CoE Assistant");
      await p.say('Which models are approved?');
      const answer = await p.waitForMessage(/GPT-4\.1/);
      // A real citation: the [1] marker is rendered as a citation button that opens the cited playbook's card.
      const citation = answer.locator('a.fai-Citation', { hasText: /^1$/ }).first();
      await citation.waitFor();
      await citation.hover();
      // The FAQ entry that asks this very question, or the approved-models playbook.
      const preview = p.page
        .locator('.fai-PreviewContent')
        .filter({ hasText: /Frequently asked questions|Approved models and platforms/ });
      await preview.waitFor({ timeout: 10_000 });
      await p.screenshot('1-answer-with-citations');
      const href = await preview
        .locator('a[href*="/playbooks/faq.md"], a[href*="/playbooks/approved-models.md"]')
        .first()
        .getAttribute('href');
      const opened = await p.page.request.get(href ?? 'missing-link');
      if (!opened.ok() || !(await opened.text()).includes('GPT-4.1'))
        throw new Error(`The citation link ${href} does not open the playbook.`);
      await p.page.mouse.move(0, 0);
      const dislike = p.page.getByRole('button', { name: 'Dislike', exact: true }).last();
      await dislike.waitFor({ timeout: 10_000 });
      await dislike.click();
      const dialog = p.page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.locator('textarea').fill('I also wanted to know about embeddings.');
      await p.screenshot('2-feedback-dialog');
      await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
      const thanks = p.page.getByRole('dialog').filter({ hasText: 'Thank you' });
      await thanks.getByRole('button', { name: 'Close', exact: true }).click();
      await thanks.waitFor({ state: 'hidden' });

      await p.say('knowledge gaps');
      await p.waitForCard(/Which models are approved\?.*1 thumbs down/s);

      await p.say('Which Kubernetes version does the CoE recommend for self-hosted models?');
      const notCovered = await p.waitForCard('Ask the CoE');
      await p.screenshot('3-not-covered');
      await p.clickInCard(notCovered, 'Ask the CoE');
      await p.waitForCard('Sent to the CoE experts');

      await p.openChat('My Team - General');
      await p.waitForCard('I post CoE announcements here');
      await p.page.waitForTimeout(1500);
      const expertCard = await p.waitForCard('A question for the CoE experts');
      const answerBox = expertCard.locator('textarea');
      await answerBox.click();
      await answerBox.pressSequentially(
        'We have no Kubernetes recommendation yet; ask the AI architect at office hours.',
      );
      await p.screenshot('4-expert-card');
      await p.clickInCard(expertCard, 'Send answer');
      const answered = await p.waitForCard('Answered');
      await p.clickInCard(answered, 'Add to knowledge base');
      await p.waitForCard('Added to the knowledge base');

      await p.openChat('Personal Chat');
      await p.waitForCard('The CoE experts answered your question');
      await p.screenshot('5-answer-reached-asker');
    } finally {
      await p.close();
    }
  },
};
