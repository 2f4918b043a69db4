import type { AuditLog } from '../store/audit-log';
import type { Queryable } from '../store/database';
import type { Actor } from '../directory/actor';
import type { Announcement } from './announcement';
import { ok, type Outcome, refuse } from '../runtime/outcome';
import type { AnnouncementRepository } from './announcement-repository';

/** The sentence a person who may not post announcements hears. */
export const NOT_AN_AUTHOR =
  'Only CoE admins and announcement authors can write or manage announcements. If you would like something announced, please ask the CoE team.';

/** Who may do what: CoE admins and announcement authors, by Entra object id (the org Directory fits). */
export interface AuthorPolicy {
  isAdmin(aadObjectId: string | undefined): boolean;
  isAuthor(aadObjectId: string | undefined): boolean;
}

/** The actor of changes nobody clicked (scheduled starts, completions). */
export const SYSTEM = { actorId: 'system', actorName: 'CoE Assistant' };

/** The actor of requests to POST /api/announcements (the bearer token stands for CoE staff). */
export const API_ACTOR = { aadObjectId: 'api', name: 'Announcements API' };

type AuditActor = { aadObjectId?: string; name: string } | typeof SYSTEM;

/**
 * The checks and the audit trail every author action shares: whether the caller may author, whether they may act on
 * one announcement (its author or a CoE admin), and one audit entry per change.
 */
export class AnnouncementAccess {
  constructor(private readonly deps: { repo: AnnouncementRepository; audit: AuditLog; policy: AuthorPolicy }) {}

  canAuthor(actor: Pick<Actor, 'aadObjectId'>): boolean {
    return this.deps.policy.isAuthor(actor.aadObjectId);
  }

  isAdmin(aadObjectId: string | undefined): boolean {
    return this.deps.policy.isAdmin(aadObjectId);
  }

  /** The announcement `id` when the caller wrote it or is a CoE admin. */
  async owned(actor: Actor, id: number): Promise<Outcome<Announcement>> {
    if (!this.canAuthor(actor)) return refuse('forbidden', NOT_AN_AUTHOR);
    const a = await this.deps.repo.get(id);
    if (!a) return refuse('not-found', `There is no announcement #${id}.`);
    if (a.authorId !== actor.aadObjectId && !this.isAdmin(actor.aadObjectId))
      return refuse(
        'forbidden',
        `Only the author of announcement #${id} (${a.authorName}) or a CoE admin can do that.`,
      );
    return ok(a);
  }

  /** Appends one audit entry about announcement `a`. */
  async record(
    a: { id: number },
    actor: AuditActor,
    action: string,
    details: Record<string, unknown> = {},
    tx?: Queryable,
  ): Promise<void> {
    const who = 'actorId' in actor ? actor : { actorId: actor.aadObjectId, actorName: actor.name };
    await this.deps.audit.append({ ...who, subjectType: 'announcement', subjectId: String(a.id), action, details }, tx);
  }
}
