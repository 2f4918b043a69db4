import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Actor } from '../../directory/actor';
import { NOT_AN_AUTHOR } from '../../announcements/announcement-access';
import type { Refusal } from '../../runtime/outcome';
import { ANNOUNCE_VERBS, type AnnounceVerb } from '../../announcements/announcement-verbs';
import { announcementListCard, noticeCard } from '../../announcements/author-cards';
import { composeCard } from '../../announcements/compose-card';
import { type AdaptiveCard, card, commandButton, text } from '../../cards/card-kit';
import type { Logger } from '../../observability/logger';
import type { AnnouncementService } from '../../announcements/announcement-service';
import type { TeamsDeps } from '../teams-deps';
import type { IntentHandlers, IntentRequest } from '../teams-app';
import { actorOf } from '../actor-of';
import { conversationKind, turnLogger } from '../turn-helpers';
import { announcementVerbs, postCard, type VerbReply } from './announcement-verb-table';
import { cardActivity } from '../card-activity';
import { channelBaseId } from '../outbound/teams-ids';
import { replyWithRefusal } from '../refusal-reply';
import { trackTeamRoster } from './team-roster';
import { answerCardAction } from '../invoke-response';

const PERSONAL_ONLY =
  'Please write and manage announcements in your personal chat with me, so drafts stay private until you send them.';

/** Answers an Action.Execute: a card replaces the one the user acted on (for that user); a message leaves it as it was. */
async function answerInvoke(context: TurnContext, reply: VerbReply, logger: Logger): Promise<void> {
  if ('refusal' in reply) return void (await replyWithRefusal(context, reply.refusal, logger, 'announcement action'));
  await answerCardAction(context, 'card' in reply ? reply.card : reply.message);
}

/** The category a request names: the validated slot, else the word after "about" (the service explains a wrong one). */
const categoryOf = (request: IntentRequest): string =>
  typeof request.slots.category === 'string'
    ? request.slots.category
    : (/(?:about|on|for|in|to|from)\s+(?:the\s+)?([\w-]+)/i.exec(request.text)?.[1] ?? '');

/** One sentence per answer of a preference change: [changed, unchanged]. */
type Sentences = (category: string) => [string, string];

/**
 * Announcements in Teams: "announce" (compose → preview → send now or schedule), "announcements" (drafts and
 * sends), the status message and CSV export, acknowledgements, category mutes and channel subscriptions. Card
 * actions use the verbs `announce.*` of the verb table; authors are checked by the service against COE_CONFIG.
 */
export function registerAnnouncementRoutes(
  app: Application<TurnState>,
  deps: TeamsDeps,
  service: AnnouncementService,
): IntentHandlers {
  const verbs = announcementVerbs(service, deps.logger);

  app.turn('beforeTurn', async (context) => {
    try {
      await trackTeamRoster(context, service);
    } catch (err) {
      turnLogger(context, deps.logger).warn('could not update the team roster for announcements', { err });
    }
    return true;
  });

  const say = async (context: TurnContext, outcome: Refusal): Promise<void> => {
    await replyWithRefusal(context, outcome, deps.logger, 'announcement request');
  };

  const personalOnly = async (context: TurnContext): Promise<boolean> => {
    if (conversationKind(context) === 'personal') return true;
    await context.sendActivity(PERSONAL_ONLY);
    return false;
  };

  /** When a request names no category: the question, with a button per category. */
  const askCategory = async (context: TurnContext, question: string, command: (c: string) => string): Promise<void> => {
    const buttons = service.categories.map((c) => commandButton(c, command(c)));
    await postCard(context, card([text(question)], buttons, { fallbackText: question }));
  };

  /** Runs a preference change named by category, asking for the category when the request names none. */
  const preference =
    (
      question: string,
      command: (c: string) => string,
      change: (actor: Actor, category: string, context: TurnContext) => ReturnType<typeof service.mute>,
      answer: (context: TurnContext, category: string, changed: boolean) => Promise<void>,
    ) =>
    async (context: TurnContext, _state: TurnState, request: IntentRequest): Promise<void> => {
      const category = categoryOf(request);
      if (!category) return askCategory(context, question, command);
      const result = await change(actorOf(context), category, context);
      if (!result.ok) return say(context, result);
      await answer(context, result.value.category, result.value.changed);
    };

  const sentence =
    (sentences: Sentences) =>
    async (context: TurnContext, category: string, changed: boolean): Promise<void> => {
      await context.sendActivity(sentences(category)[changed ? 0 : 1]);
    };

  const setChannel = (subscribe: boolean) => {
    const run = preference(
      subscribe
        ? 'Which announcements should this channel receive?'
        : 'Which announcements should this channel stop receiving?',
      (c) => `${subscribe ? 'subscribe this channel to' : 'unsubscribe this channel from'} ${c}`,
      (actor, category, context) => {
        const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
        const channel = { conversationId: channelBaseId(context.activity.conversation.id), teamId };
        return service.setChannelSubscription(actor, channel, category, subscribe);
      },
      sentence((c) =>
        subscribe
          ? [
              `This channel is now subscribed to announcements about ${c}.`,
              `This channel was already subscribed to announcements about ${c}.`,
            ]
          : [
              `This channel will no longer receive announcements about ${c}.`,
              `This channel was not subscribed to announcements about ${c}.`,
            ],
      ),
    );
    return async (context: TurnContext, state: TurnState, request: IntentRequest): Promise<void> => {
      if (conversationKind(context) === 'channel') return run(context, state, request);
      await context.sendActivity(
        'Say this in the team channel you want to subscribe, with an @mention of CoE Assistant.',
      );
    };
  };

  const handlers: IntentHandlers = {
    'announce.compose': async (context) => {
      const actor = actorOf(context);
      if (!service.canAuthor(actor)) return void (await context.sendActivity(NOT_AN_AUTHOR));
      if (!(await personalOnly(context))) return;
      const options = await service.composeOptions(actor);
      if (options.ok) await postCard(context, composeCard(options.value));
    },
    'announce.mine': async (context) => {
      const list = await service.list(actorOf(context));
      if (!list.ok) return say(context, list);
      if (!(await personalOnly(context))) return;
      await postCard(context, announcementListCard(list.value.items, { showAuthors: list.value.showAuthors }));
    },
    'announce.mute': preference(
      'Which announcements should I stop sending you?',
      (c) => `stop announcements about ${c}`,
      (actor, category) => service.mute(actor, category),
      async (context, c, changed) => {
        const note =
          c === 'policy'
            ? ' The CoE recommends keeping policy announcements on: you are still expected to follow current policy, which is always in the playbooks.'
            : '';
        const sentence = `${changed ? `Done: you will no longer receive announcements about ${c}.` : `Announcements about ${c} were already muted for you.`}${note} Say "resume announcements about ${c}" to get them again.`;
        const undo: AdaptiveCard = card(
          [text(`Changed your mind?`, { isSubtle: true })],
          [commandButton(`Resume ${c} announcements`, `resume announcements about ${c}`)],
          { fallbackText: `Resume ${c} announcements` },
        );
        await context.sendActivity(cardActivity(undo, { text: sentence }));
      },
    ),
    'announce.unmute': preference(
      'Which announcements should I send you again?',
      (c) => `resume announcements about ${c}`,
      (actor, category) => service.unmute(actor, category),
      sentence((c) => [
        `Done: you will receive announcements about ${c} again.`,
        `You were already receiving announcements about ${c}.`,
      ]),
    ),
    'announce.subscribe-channel': setChannel(true),
    'announce.unsubscribe-channel': setChannel(false),
  };

  const notAvailable = noticeCard(
    'Not available',
    'That action is not available any more. Say "announcements" to start again.',
    [commandButton('My announcements', 'announcements')],
  );
  app.adaptiveCards.actionExecute<Record<string, unknown>>(/^announce\./, async (context, _state, data) => {
    const verb = String((context.activity.value as { action?: { verb?: string } } | undefined)?.action?.verb ?? '');
    const handle = Object.values(ANNOUNCE_VERBS).includes(verb as AnnounceVerb)
      ? verbs[verb as AnnounceVerb]
      : undefined;
    const fields = data ?? {};
    const reply = handle
      ? await handle({
          context,
          actor: actorOf(context),
          data: fields,
          id: Number(fields.id),
          version: Number(fields.version),
        })
      : { card: notAvailable };
    await answerInvoke(context, reply, deps.logger);
    return '';
  });
  return handlers;
}
