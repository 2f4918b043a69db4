import { type Activity, ActivityTypes, type TurnContext } from 'botbuilder';

/** The one way to answer an invoke: `status` and the optional `body` become the HTTP response Teams receives. */
export async function sendInvokeResponse(context: TurnContext, status: number, body?: unknown): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: body === undefined ? { status } : { status, body },
  } as Partial<Activity>);
}

/**
 * Answers an Action.Execute (Universal Action): a card replaces the one the person acted on (for that person); a
 * string is shown to them as a short message and the card stays as it was.
 */
export async function answerCardAction(context: TurnContext, reply: object | string): Promise<void> {
  await sendInvokeResponse(
    context,
    200,
    typeof reply === 'string'
      ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply }
      : { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply },
  );
}
