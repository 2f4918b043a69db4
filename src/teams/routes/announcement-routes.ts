import {
  type Activity,
  ActivityTypes,
  CardFactory,
  type TeamsChannelAccount,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Actor } from '../../announcements/announcement';
import { announcementCard } from '../../announcements/announcement-card';
import { inputToForm } from '../../announcements/announcement-input';
import { NOT_AN_AUTHOR } from '../../announcements/announcement-service';
import { type Refusal, refusalText } from '../../runtime/outcome';
import { replyWithRefusal } from '../refusal-reply';
import {
  announcementListCard,
  composeCard,
  describeAudience,
  noticeCard,
  previewCard,
  statusCard,
} from '../../announcements/author-cards';
import { audienceNames } from '../../announcements/progress-tracker';
import { type AdaptiveCard, card, commandButton, text } from '../../cards/card-kit';
import type { TeamsDeps } from '../teams-deps';
import type { IntentHandlers, IntentRequest } from '../teams-app';
import { callerOf, conversationKind, turnLogger } from '../turn-helpers';
import { sendCard } from './core-routes';

/** Largest CSV sent inline in Teams; bigger exports point to the HTTP API. */
const MAX_INLINE_CSV_BYTES = 20_000;

/** The person acting, from the activity itself. */
function actorOf(context: TurnContext): Actor {
  const caller = callerOf(context);
  return {
    aadObjectId: caller.aadObjectId,
    userId: caller.id,
    name: caller.name,
    conversationId: context.activity.conversation?.id,
  };
}

/** Answers an Action.Execute with a card that replaces the one the user acted on (for that user). */
async function respondWithCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
  } as Partial<Activity>);
}

/** Answers an Action.Execute with a short message and leaves the card as it was. */
async function respondWithMessage(context: TurnContext, message: string): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message },
    },
  } as Partial<Activity>);
}

const idOf = (data: Record<string, unknown>): number => Number(data.id);
const versionOf = (data: Record<string, unknown>): number => Number(data.version);

/** Team roster bookkeeping from membership events, for the "members of chosen teams" audience. */
async function trackTeamRoster(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const a = context.activity;
  if (a.type !== ActivityTypes.ConversationUpdate || conversationKind(context) !== 'channel') return;
  const team = (a.channelData as { team?: { id?: string; name?: string } } | undefined)?.team;
  if (!team?.id) return;
  const botId = a.recipient?.id;
  const tenantId = callerOf(context).tenantId;
  const added = a.membersAdded ?? [];
  const removed = (a.membersRemoved ?? []).filter((m) => m.id !== botId).map((m) => m.id);
  if (added.some((m) => m.id === botId)) {
    await deps.announcements.recordTeamInstall(team.id, team.name, {
      aadObjectId: a.from?.aadObjectId,
      name: a.from?.name,
    });
    await loadRoster(context, team.id, deps);
  }
  const people = added
    .filter((m) => m.id !== botId)
    .map((m) => ({ userId: m.id, aadObjectId: m.aadObjectId, name: m.name, tenantId }));
  await deps.announcements.addTeamMembers(team.id, people);
  await deps.announcements.removeTeamMembers(team.id, removed);
}

/** Reads the whole roster when the bot joins a team (best effort: events keep it current afterwards). */
async function loadRoster(context: TurnContext, teamId: string, deps: TeamsDeps): Promise<void> {
  let token: string | undefined;
  const tenantId = callerOf(context).tenantId;
  for (let page = 0; page < 50; page += 1) {
    const result = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, token);
    const members: TeamsChannelAccount[] = Array.isArray(result?.members) ? result.members : [];
    await deps.announcements.addTeamMembers(
      teamId,
      members
        .filter((m) => m.id)
        .map((m) => ({ userId: m.id, aadObjectId: m.aadObjectId, name: m.name, tenantId: m.tenantId ?? tenantId })),
    );
    token = result?.continuationToken;
    if (!token) return;
  }
}

/**
 * Announcements in Teams: "announce" (compose → preview → send now or schedule), "announcements" (drafts and
 * sends), status cards and CSV export, acknowledgements, category mutes and channel subscriptions. Every
 * Action.Execute uses a verb `announce.*`; authors are checked by the service against COE_CONFIG.
 */
export function registerAnnouncementRoutes(app: Application<TurnState>, deps: TeamsDeps): IntentHandlers {
  const service = deps.announcements;

  app.turn('beforeTurn', async (context) => {
    try {
      await trackTeamRoster(context, deps);
    } catch (err) {
      turnLogger(context, deps.logger).warn('could not update the team roster for announcements', { err });
    }
    return true;
  });

  const refused = async (context: TurnContext, refusal: Refusal, asInvoke: boolean): Promise<true> => {
    if (asInvoke) await replyWithRefusal(context, refusal, deps.logger, 'announcement action');
    else await context.sendActivity(refusalText(refusal));
    return true;
  };

  const personalOnly = async (context: TurnContext): Promise<boolean> => {
    if (conversationKind(context) === 'personal') return true;
    await context.sendActivity(
      'Please write and manage announcements in your personal chat with me, so drafts stay private until you send them.',
    );
    return false;
  };

  const compose = async (
    context: TurnContext,
    extra: { values?: Record<string, string>; errors?: string[]; draft?: { id: number; version: number } } = {},
  ) => {
    const options = await service.composeOptions(actorOf(context));
    return options.ok ? { ok: true as const, card: composeCard({ ...options.value, ...extra }) } : options;
  };

  /** The category a request names: the validated slot, else the word after "about" (the service explains a wrong one). */
  const categoryOf = (request: IntentRequest): string =>
    typeof request.slots.category === 'string'
      ? request.slots.category
      : (/(?:about|on|for|in|to|from)\s+(?:the\s+)?([\w-]+)/i.exec(request.text)?.[1] ?? '');

  /** When a request names no category: the question, with a button per category. */
  const askCategory = async (context: TurnContext, question: string, command: (c: string) => string): Promise<void> => {
    await sendCard(
      context,
      card(
        [text(question)],
        service.categories.map((c) => commandButton(c, command(c))),
      ),
    );
  };

  const setChannel = async (context: TurnContext, request: IntentRequest, subscribe: boolean): Promise<void> => {
    if (conversationKind(context) !== 'channel') {
      await context.sendActivity(
        'Say this in the team channel you want to subscribe, with an @mention of CoE Assistant.',
      );
      return;
    }
    const category = categoryOf(request);
    if (!category)
      return askCategory(
        context,
        subscribe
          ? 'Which announcements should this channel receive?'
          : 'Which announcements should this channel stop receiving?',
        (c) => `${subscribe ? 'subscribe this channel to' : 'unsubscribe this channel from'} ${c}`,
      );
    const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    const result = await service.setChannelSubscription(
      actorOf(context),
      { conversationId: context.activity.conversation.id, teamId },
      category,
      subscribe,
    );
    if (!result.ok) {
      await refused(context, result, false);
      return;
    }
    const { category: c, changed } = result.value;
    await context.sendActivity(
      subscribe
        ? changed
          ? `This channel is now subscribed to announcements about ${c}.`
          : `This channel was already subscribed to announcements about ${c}.`
        : changed
          ? `This channel will no longer receive announcements about ${c}.`
          : `This channel was not subscribed to announcements about ${c}.`,
    );
  };

  const handlers: IntentHandlers = {
    'announce.compose': async (context) => {
      if (!service.canAuthor(actorOf(context))) {
        await context.sendActivity(NOT_AN_AUTHOR);
        return;
      }
      if (!(await personalOnly(context))) return;
      const result = await compose(context);
      if (result.ok) await sendCard(context, result.card);
    },
    'announce.mine': async (context) => {
      const list = await service.list(actorOf(context));
      if (!list.ok) {
        await refused(context, list, false);
        return;
      }
      if (!(await personalOnly(context))) return;
      await sendCard(context, announcementListCard(list.value.items, { showAuthors: list.value.showAuthors }));
    },
    'announce.mute': async (context, _state, request) => {
      const category = categoryOf(request);
      if (!category)
        return askCategory(
          context,
          'Which announcements should I stop sending you?',
          (c) => `stop announcements about ${c}`,
        );
      const result = await service.mute(actorOf(context), category);
      if (!result.ok) {
        await refused(context, result, false);
        return;
      }
      const { category: c, changed } = result.value;
      const note =
        c === 'policy'
          ? ' The CoE recommends keeping policy announcements on: you are still expected to follow current policy, which is always in the playbooks.'
          : '';
      const sentence = `${changed ? `Done: you will no longer receive announcements about ${c}.` : `Announcements about ${c} were already muted for you.`}${note} Say "resume announcements about ${c}" to get them again.`;
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: sentence,
        attachments: [
          CardFactory.adaptiveCard(
            card(
              [text(`Changed your mind?`, { isSubtle: true })],
              [commandButton(`Resume ${c} announcements`, `resume announcements about ${c}`)],
            ),
          ),
        ],
      });
    },
    'announce.unmute': async (context, _state, request) => {
      const category = categoryOf(request);
      if (!category)
        return askCategory(
          context,
          'Which announcements should I send you again?',
          (c) => `resume announcements about ${c}`,
        );
      const result = await service.unmute(actorOf(context), category);
      if (!result.ok) {
        await refused(context, result, false);
        return;
      }
      const { category: c, changed } = result.value;
      await context.sendActivity(
        changed
          ? `Done: you will receive announcements about ${c} again.`
          : `You were already receiving announcements about ${c}.`,
      );
    },
    'announce.subscribe-channel': (context, _state, request) => setChannel(context, request, true),
    'announce.unsubscribe-channel': (context, _state, request) => setChannel(context, request, false),
  };

  app.adaptiveCards.actionExecute<Record<string, unknown>>(/^announce\./, async (context, _state, data) => {
    const verb = String((context.activity.value as { action?: { verb?: string } } | undefined)?.action?.verb ?? '');
    const actor = actorOf(context);
    const handled = await handleVerb(context, verb, data ?? {}, actor);
    if (!handled)
      await respondWithCard(
        context,
        noticeCard('Not available', 'That action is not available any more. Say "announcements" to start again.', [
          commandButton('My announcements', 'announcements'),
        ]),
      );
    return '';
  });

  const handleVerb = async (
    context: TurnContext,
    verb: string,
    data: Record<string, unknown>,
    actor: Actor,
  ): Promise<boolean> => {
    const sendStatusCard = async (id: number): Promise<void> => {
      const status = await service.status(actor, id);
      if (!status.ok) return;
      const card = statusCard(status.value.announcement, status.value.counts, {
        audienceLabel: describeAudience(
          status.value.announcement,
          await audienceNames(deps.db, status.value.announcement),
        ),
        updatedAt: new Date(),
      });
      const activityId = await sendCard(context, card);
      if (activityId) await service.attachStatusCard(id, context.activity.conversation.id, activityId);
    };

    const respondWithPreview = async (id: number, errors?: string[]): Promise<void> => {
      const p = await service.preview(actor, id);
      if (!p.ok) {
        await refused(context, p, true);
        return;
      }
      const label = describeAudience(p.value.announcement, await audienceNames(deps.db, p.value.announcement));
      await respondWithCard(
        context,
        previewCard(p.value.announcement, {
          estimate: p.value.estimate,
          audienceLabel: label,
          errors,
          timeZone: context.activity.localTimezone,
        }),
      );
    };

    switch (verb) {
      case 'announce.new': {
        const result = await compose(context);
        if (!result.ok) await refused(context, result, true);
        else await respondWithCard(context, result.card);
        return true;
      }
      case 'announce.preview': {
        const ref =
          Number.isSafeInteger(idOf(data)) && idOf(data) > 0 ? { id: idOf(data), version: versionOf(data) } : undefined;
        const saved = await service.saveDraft(actor, data, ref);
        if (!saved.ok) {
          if (saved.code !== 'invalid') return refused(context, saved, true);
          const values = Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string')) as Record<
            string,
            string
          >;
          const again = await compose(context, { values, errors: saved.issues ?? [saved.message], draft: ref });
          if (again.ok) await respondWithCard(context, again.card);
          else await refused(context, again, true);
          return true;
        }
        const a = saved.value.announcement;
        const label = describeAudience(a, await audienceNames(deps.db, a));
        await sendCard(
          context,
          previewCard(a, {
            estimate: saved.value.estimate,
            audienceLabel: label,
            timeZone: context.activity.localTimezone,
          }),
        );
        await respondWithCard(
          context,
          noticeCard(`Draft #${a.id} saved`, 'The preview is below: send it now, schedule it, or edit it from there.'),
        );
        return true;
      }
      case 'announce.edit': {
        const draft = await service.draftForEdit(actor, idOf(data));
        if (!draft.ok) return refused(context, draft, true);
        const result = await compose(context, {
          values: inputToForm(draft.value),
          draft: { id: draft.value.id, version: draft.value.version },
        });
        if (result.ok) await respondWithCard(context, result.card);
        return true;
      }
      case 'announce.duplicate': {
        const copy = await service.duplicate(actor, idOf(data));
        if (!copy.ok) return refused(context, copy, true);
        const result = await compose(context, {
          values: inputToForm(copy.value),
          draft: { id: copy.value.id, version: copy.value.version },
        });
        if (result.ok) await respondWithCard(context, result.card);
        return true;
      }
      case 'announce.delete': {
        const deleted = await service.deleteDraft(actor, idOf(data));
        if (!deleted.ok) return refused(context, deleted, true);
        await respondWithCard(context, noticeCard(`Draft #${deleted.value.id} deleted`, 'It was never sent.'));
        return true;
      }
      case 'announce.send': {
        const sent = await service.sendNow(actor, idOf(data), versionOf(data));
        if (!sent.ok) return refused(context, sent, true);
        await sendStatusCard(sent.value.announcement.id);
        await respondWithCard(
          context,
          noticeCard(
            `Sending announcement #${sent.value.announcement.id}`,
            `It is on its way to ${sent.value.size.recipients.toLocaleString('en-US')} recipient${sent.value.size.recipients === 1 ? '' : 's'}. Follow the progress on the status card below.`,
          ),
        );
        return true;
      }
      case 'announce.schedule': {
        const id = idOf(data);
        const when = {
          date: typeof data.scheduleDate === 'string' ? data.scheduleDate : undefined,
          time: typeof data.scheduleTime === 'string' ? data.scheduleTime : undefined,
          timeZone: context.activity.localTimezone,
        };
        const scheduled = await service.schedule(actor, id, versionOf(data), when);
        if (!scheduled.ok) {
          if (scheduled.code === 'invalid') await respondWithPreview(id, [scheduled.message]);
          else await refused(context, scheduled, true);
          return true;
        }
        await sendStatusCard(id);
        await respondWithCard(
          context,
          noticeCard(
            `Announcement #${id} scheduled`,
            'Its status card is below; you can cancel it there until it goes out.',
          ),
        );
        return true;
      }
      case 'announce.cancel': {
        const cancelled = await service.cancel(actor, idOf(data));
        if (!cancelled.ok) return refused(context, cancelled, true);
        const status = await service.status(actor, cancelled.value.id);
        if (status.ok) {
          const label = describeAudience(
            status.value.announcement,
            await audienceNames(deps.db, status.value.announcement),
          );
          await respondWithCard(
            context,
            statusCard(status.value.announcement, status.value.counts, { audienceLabel: label, updatedAt: new Date() }),
          );
        }
        return true;
      }
      case 'announce.close': {
        if (!service.canAuthor(actor))
          return refused(context, { ok: false, code: 'forbidden', message: NOT_AN_AUTHOR }, true);
        const id = idOf(data);
        const kept = Number.isSafeInteger(id) && id > 0;
        await respondWithCard(
          context,
          noticeCard(
            'Not sent',
            kept ? `Draft #${id} is kept. Say "announcements" to edit, duplicate or delete it.` : 'Nothing was saved.',
            kept ? [commandButton('My announcements', 'announcements')] : [],
          ),
        );
        return true;
      }
      case 'announce.status': {
        const status = await service.status(actor, idOf(data));
        if (!status.ok) return refused(context, status, true);
        const label = describeAudience(
          status.value.announcement,
          await audienceNames(deps.db, status.value.announcement),
        );
        await respondWithCard(
          context,
          statusCard(status.value.announcement, status.value.counts, { audienceLabel: label, updatedAt: new Date() }),
        );
        return true;
      }
      case 'announce.export': {
        const exported = await service.exportCsv(actor, idOf(data));
        if (!exported.ok) return refused(context, exported, true);
        const { csv, fileName, rows } = exported.value;
        if (Buffer.byteLength(csv) <= MAX_INLINE_CSV_BYTES) {
          await context.sendActivity({
            type: ActivityTypes.Message,
            text: `Delivery report: ${rows} recipient${rows === 1 ? '' : 's'}.`,
            attachments: [
              {
                contentType: 'text/csv',
                name: fileName,
                contentUrl: `data:text/csv;base64,${Buffer.from(csv).toString('base64')}`,
              },
            ],
          });
        } else {
          await context.sendActivity(
            `The delivery report has ${rows.toLocaleString('en-US')} rows, too many for a Teams message. Download it with the announcements API: GET /api/announcements/${idOf(data)}/deliveries.csv (bearer token COE_API_TOKEN).`,
          );
        }
        await respondWithMessage(context, `Exported ${rows} row${rows === 1 ? '' : 's'}.`);
        return true;
      }
      case 'announce.list': {
        const list = await service.list(actor);
        if (!list.ok) return refused(context, list, true);
        await respondWithCard(context, announcementListCard(list.value.items, { showAuthors: list.value.showAuthors }));
        return true;
      }
      case 'announce.ack': {
        const ack = await service.acknowledge(actor, idOf(data));
        if (!ack.ok) return refused(context, ack, true);
        const card = announcementCard(ack.value.announcement, { acknowledgedAt: ack.value.at });
        if (conversationKind(context) === 'personal' && context.activity.replyToId) {
          await context
            .updateActivity({
              type: ActivityTypes.Message,
              id: context.activity.replyToId,
              attachments: [CardFactory.adaptiveCard(card)],
            })
            .catch((err: unknown) => {
              turnLogger(context, deps.logger).warn('could not replace the acknowledged announcement card', { err });
            });
        }
        await respondWithCard(context, card);
        return true;
      }
      default:
        return false;
    }
  };
  return handlers;
}
