import type { Actor } from '../../directory/actor';
import { z } from 'zod';
import { Directory } from '../../directory/directory';
import type { OrgConfig } from '../../org-settings';
import type { UseCaseRepository } from '../../intake/use-case-repository';
import type { Logger } from '../../observability/logger';
import { addBusinessDays } from '../../review/business-days';
import type { AuditLog } from '../../store/audit-log';
import type { Database } from '../../store/database';
import { Outbox, type OutboxEntry } from '../../store/outbox';
import type { AdaptiveCard } from '../../cards/card-kit';
import type { PortfolioNotifier } from '../portfolio-follow-ups';
import { incidentCard } from './incident-cards';
import { type Incident, IncidentRepository } from './incident-repository';
import {
  type Audience,
  POST_MORTEM_BUSINESS_DAYS,
  SEVERITY_RULES,
  type Severity,
  audiencesFor,
} from './incident-rules';

/** Where post-mortem lessons go: the knowledge base (KnowledgeService implements it). */
export interface KnowledgePublisher {
  addDocument(doc: {
    source: string;
    title: string;
    markdown: string;
    kind: 'markdown';
    meta?: Record<string, unknown>;
  }): Promise<void>;
}

const reportInput = z.object({
  key: z.string().min(8).max(100),
  severity: z.coerce
    .number({ invalid_type_error: 'Choose a severity from 1 to 3.' })
    .int()
    .min(1, 'Choose a severity from 1 to 3.')
    .max(3, 'Choose a severity from 1 to 3.'),
  useCaseCode: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^uc-?\d{1,6}$/i, 'The use case id looks like UC-0042.')
      .optional(),
  ),
  summary: z.string().trim().min(10, 'Describe what happened in a sentence or two.').max(4000),
});
const postMortemInput = z.object({
  incidentId: z.coerce.number().int().positive(),
  summary: z.string().trim().min(5, 'Fill in the summary.').max(4000),
  timeline: z.string().trim().max(4000).optional(),
  rootCauses: z.string().trim().min(5, 'Fill in the root causes.').max(4000),
  wentWell: z.string().trim().max(4000).optional(),
  actions: z.string().trim().max(4000).optional(),
  lessons: z.string().trim().min(5, 'Fill in the lessons.').max(4000),
});
const notifyEffect = z.object({
  incidentId: z.number().int(),
  people: z.array(z.object({ id: z.string(), name: z.string() })),
});

export interface IncidentServiceOptions {
  db: Database;
  org: OrgConfig;
  /** Roles and groups: the one the identity module built (tests may leave it out: the configured lists alone). */
  directory?: Directory;
  useCases: UseCaseRepository;
  audit: AuditLog;
  notifier: PortfolioNotifier;
  knowledge?: KnowledgePublisher;
  logger: Logger;
  now?: () => Date;
}

/**
 * AI incidents: anyone reports one (linked to a use case or not); the people the incident playbook names are told at
 * once through the outbox (each person once, even across a crash); the owner writes the blameless post-mortem, whose
 * lessons a CoE admin adds to the knowledge base in one click.
 */
export class IncidentService {
  private readonly outbox: Outbox;
  private readonly incidents: IncidentRepository;
  private readonly directory: Directory;
  private readonly now: () => Date;

  constructor(private readonly options: IncidentServiceOptions) {
    this.outbox = new Outbox(options.db);
    this.incidents = new IncidentRepository(options.db);
    this.directory = options.directory ?? new Directory(options.org);
    this.now = options.now ?? (() => new Date());
  }

  get(id: number): Promise<Incident | undefined> {
    return this.incidents.get(id);
  }

  private people(audiences: Audience[], ownerId?: string): Array<{ id: string; name: string }> {
    const org = this.options.org;
    const list: Array<{ id: string; name: string }> = [];
    for (const a of audiences) {
      if (a === 'coe') list.push(...org.admins);
      if (a === 'security') list.push(...(org.groups.security?.members ?? []));
      if (a === 'ethics-board') list.push(...(org.groups['ethics-board']?.members ?? []));
      if (a === 'owner' && ownerId)
        list.push({ id: ownerId, name: this.directory.person(ownerId)?.name ?? 'the use-case owner' });
    }
    const seen = new Set<string>();
    return list
      .filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)))
      .map((p) => ({ id: p.id, name: p.name }));
  }

  private mayWritePostMortem(actor: Actor, incident: Incident): boolean {
    return (
      Boolean(actor.aadObjectId) &&
      (actor.aadObjectId === incident.reporterId ||
        actor.aadObjectId === incident.useCaseOwnerId ||
        this.directory.isAdmin(actor.aadObjectId))
    );
  }

  cardFor(actor: Actor, incident: Incident, notice?: string, told?: string[]): AdaptiveCard {
    return incidentCard(incident, {
      notice,
      told,
      mayWritePostMortem: this.mayWritePostMortem(actor, incident),
      mayPublish: this.directory.isAdmin(actor.aadObjectId),
    });
  }

  /** Records a report (once per form), tells the playbook's audiences and answers the reporter with the incident card. */
  async report(actor: Actor, raw: unknown): Promise<AdaptiveCard | string> {
    if (!actor.aadObjectId)
      return 'I could not tell who you are, so the incident was not recorded. Please report it to the CoE lead directly.';
    const parsed = reportInput.safeParse(raw);
    if (!parsed.success) return parsed.error.issues.map((i) => i.message).join(' ');
    const input = parsed.data;
    const severity = input.severity as Severity;
    const uc = input.useCaseCode
      ? await this.options.useCases.getByCode(`UC-${input.useCaseCode.replace(/\D/g, '').padStart(4, '0')}`)
      : undefined;
    if (input.useCaseCode && !uc)
      return `I cannot find ${input.useCaseCode.toUpperCase()}. Leave the use case empty if you do not know it; the CoE will link it.`;
    const now = this.now();
    const rule = SEVERITY_RULES[severity];
    const audiences = audiencesFor(severity, uc);
    const people = this.people(audiences, uc?.submitterId).filter((p) => p.id !== actor.aadObjectId);
    const created = await this.options.db.transaction(async (tx) => {
      const existing = await this.incidents.idForKey(input.key, tx);
      if (existing !== undefined) return { id: existing, fresh: false };
      const { id, code } = await this.incidents.create(
        {
          useCaseId: uc?.id,
          reporterId: actor.aadObjectId!,
          reporterName: actor.name,
          severity,
          summary: input.summary,
          notifyWithinMinutes: rule.notifyWithinMinutes,
          notified: people.map((p) => p.name),
          postMortemDueAt: rule.postMortemRequired ? addBusinessDays(now, POST_MORTEM_BUSINESS_DAYS) : undefined,
          idempotencyKey: input.key,
          at: now,
        },
        tx,
      );
      await this.options.audit.append(
        {
          actorId: actor.aadObjectId,
          actorName: actor.name,
          subjectType: 'incident',
          subjectId: code,
          action: 'incident.reported',
          comment: input.summary,
          details: { severity, useCase: uc?.code, audiences, notified: people.map((p) => p.name) },
        },
        tx,
      );
      const effectId = await this.outbox.enqueue(tx, 'incident.notify', { incidentId: id, people }, now);
      return { id, fresh: true, effectId };
    });
    if (created.fresh && created.effectId) {
      const entry = await this.outbox.claim(created.effectId, now);
      if (entry) await this.carryOut(entry, now);
    }
    const incident = (await this.get(created.id))!;
    const notice = created.fresh
      ? `Thank you for reporting. ${people.length ? `Told: ${people.map((p) => p.name).join(', ')}.` : 'The CoE will follow up.'}${severity === 1 ? ' Also use the security incident reporting channel now.' : ''}`
      : 'This incident was already reported; nothing was sent twice.';
    return this.cardFor(actor, incident, notice, incident.notified);
  }

  /** Carries out incident notifications a crashed or failed process left behind. */
  async runPending(now: Date = this.now(), olderThanMs = 60_000): Promise<number> {
    let done = 0;
    for (const entry of await this.outbox.claimDue(now, olderThanMs, 20, 'incident.'))
      if (await this.carryOut(entry, now)) done += 1;
    return done;
  }

  private async carryOut(entry: OutboxEntry, now: Date): Promise<boolean> {
    try {
      const effect = notifyEffect.parse(entry.payload);
      const incident = await this.get(effect.incidentId);
      const steps = this.outbox.steps(entry);
      if (incident) {
        for (const person of effect.people) {
          await steps.once(`person:${person.id}`, async () => {
            await this.options.notifier.sendCardToPerson(
              person.id,
              this.cardFor(
                { aadObjectId: person.id, name: person.name },
                incident,
                `You are told of this incident as the incident playbook requires (${SEVERITY_RULES[incident.severity].deadline}).`,
              ),
            );
            return true;
          });
        }
      }
      await this.outbox.complete(entry.id, now);
      return true;
    } catch (err) {
      const gaveUp = await this.outbox.release(entry, (err as Error).message ?? String(err), now);
      this.options.logger[gaveUp ? 'error' : 'warn']('telling people of an incident failed', {
        err,
        entryId: entry.id,
        gaveUp,
      });
      return false;
    }
  }

  /** Saves the blameless post-mortem (reporter, use-case owner or CoE admin); the incident is then resolved. */
  async writePostMortem(actor: Actor, raw: unknown): Promise<AdaptiveCard | string> {
    const parsed = postMortemInput.safeParse(raw);
    if (!parsed.success) return parsed.error.issues.map((i) => i.message).join(' ');
    const { incidentId, ...pm } = parsed.data;
    const incident = await this.get(incidentId);
    if (!incident) return 'I cannot find that incident.';
    if (!this.mayWritePostMortem(actor, incident))
      return `Only the reporter, the use-case owner or a CoE admin writes the post-mortem of ${incident.code}.`;
    if (incident.postMortem)
      return this.cardFor(actor, incident, 'The post-mortem was already saved; nothing was changed.');
    await this.options.db.transaction(async (tx) => {
      if (!(await this.incidents.savePostMortem(incidentId, pm, this.now(), tx))) return;
      await this.options.audit.append(
        {
          actorId: actor.aadObjectId,
          actorName: actor.name,
          subjectType: 'incident',
          subjectId: incident.code,
          action: 'incident.post-mortem',
          comment: pm.summary,
        },
        tx,
      );
    });
    return this.cardFor(
      actor,
      (await this.get(incidentId))!,
      'Post-mortem saved. A CoE admin can now add its lessons to the knowledge base.',
    );
  }

  /** A CoE admin adds the post-mortem's lessons to the knowledge base (source `incident-lessons/INC-xxxx`). */
  async publishLessons(actor: Actor, incidentId: number): Promise<AdaptiveCard | string> {
    if (!this.directory.isAdmin(actor.aadObjectId))
      return 'Only CoE admins add post-mortem lessons to the knowledge base (after checking them for sensitive content).';
    const incident = await this.get(incidentId);
    if (!incident?.postMortem) return 'This incident has no post-mortem yet, so there are no lessons to add.';
    if (incident.lessonsSource)
      return this.cardFor(actor, incident, 'These lessons are already in the knowledge base.');
    if (!this.options.knowledge) return 'The knowledge base is not available right now; please try again later.';
    const source = `incident-lessons/${incident.code}`;
    const pm = incident.postMortem;
    await this.options.knowledge.addDocument({
      source,
      title: `Lessons from ${incident.code} (severity ${incident.severity} AI incident)`,
      markdown: `# Lessons from ${incident.code}\n\nSeverity ${incident.severity}${incident.useCaseCode ? `, use case ${incident.useCaseCode}` : ''}.\n\n## What happened\n\n${pm.summary}\n\n## Root causes\n\n${pm.rootCauses}\n\n## Lessons\n\n${pm.lessons}\n${pm.actions ? `\n## Actions\n\n${pm.actions}\n` : ''}`,
      kind: 'markdown',
      meta: { incidentId: incident.id, addedBy: actor.aadObjectId },
    });
    await this.incidents.markLessonsPublished(incident.id, source, this.now());
    await this.options.audit.append({
      actorId: actor.aadObjectId,
      actorName: actor.name,
      subjectType: 'incident',
      subjectId: incident.code,
      action: 'incident.lessons-published',
      details: { source },
    });
    return this.cardFor(actor, (await this.get(incident.id))!, 'The lessons are now in the knowledge base.');
  }
}
