import { type Activity, ActivityTypes } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import type { Answer, KnowledgeService } from '../../knowledge/knowledge-service';
import { ANSWER_INPUT_ID, ESCALATION_VERBS, QUESTION_MAX_LENGTH } from '../../knowledge/cards/escalation-verbs';
import {
  escalationAnsweredCard,
  expertAnswerForAskerCard,
  notCoveredCard,
} from '../../knowledge/cards/escalation-cards';
import type { AskTheCoe } from '../../knowledge/escalation/ask-the-coe';
import type { AnswerLog } from '../../knowledge/feedback/answer-log';
import type { FeedbackInput } from '../../knowledge/feedback/feedback-store';
import type { KnowledgeGap } from '../../knowledge/feedback/knowledge-gaps';
import type { AuditLog } from '../../store/audit-log';
import { card, commandButton, executeButton, heading, md, text } from '../../cards/card-kit';
import { KNOWLEDGE_QUESTION } from '../../intents/intent';
import { offerCard } from '../cards/intent-cards';
import { HOUR_MS, MemoryRateLimit, waitPhrase } from '../../store/rate-limits';
import type { IntentHandler, IntentHandlers } from '../teams-app';
import type { TeamsDeps } from '../teams-deps';
import { actorOf } from '../actor-of';
import { conversationKind, turnLogger } from '../turn-helpers';
import { replyWithRefusal } from '../refusal-reply';
import { AnswerStream } from '../streaming/answer-stream';
import { sendCard } from './core-routes';
import { registerKnowledgeGapRoutes } from './knowledge-gap-routes';
import { cardActivity } from '../card-activity';

/** Teams "AI answer" entity: numbered citations (Claims) and, for model output, the AI-generated label. */
export function answerEntity(answer: Answer): Record<string, unknown> {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    ...(answer.generatedByModel ? { additionalType: ['AIGeneratedContent'] } : {}),
    citation: answer.citations.map((c) => ({
      '@type': 'Claim',
      position: c.index,
      appearance: {
        '@type': 'DigitalDocument',
        name: c.title.slice(0, 80),
        ...(c.url ? { url: c.url } : {}),
        abstract: [c.section, c.page ? `page ${c.page}` : undefined, c.snippet]
          .filter(Boolean)
          .join(' · ')
          .slice(0, 160),
      },
    })),
  };
}

/** The message activity for a grounded answer: markdown text with [n] markers, citations, feedback buttons. */
export function answerActivity(answer: Answer): Partial<Activity> {
  const note = answer.note ? `\n\n_${answer.note}_` : '';
  return {
    type: ActivityTypes.Message,
    text: answer.text + note,
    textFormat: 'markdown',
    entities: [answerEntity(answer) as never],
    channelData: { feedbackLoopEnabled: true },
  };
}

const escalationDataSchema = z.object({ escalationId: z.string().uuid() }).passthrough();
const createDataSchema = z.object({ question: z.string().trim().min(1).max(QUESTION_MAX_LENGTH) }).passthrough();

/**
 * Answers a free-text question from the playbooks (with a button that starts the process it asks about), or says
 * plainly that they do not cover it and offers "Ask the CoE". With a model in a 1:1 chat the answer streams (an
 * informative update while searching, the text as it is written, then the final message with citations); group
 * chats and channels get the final message only.
 */
function answerQuestion(deps: TeamsDeps, knowledge: KnowledgeService, answers: AnswerLog): IntentHandler {
  // Counted per instance in memory: a question turn does no database work of its own (see src/store/rate-limits.ts).
  const questionLimit = new MemoryRateLimit(deps.org.rateLimits.questionsPerHour, HOUR_MS);
  return async (context, _state, { text: question, offer }) => {
    const caller = actorOf(context);
    const log = turnLogger(context, deps.logger);
    const over = questionLimit.take(caller.aadObjectId ?? caller.userId, new Date());
    if (over) {
      log.info('question refused by the rate limit', { count: over.count });
      await context.sendActivity(
        `You have asked me ${over.count} questions in the last hour; please wait ${waitPhrase(over.waitMs)} before asking another. If something is urgent, ask the CoE team directly.`,
      );
      return;
    }
    const stream = deps.env.openAi && conversationKind(context) === 'personal' ? new AnswerStream(context) : undefined;
    if (stream) stream.informative('Searching the CoE playbooks…');
    else if (deps.env.openAi) await context.sendActivity({ type: ActivityTypes.Typing });
    let answer: Answer;
    try {
      answer = await knowledge.ask(question, {
        userGroups: deps.directory.groupsOf(caller.aadObjectId),
        userId: caller.aadObjectId,
        onText: stream ? (t) => stream.update(t) : undefined,
      });
    } catch (err) {
      // A started stream always gets its final message; the turn's error handler reports the failure otherwise.
      if (!stream) throw err;
      log.error('question could not be answered', { err });
      await stream.final({
        type: ActivityTypes.Message,
        text: "Sorry, I couldn't look that up just now. Please try again in a moment.",
      });
      return;
    }
    log.info('question answered', {
      grounded: answer.grounded,
      citations: answer.citations.length,
      model: answer.generatedByModel,
      streamed: stream ? stream.updates : 0,
      offer,
    });
    const offered = offer ? deps.intents.registry.get(offer) : undefined;
    const reply = async (activity: Partial<Activity>): Promise<string | undefined> =>
      stream ? stream.final(activity) : (await context.sendActivity(activity))?.id;
    if (!answer.grounded) {
      // Another team's service (leave, passwords, parking) or no question at all: say so; the CoE experts cannot help.
      if (answer.refusal === 'out-of-remit' || answer.refusal === 'off-topic')
        await reply({ type: ActivityTypes.Message, text: answer.text });
      else await reply(cardActivity(notCoveredCard({ question, text: answer.text })));
    } else {
      const sent = await reply(answerActivity(answer));
      log.debug('answer sent', { activityId: sent });
      if (sent)
        answers.record({
          conversationId: context.activity.conversation.id,
          activityId: sent,
          userId: caller.aadObjectId,
          question,
          answer,
        });
    }
    if (offered) await sendCard(context, offerCard(offered));
  };
}

/** Answer feedback and the knowledge-gap report, bound to their store by the knowledge module. */
export interface KnowledgeFeedback {
  record(input: FeedbackInput): Promise<number>;
  gaps(limit: number, options?: { includeHandled?: boolean }): Promise<KnowledgeGap[]>;
  /** Gap questions already passed to the experts (an open escalation). */
  withExperts(): Promise<Set<string>>;
}

/** Feedback, "Ask the CoE" escalations and the admins' knowledge-gap report. */
export function knowledgeRoutes(
  knowledge: KnowledgeService,
  askTheCoe: AskTheCoe,
  answers: AnswerLog,
  { feedback: feedbackStore, audit }: { feedback: KnowledgeFeedback; audit: AuditLog },
) {
  return (app: Application<TurnState>, deps: TeamsDeps): IntentHandlers => {
    const gaps = registerKnowledgeGapRoutes(app, deps, askTheCoe, { feedback: feedbackStore, audit });
    app.feedbackLoop(async (context, _state, data) => {
      const conversationId = context.activity.conversation.id;
      // Teams names the message in replyToId; a client that does not (the Agents Playground) rates the newest answer.
      const remembered = data.replyToId
        ? await answers.find(conversationId, data.replyToId)
        : await answers.latest(conversationId);
      const feedback = data.actionValue.feedback;
      const comment =
        typeof feedback === 'string'
          ? feedback
          : typeof feedback === 'object' && feedback
            ? String((feedback as Record<string, unknown>).feedbackText ?? '')
            : '';
      await feedbackStore.record({
        reaction: data.actionValue.reaction,
        comment: comment.trim() || undefined,
        question: remembered?.question ?? '(question not remembered)',
        answerText: remembered?.answerText ?? '',
        citations: remembered?.citations ?? [],
        grounded: remembered?.grounded,
        userId: actorOf(context).aadObjectId,
      });
      turnLogger(context, deps.logger).info('feedback recorded', {
        reaction: data.actionValue.reaction,
        known: Boolean(remembered),
        replyToId: data.replyToId,
      });
    });

    app.adaptiveCards.actionExecute(ESCALATION_VERBS.create, async (context, _state, data) => {
      const parsed = createDataSchema.safeParse(data);
      if (!parsed.success) return 'That question could not be read. Please ask it again in the chat.';
      const caller = actorOf(context);
      const experts = deps.org.channels.experts;
      if (!experts)
        return 'No CoE experts channel is configured yet, so I cannot pass your question on. Please tell the CoE team.';
      // Stored with its outbox entry in one transaction; if the channel post fails, the worker posts it later.
      const asked = await askTheCoe.ask({
        askerId: caller.aadObjectId ?? caller.userId,
        askerName: caller.name,
        askerConversationId: context.activity.conversation.id,
        question: parsed.data.question,
      });
      if (!asked.ok) return replyWithRefusal(context, asked, deps.logger, 'escalation');
      return card([
        heading('Sent to the CoE experts'),
        text(`"${parsed.data.question}"`),
        text('You will get their answer here in this chat.', { isSubtle: true }),
      ]);
    });

    app.adaptiveCards.actionExecute(ESCALATION_VERBS.answer, async (context, _state, data) => {
      const parsed = escalationDataSchema.safeParse(data);
      const caller = actorOf(context);
      if (!parsed.success) return 'This card is out of date. Please use the newest question card.';
      if (!deps.directory.isExpert(caller.aadObjectId)) return 'Only CoE experts can answer these questions.';
      const answerText = String((data as Record<string, unknown>)[ANSWER_INPUT_ID] ?? '').trim();
      if (!answerText) return 'Please write an answer before sending.';
      const answered = await askTheCoe.answerEscalation(parsed.data.escalationId, {
        expertId: caller.aadObjectId ?? caller.userId,
        expertName: caller.name,
        answer: answerText,
      });
      if (!answered.ok) return replyWithRefusal(context, answered, deps.logger, 'escalation answer');
      const e = answered.value;
      await deps.gateway.send(
        e.askerConversationId,
        cardActivity(expertAnswerForAskerCard({ question: e.question, answer: answerText, expertName: caller.name })),
      );
      await audit.append({
        actorId: caller.aadObjectId,
        actorName: caller.name,
        subjectType: 'escalation',
        subjectId: e.id,
        action: 'answered',
        comment: answerText,
      });
      return escalationAnsweredCard({
        escalationId: e.id,
        question: e.question,
        askerName: e.askerName,
        answer: answerText,
        expertName: caller.name,
      });
    });

    app.adaptiveCards.actionExecute(ESCALATION_VERBS.addToKnowledgeBase, async (context, _state, data) => {
      const parsed = escalationDataSchema.safeParse(data);
      const caller = actorOf(context);
      if (!parsed.success) return 'This card is out of date.';
      if (!deps.directory.isExpert(caller.aadObjectId))
        return 'Only CoE experts can add answers to the knowledge base.';
      const added = await askTheCoe.addAnswerToKnowledgeBase(
        parsed.data.escalationId,
        caller.aadObjectId ?? caller.userId,
      );
      if (!added.ok) return replyWithRefusal(context, added, deps.logger, 'add to knowledge base');
      const e = added.value;
      await audit.append({
        actorId: caller.aadObjectId,
        actorName: caller.name,
        subjectType: 'escalation',
        subjectId: e.id,
        action: 'added-to-knowledge-base',
      });
      return escalationAnsweredCard({
        escalationId: e.id,
        question: e.question,
        askerName: e.askerName,
        answer: e.answer ?? '',
        expertName: e.expertName ?? '',
        addedToKnowledgeBase: true,
      });
    });

    return {
      [KNOWLEDGE_QUESTION]: answerQuestion(deps, knowledge, answers),
      'knowledge.ask-coe': async (context, _state, { slots }) => {
        const question = typeof slots.question === 'string' ? slots.question : undefined;
        if (question) {
          await sendCard(
            context,
            card(
              [text(md`Shall I send this to the CoE experts? "${question}"`)],
              [executeButton('Ask the CoE', ESCALATION_VERBS.create, { question }, { style: 'positive' })],
            ),
          );
          return;
        }
        await sendCard(
          context,
          card(
            [
              text(
                'Type your question and I will answer it from the CoE playbooks. If they do not cover it, a button under my reply sends it to the CoE experts, and their answer comes back here.',
              ),
            ],
            [commandButton('Which models are approved?', 'Which models are approved?')],
          ),
        );
      },
      'knowledge.feedback': async (context) => {
        await sendCard(
          context,
          card(
            [
              text(
                'Thank you. To rate an answer, use the thumbs up or down under it: the CoE reviews every rating and comment, and unanswered questions become new playbook content.',
              ),
              text('For anything else, the CoE experts read every question sent to them.', { isSubtle: true }),
            ],
            [commandButton('Ask the CoE', 'ask the CoE')],
          ),
        );
      },
      'knowledge.gaps': gaps,
    };
  };
}
