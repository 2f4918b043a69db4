import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { codeBlock } from '../../cards/card-kit';
import type { AskTheCoe } from '../../knowledge/escalation/ask-the-coe';
import { GAP_ACTIONS, GAP_SUBJECT, knowledgeGapsToCsv } from '../../knowledge/feedback/knowledge-gaps';
import type { AuditLog } from '../../store/audit-log';
import { GAP_VERBS, type GapFeedback, knowledgeGapsCard } from '../../knowledge/feedback/knowledge-gaps-card';
import { refusalText } from '../../runtime/outcome';
import type { IntentHandler } from '../teams-app';
import type { TeamsDeps } from '../teams-deps';
import type { KnowledgeFeedback } from './knowledge-routes';
import { actorOf } from '../actor-of';
import { turnLogger } from '../turn-helpers';
import { sendCard } from './core-routes';

const ADMINS_ONLY = 'The knowledge-gap report is for CoE admins.';
const GAPS_LISTED = 15;
const gapDataSchema = z.object({ key: z.string().min(1).max(2000) }).strict();

/** The gap card as it is now, with what the last click did. */
async function currentCard(store: KnowledgeFeedback, feedback?: GapFeedback, csvOffered = true) {
  const [gaps, withExperts] = await Promise.all([
    store.gaps(GAPS_LISTED * 2, { includeHandled: true }),
    store.withExperts(),
  ]);
  return knowledgeGapsCard(
    gaps.filter((g) => !g.handled),
    { withExperts, feedback, csvOffered, answered: gaps.filter((g) => g.handled === 'answered') },
  );
}

/**
 * "knowledge gaps" for CoE admins and the gap card's buttons: Answer passes the question to the CoE experts (Ask the
 * CoE, asked by the admin, so the answer comes back to their chat), Add to playbooks and Dismiss are audited and
 * take the gap off the list. Each click answers with the card brought up to date and a line saying what happened.
 */
export function registerKnowledgeGapRoutes(
  app: Application<TurnState>,
  deps: TeamsDeps,
  askTheCoe: AskTheCoe,
  { feedback: store, audit }: { feedback: KnowledgeFeedback; audit: AuditLog },
): IntentHandler {
  const isAdmin = (context: TurnContext) => deps.directory.isAdmin(actorOf(context).aadObjectId);

  /** The gap a click names, looked up again (the card data carries only its key). */
  const gapOf = async (data: unknown) => {
    const parsed = gapDataSchema.safeParse(data);
    if (!parsed.success) return undefined;
    const all = await store.gaps(1000, { includeHandled: true });
    return all.find((g) => g.normalizedQuestion === parsed.data.key);
  };

  app.adaptiveCards.actionExecute(GAP_VERBS.answer, async (context, _state, data) => {
    if (!isAdmin(context)) return ADMINS_ONLY;
    const gap = await gapOf(data);
    if (!gap) return currentCard(store, { tone: 'warning', text: 'That question is no longer in the report.' });
    if ((await store.withExperts()).has(gap.normalizedQuestion))
      return currentCard(store, { tone: 'warning', text: `"${gap.question}" is already with the CoE experts.` });
    if (!deps.org.channels.experts)
      return currentCard(store, {
        tone: 'warning',
        text: 'No CoE experts channel is configured yet, so I cannot pass the question on.',
      });
    const caller = actorOf(context);
    const asked = await askTheCoe.ask({
      askerId: caller.aadObjectId ?? caller.userId,
      askerName: caller.name,
      askerConversationId: context.activity.conversation.id,
      question: gap.question,
    });
    if (!asked.ok) return currentCard(store, { tone: 'warning', text: refusalText(asked) });
    turnLogger(context, deps.logger).info('knowledge gap sent to the experts', { escalationId: asked.value.id });
    return currentCard(store, {
      tone: 'good',
      text: `Sent to the CoE experts: "${gap.question}". Their answer will come to this chat, and the question leaves this list once answered.`,
    });
  });

  for (const [verb, action, done] of [
    [GAP_VERBS.playbooks, GAP_ACTIONS.playbooks, 'is on the playbook backlog'],
    [GAP_VERBS.dismiss, GAP_ACTIONS.dismissed, 'was dismissed'],
  ] as const) {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      if (!isAdmin(context)) return ADMINS_ONLY;
      const gap = await gapOf(data);
      if (!gap) return currentCard(store, { tone: 'warning', text: 'That question is no longer in the report.' });
      const caller = actorOf(context);
      await audit.append({
        actorId: caller.aadObjectId,
        actorName: caller.name,
        subjectType: GAP_SUBJECT,
        subjectId: gap.normalizedQuestion,
        action,
        comment: gap.question,
      });
      return currentCard(store, {
        tone: 'good',
        text: `"${gap.question}" ${done}. It comes back here if someone asks it again.`,
      });
    });
  }

  return async (context, _state, { slots }) => {
    if (!isAdmin(context)) return void (await context.sendActivity(ADMINS_ONLY));
    const gaps = await store.gaps(GAPS_LISTED, { includeHandled: true });
    if (gaps.length === 0) return void (await context.sendActivity('No unanswered or thumbs-down questions so far.'));
    await sendCard(context, await currentCard(store, undefined, !slots.csv));
    if (slots.csv) await context.sendActivity(codeBlock(knowledgeGapsToCsv(gaps).replace(/\r?\n$/, ''), 'csv'));
  };
}
