import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Announcement } from '../../announcements/announcement';
import type { Actor } from '../../directory/actor';
import { announcementCard } from '../../announcements/announcement-card';
import { inputToForm } from '../../announcements/announcement-input';
import { NOT_AN_AUTHOR } from '../../announcements/announcement-access';
import { type Outcome, type Refusal, refuse } from '../../runtime/outcome';
import type { AnnouncementService } from '../../announcements/announcement-service';
import { ANNOUNCE_VERBS, type AnnounceVerb } from '../../announcements/announcement-verbs';
import { announcementListCard, noticeCard } from '../../announcements/author-cards';
import { composeCard } from '../../announcements/compose-card';
import { previewCard } from '../../announcements/preview-card';
import { type AdaptiveCard, commandButton } from '../../cards/card-kit';
import type { Logger } from '../../observability/logger';
import { conversationKind, turnLogger } from '../turn-helpers';
import { cardActivity } from '../card-activity';

/** Largest CSV sent inline in Teams; bigger exports point to the HTTP API. */
const MAX_INLINE_CSV_BYTES = 20_000;

/** One card action: who clicked, the card's data, and the turn to answer in. */
export interface VerbTurn {
  context: TurnContext;
  actor: Actor;
  data: Record<string, unknown>;
  /** The announcement the card is about (NaN when it names none). */
  id: number;
  version: number;
}

/** What the clicked card becomes: a replacement card, or a short message (or refusal) with the card left as it was. */
export type VerbReply = { card: AdaptiveCard } | { message: string } | { refusal: Refusal };

type VerbHandler = (turn: VerbTurn) => Promise<VerbReply>;

const refusal = (outcome: Refusal): VerbReply => ({ refusal: outcome });

/** Posts an announcement card as a new message whose chat-list preview and notification read its fallback text. */
export async function postCard(context: TurnContext, card: AdaptiveCard): Promise<string | undefined> {
  const summary = typeof card.fallbackText === 'string' ? card.fallbackText : undefined;
  return (await context.sendActivity(cardActivity(card, { summary })))?.id;
}

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** The card's string inputs (Adaptive Card inputs are strings), to put back into a form. */
const typedValues = (data: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string')) as Record<string, string>;

/** The draft a form card belongs to, when its data names one. */
const draftRefOf = ({ id, version }: VerbTurn) => (Number.isSafeInteger(id) && id > 0 ? { id, version } : undefined);

/**
 * Each announcement card verb and what it does, as a table: the route looks the verb up, runs it, and answers the
 * invoke with the reply. Messages that go beside the card (the preview, the status message, a CSV) are sent here.
 */
export function announcementVerbs(service: AnnouncementService, logger: Logger): Record<AnnounceVerb, VerbHandler> {
  const compose = async (
    actor: Actor,
    extra: { values?: Record<string, string>; errors?: string[]; draft?: { id: number; version: number } } = {},
  ): Promise<VerbReply> => {
    const options = await service.composeOptions(actor);
    return options.ok ? { card: composeCard({ ...options.value, ...extra }) } : refusal(options);
  };

  /** The compose form filled with a draft (to edit it, or a fresh copy). */
  const composeFrom = async (actor: Actor, draft: Outcome<Announcement>) =>
    draft.ok
      ? compose(actor, {
          values: inputToForm(draft.value),
          draft: { id: draft.value.id, version: draft.value.version },
        })
      : refusal(draft);

  /** Posts the author's one status message of a send; the worker keeps it current in place. */
  const postStatus = async ({ context, actor }: VerbTurn, id: number): Promise<void> => {
    const status = await service.reports.statusCard(actor, id);
    if (!status.ok) return;
    const activityId = await postCard(context, status.value);
    if (activityId) await service.attachStatusCard(id, context.activity.conversation.id, activityId);
  };

  const previewReply = async (turn: VerbTurn, errors?: string[]): Promise<VerbReply> => {
    const p = await service.preview(turn.actor, turn.id);
    if (!p.ok) return refusal(p);
    const { announcement, estimate, audienceLabel } = p.value;
    const timeZone = turn.context.activity.localTimezone;
    return { card: previewCard(announcement, { estimate, audienceLabel, errors, timeZone }) };
  };

  const statusReply = async ({ actor }: VerbTurn, id: number): Promise<VerbReply> => {
    const status = await service.reports.statusCard(actor, id);
    return status.ok ? { card: status.value } : refusal(status);
  };

  return {
    [ANNOUNCE_VERBS.new]: ({ actor }) => compose(actor),
    [ANNOUNCE_VERBS.audience]: (turn) =>
      compose(turn.actor, { values: typedValues(turn.data), draft: draftRefOf(turn) }),
    [ANNOUNCE_VERBS.preview]: async (turn) => {
      const { context, actor, data } = turn;
      const ref = draftRefOf(turn);
      const saved = await service.saveDraft(actor, data, ref);
      if (!saved.ok)
        return saved.code === 'invalid'
          ? compose(actor, { values: typedValues(data), errors: saved.issues ?? [saved.message], draft: ref })
          : refusal(saved);
      const { announcement: a, estimate, audienceLabel } = saved.value;
      const timeZone = context.activity.localTimezone;
      await postCard(context, previewCard(a, { estimate, audienceLabel, timeZone }));
      return {
        card: noticeCard(
          `Draft #${a.id} saved`,
          'The preview is below: send it now, schedule it, or edit it from there.',
        ),
      };
    },
    [ANNOUNCE_VERBS.edit]: async ({ actor, id }) => composeFrom(actor, await service.draftForEdit(actor, id)),
    [ANNOUNCE_VERBS.duplicate]: async ({ actor, id }) => composeFrom(actor, await service.duplicate(actor, id)),
    [ANNOUNCE_VERBS.delete]: async ({ actor, id }) => {
      const deleted = await service.deleteDraft(actor, id);
      return deleted.ok
        ? { card: noticeCard(`Draft #${deleted.value.id} deleted`, 'It was never sent.') }
        : refusal(deleted);
    },
    [ANNOUNCE_VERBS.send]: async (turn) => {
      const sent = await service.sendNow(turn.actor, turn.id, turn.version);
      if (!sent.ok) return refusal(sent);
      const { announcement, size } = sent.value;
      await postStatus(turn, announcement.id);
      return {
        card: noticeCard(
          `Sending announcement #${announcement.id}`,
          `It is on its way to ${plural(size.recipients, 'recipient')}. The status message below shows how it goes.`,
        ),
      };
    },
    [ANNOUNCE_VERBS.schedule]: async (turn) => {
      const { context, actor, data, id } = turn;
      const when = {
        date: typeof data.scheduleDate === 'string' ? data.scheduleDate : undefined,
        time: typeof data.scheduleTime === 'string' ? data.scheduleTime : undefined,
        timeZone: context.activity.localTimezone,
      };
      const scheduled = await service.schedule(actor, id, turn.version, when);
      if (!scheduled.ok)
        return scheduled.code === 'invalid' ? previewReply(turn, [scheduled.message]) : refusal(scheduled);
      await postStatus(turn, id);
      return {
        card: noticeCard(
          `Announcement #${id} scheduled`,
          'Its status message is below; you can cancel it there until it goes out.',
        ),
      };
    },
    [ANNOUNCE_VERBS.cancel]: async (turn) => {
      const cancelled = await service.cancel(turn.actor, turn.id);
      return cancelled.ok ? statusReply(turn, cancelled.value.id) : refusal(cancelled);
    },
    [ANNOUNCE_VERBS.close]: async ({ actor, id }) => {
      if (!service.canAuthor(actor)) return refusal(refuse('forbidden', NOT_AN_AUTHOR));
      const kept = Number.isSafeInteger(id) && id > 0;
      return {
        card: noticeCard(
          'Not sent',
          kept ? `Draft #${id} is kept. Say "announcements" to edit, duplicate or delete it.` : 'Nothing was saved.',
          kept ? [commandButton('My announcements', 'announcements')] : [],
        ),
      };
    },
    [ANNOUNCE_VERBS.status]: (turn) => statusReply(turn, turn.id),
    [ANNOUNCE_VERBS.export]: async ({ context, actor, id }) => {
      const exported = await service.exportCsv(actor, id);
      if (!exported.ok) return refusal(exported);
      const { csv, fileName, rows } = exported.value;
      if (Buffer.byteLength(csv) <= MAX_INLINE_CSV_BYTES) {
        const contentUrl = `data:text/csv;base64,${Buffer.from(csv).toString('base64')}`;
        await context.sendActivity({
          type: ActivityTypes.Message,
          text: `Delivery report: ${plural(rows, 'recipient')}.`,
          attachments: [{ contentType: 'text/csv', name: fileName, contentUrl }],
        });
      } else {
        await context.sendActivity(
          `The delivery report has ${rows.toLocaleString('en-US')} rows, too many for a Teams message. Download it with the announcements API: GET /api/announcements/${id}/deliveries.csv (bearer token COE_API_TOKEN).`,
        );
      }
      return { message: `Exported ${plural(rows, 'row')}.` };
    },
    [ANNOUNCE_VERBS.list]: async ({ actor }) => {
      const list = await service.list(actor);
      return list.ok
        ? { card: announcementListCard(list.value.items, { showAuthors: list.value.showAuthors }) }
        : refusal(list);
    },
    [ANNOUNCE_VERBS.ack]: async ({ context, actor, id }) => {
      const ack = await service.acknowledge(actor, id);
      if (!ack.ok) return refusal(ack);
      const kind = conversationKind(context);
      const place = kind === 'channel' ? 'channel' : 'chat';
      const card = announcementCard(ack.value.announcement, { acknowledgedAt: ack.value.at, place });
      if (kind === 'personal' && context.activity.replyToId) {
        await context
          .updateActivity({ ...cardActivity(card), id: context.activity.replyToId })
          .catch((err: unknown) => {
            turnLogger(context, logger).warn('could not replace the acknowledged announcement card', { err });
          });
      }
      return { card };
    },
  };
}
