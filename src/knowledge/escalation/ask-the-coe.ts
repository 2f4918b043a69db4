import type { Database } from '../../store/database';
import type { KnowledgeService } from '../knowledge-service';
import { EscalationFollowUp, type EscalationFollowUpOptions } from './escalation-follow-up';
import type { Outcome } from '../../runtime/outcome';
import { EscalationStore, type Escalation, refuseToAdd } from './escalation-store';

/** The knowledge-base source under which an expert answer is stored. */
export const expertAnswerSource = (escalationId: string): string => `expert-answers/${escalationId}`;

/** Writes an expert's answer as a small Markdown document: the question as title, the answer as body. */
export function expertAnswerMarkdown(e: Pick<Escalation, 'question' | 'answer' | 'expertName' | 'answeredAt'>): string {
  const when = e.answeredAt ? ` on ${e.answeredAt.toISOString().slice(0, 10)}` : '';
  return `# ${e.question.replace(/\s+/g, ' ').trim()}\n\n${(e.answer ?? '').trim()}\n\nAnswered by ${e.expertName ?? 'a CoE expert'}${when}.\n`;
}

/**
 * "Ask the CoE": questions the knowledge base could not answer go to the experts' channel; the
 * first expert answer goes back to the asker; an answer can then be added to the knowledge base, so
 * the next person asking gets it directly.
 */
export class AskTheCoe {
  readonly escalations: EscalationStore;
  /** Passes questions on to the experts' channel through the outbox (when the bot runs with a channel poster). */
  readonly followUp?: EscalationFollowUp;

  constructor(
    db: Database,
    private readonly knowledge: KnowledgeService,
    delivery?: Omit<EscalationFollowUpOptions, 'db' | 'store'>,
  ) {
    this.escalations = new EscalationStore(db);
    if (delivery) this.followUp = new EscalationFollowUp({ ...delivery, db, store: this.escalations });
  }

  /**
   * Stores a question for the experts with its audit event and outbox entry in one transaction, then posts it to
   * the experts' channel; a failed post is retried by the worker (`runPendingPosts`).
   */
  ask(input: {
    askerId: string;
    askerName: string;
    askerConversationId: string;
    question: string;
  }): Promise<Outcome<Escalation>> {
    if (!this.followUp) throw new Error('Ask the CoE was built without a way to reach the experts channel.');
    return this.followUp.ask(input);
  }

  /** Posts questions whose post failed or was interrupted; the worker calls it. */
  runPendingPosts(now: Date): Promise<number> {
    return this.followUp ? this.followUp.runPending(now) : Promise.resolve(0);
  }

  /** Records a question for the experts (no post); returns the escalation id. */
  createEscalation(input: {
    askerId: string;
    askerName: string;
    askerConversationId: string;
    question: string;
  }): Promise<Outcome<string>> {
    return this.escalations.create(input);
  }

  /** Stores the first expert answer; a second answer is refused with a plain message. */
  answerEscalation(
    id: string,
    input: { expertId: string; expertName: string; answer: string },
  ): Promise<Outcome<Escalation>> {
    return this.escalations.answer(id, input);
  }

  /**
   * Adds an answered escalation to the knowledge base (source `expert-answers/<id>`, titled with the
   * question) and re-indexes, so the next ask finds it. Refused when unanswered or already added. The
   * document is written first (replacing is idempotent), so a failure never leaves it marked but missing.
   */
  async addAnswerToKnowledgeBase(id: string, byId: string): Promise<Outcome<Escalation>> {
    const e = await this.escalations.get(id);
    const refusal = refuseToAdd(e);
    if (refusal || !e) return refusal!;
    const source = expertAnswerSource(id);
    await this.knowledge.addDocument({
      source,
      title: e.question.replace(/\s+/g, ' ').trim().slice(0, 300),
      markdown: expertAnswerMarkdown(e),
      kind: 'expert-answer',
      meta: { escalationId: id, expertId: e.expertId, expertName: e.expertName, addedBy: byId },
    });
    return this.escalations.markAddedToKnowledgeBase(id, byId, source);
  }
}
