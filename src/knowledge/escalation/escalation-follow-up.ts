import type { AdaptiveCard } from '../../cards/card-kit';
import type { Logger } from '../../observability/logger';
import type { AuditLog } from '../../store/audit-log';
import type { Database } from '../../store/database';
import { Outbox, type OutboxEntry } from '../../store/outbox';
import { HOUR_MS, overLimit, waitPhrase } from '../../store/rate-limits';
import { expertQuestionCard } from '../cards/escalation-cards';
import { type Outcome, ok, refuse } from '../../runtime/outcome';
import type { EscalationStore, Escalation } from './escalation-store';

/** Posts a card to the CoE experts' channel (the Teams layer implements it); throws when the post failed. */
export type PostToExperts = (card: AdaptiveCard) => Promise<void>;

export interface EscalationFollowUpOptions {
  db: Database;
  store: EscalationStore;
  audit: AuditLog;
  /** Undefined while no experts channel is configured: entries then wait in the outbox. */
  postToExperts?: PostToExperts;
  logger: Logger;
  /** At most this many questions per person per hour reach the experts (config `rateLimits.escalationsPerHour`; 0: no limit). */
  perHour?: number;
  now?: () => Date;
}

const TOPIC = 'escalation.asked';

/**
 * "Ask the CoE" through the transactional outbox: the escalation, its audit event and the outbox entry that will post
 * it to the experts' channel are written in one transaction. The post is tried right after the commit; if it fails
 * (connector down, process stopping), any instance's worker posts it later, so no question is lost and the channel
 * gets it once (the post is a recorded step of the entry).
 */
export class EscalationFollowUp {
  private readonly outbox: Outbox;
  private readonly now: () => Date;

  constructor(private readonly options: EscalationFollowUpOptions) {
    this.now = options.now ?? (() => new Date());
    this.outbox = new Outbox(options.db, { clock: this.now });
  }

  /**
   * Stores the question for the experts and passes it on; returns it once stored, whether or not the post worked yet.
   * A person over the hourly limit is refused with a sentence saying how long to wait; nothing is stored.
   */
  async ask(input: {
    askerId: string;
    askerName: string;
    askerConversationId: string;
    question: string;
  }): Promise<Outcome<Escalation>> {
    const { store, audit, db } = this.options;
    const stored = await db.transaction(async (tx): Promise<Outcome<{ escalation: Escalation; entryId: number }>> => {
      const limit = this.options.perHour ?? 0;
      const now = this.now();
      const over =
        limit > 0
          ? overLimit(await store.recentBy(input.askerId, new Date(now.getTime() - HOUR_MS), tx), limit, HOUR_MS, now)
          : undefined;
      if (over) {
        return refuse(
          'rate-limited',
          `You have asked the CoE experts ${over.count} times in the last hour; please wait ${waitPhrase(over.waitMs)} before asking them again. Your earlier questions are with them, and their answers will come to this chat.`,
        );
      }
      const created = await store.create(input, tx);
      if (!created.ok) return created;
      const id = created.value;
      const stored = (await store.get(id, tx))!;
      await audit.append(
        {
          actorId: input.askerId,
          actorName: input.askerName,
          subjectType: 'escalation',
          subjectId: id,
          action: 'asked',
          comment: stored.question,
        },
        tx,
      );
      return ok({
        escalation: stored,
        entryId: await this.outbox.enqueue(tx, TOPIC, { escalationId: id }, this.now()),
      });
    });
    if (!stored.ok) return stored;
    await this.carryOut(stored.value.entryId);
    return ok(stored.value.escalation);
  }

  /** Posts escalations whose post failed or whose process died before posting (entries older than `olderThanMs`). */
  async runPending(now: Date, olderThanMs = 30_000): Promise<number> {
    let handled = await this.adoptUnposted(now, olderThanMs);
    while (handled < 20) {
      const [entry] = await this.outbox.claimDue(now, olderThanMs, 1, 'escalation.');
      if (!entry) break;
      this.options.logger.warn('posting an "Ask the CoE" question that did not reach the experts channel yet', {
        effectId: entry.id,
        attempts: entry.attempts,
      });
      await this.perform(entry);
      handled++;
    }
    return handled;
  }

  /**
   * Escalations stored before they went through the outbox, whose post failed: the old code wrote the "asked" audit
   * event only after a successful post, so an open escalation without one never reached the experts. Each is given
   * its audit event and an outbox entry in one transaction (the row lock keeps two instances from adopting it twice).
   */
  private async adoptUnposted(now: Date, olderThanMs: number): Promise<number> {
    const { db, store, audit } = this.options;
    const ids = await store.listOpenWithoutAskedEvent(new Date(now.getTime() - olderThanMs), 20);
    let adopted = 0;
    for (const id of ids) {
      const entryId = await db.transaction(async (tx) => {
        const e = await store.lockOpenWithoutAskedEvent(id, tx);
        if (!e) return undefined;
        await audit.append(
          {
            actorId: e.askerId,
            actorName: e.askerName,
            subjectType: 'escalation',
            subjectId: e.id,
            action: 'asked',
            comment: e.question,
            details: { recovered: true },
          },
          tx,
        );
        return this.outbox.enqueue(tx, TOPIC, { escalationId: e.id }, now);
      });
      if (entryId === undefined) continue;
      this.options.logger.warn('an "Ask the CoE" question never reached the experts channel; posting it now', {
        escalationId: id,
      });
      await this.carryOut(entryId);
      adopted++;
    }
    return adopted;
  }

  private async carryOut(entryId: number): Promise<void> {
    try {
      const entry = await this.outbox.claim(entryId, this.now());
      if (entry) await this.perform(entry);
    } catch (err) {
      this.options.logger.warn('posting an "Ask the CoE" question failed; the worker will retry it', {
        err,
        effectId: entryId,
      });
    }
  }

  private async perform(entry: OutboxEntry): Promise<void> {
    try {
      const escalationId = String(entry.payload.escalationId ?? '');
      const e = await this.options.store.get(escalationId);
      // An escalation answered meanwhile (an expert saw it another way) needs no post.
      if (e && e.status === 'open') {
        const post = this.options.postToExperts;
        if (!post) throw new Error('no CoE experts channel is configured');
        await this.outbox.steps(entry).once('post', async () => {
          await post(
            expertQuestionCard({
              escalationId: e.id,
              question: e.question,
              askerName: e.askerName,
              askedAt: e.createdAt,
            }),
          );
          return true;
        });
      }
      await this.outbox.complete(entry.id, this.now());
    } catch (err) {
      const gaveUp = await this.outbox
        .release(entry, err instanceof Error ? err.message : String(err), this.now())
        .catch(() => false);
      this.options.logger[gaveUp ? 'error' : 'warn'](
        gaveUp
          ? 'gave up posting an "Ask the CoE" question'
          : 'posting an "Ask the CoE" question failed; it will be retried',
        { err, effectId: entry.id },
      );
    }
  }
}
