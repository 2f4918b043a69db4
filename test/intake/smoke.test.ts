import { MEGAN, BotHarness, cardOf } from '../support/bot-harness';
import { cardSchemaErrors } from '../support/card-schema';

it('smoke', async () => {
  const h = await BotHarness.start();
  try {
    const replies = await h.say(MEGAN, 'submit a use case');
    const card = cardOf(replies[replies.length - 1]);
    console.log(JSON.stringify(card).slice(0, 600));
    console.log(cardSchemaErrors(card));
    const next = card.actions.find((a: any) => a.verb === 'intake.next');
    const res = await h.execute(MEGAN, 'intake.next', { ...next.data, title: 'x' });
    console.log(res.status, JSON.stringify(res.body).slice(0, 300));
    console.log(cardSchemaErrors(res.body.value));
  } finally {
    await h.stop();
  }
});
