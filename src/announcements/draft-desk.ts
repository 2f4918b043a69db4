import type { Actor } from '../directory/actor';
import { type Announcement, inputOf } from './announcement';
import type { AnnouncementAccess } from './announcement-access';
import { type ComposeFormValues, formToInput } from './announcement-input';
import { ok, type Outcome, refuse } from '../runtime/outcome';
import { NOT_AN_AUTHOR } from './announcement-access';
import type { AnnouncementRepository } from './announcement-repository';
import type { AudienceSize } from './audience';
import type { AudienceResolver, ComposeOptions } from './audience-resolver';

/** A draft with its audience as it stands now, for the preview. */
export interface DraftPreview {
  announcement: Announcement;
  estimate: AudienceSize;
  audienceLabel: string;
}

/** Writing announcements: the compose choices, drafts (save, edit, duplicate, delete), previews and the list. */
export class DraftDesk {
  constructor(
    private readonly deps: { repo: AnnouncementRepository; access: AnnouncementAccess; audience: AudienceResolver },
  ) {}

  /** The choices the compose form offers. */
  async composeOptions(actor: Actor): Promise<Outcome<ComposeOptions>> {
    if (!this.deps.access.canAuthor(actor)) return refuse('forbidden', NOT_AN_AUTHOR);
    return ok(await this.deps.audience.options());
  }

  private async previewOf(announcement: Announcement): Promise<DraftPreview> {
    const [estimate, audienceLabel] = await Promise.all([
      this.deps.audience.estimate(announcement),
      this.deps.audience.label(announcement),
    ]);
    return { announcement, estimate, audienceLabel };
  }

  /**
   * Saves the compose form as a draft (a new one, or the draft `ref` if it is still at that version) and
   * returns it with the audience as it stands now, for the preview.
   */
  async saveDraft(
    actor: Actor,
    values: ComposeFormValues,
    ref?: { id: number; version: number },
  ): Promise<Outcome<DraftPreview>> {
    const { repo, access } = this.deps;
    if (!access.canAuthor(actor) || !actor.aadObjectId) return refuse('forbidden', NOT_AN_AUTHOR);
    const input = await this.deps.audience.validate(formToInput(values));
    if (!input.ok) return input;
    if (!ref) {
      const created = await repo.createDraft(input.value, { ...actor, aadObjectId: actor.aadObjectId }, 'teams');
      await access.record(created, actor, 'draft-created', {
        title: created.title,
        category: created.category,
        audience: created.audience,
      });
      return ok(await this.previewOf(created));
    }
    const current = await access.owned(actor, ref.id);
    if (!current.ok) return current;
    if (current.value.status !== 'draft')
      return refuse(
        'conflict',
        `Announcement #${ref.id} is ${current.value.status}; only drafts can be changed. Use Duplicate to start a new draft from it.`,
      );
    const updated = await repo.updateDraft(ref.id, ref.version, input.value);
    if (!updated)
      return refuse(
        'conflict',
        `Draft #${ref.id} was changed in another window since you opened this form. Open it again from "announcements" to edit the latest version.`,
      );
    await access.record(updated, actor, 'draft-updated', { version: updated.version });
    return ok(await this.previewOf(updated));
  }

  /** A draft for editing (only drafts can be edited). */
  async draftForEdit(actor: Actor, id: number): Promise<Outcome<Announcement>> {
    const a = await this.deps.access.owned(actor, id);
    if (!a.ok) return a;
    if (a.value.status !== 'draft')
      return refuse(
        'conflict',
        `Announcement #${id} is ${a.value.status}; only drafts can be edited. Use Duplicate to start a new draft from it.`,
      );
    return a;
  }

  /** The current preview data of a draft. */
  async preview(actor: Actor, id: number): Promise<Outcome<DraftPreview>> {
    const a = await this.deps.access.owned(actor, id);
    return a.ok ? ok(await this.previewOf(a.value)) : a;
  }

  /** Copies any announcement the caller can see into a new draft of theirs. */
  async duplicate(actor: Actor, id: number): Promise<Outcome<Announcement>> {
    const a = await this.deps.access.owned(actor, id);
    if (!a.ok || !actor.aadObjectId) return a.ok ? refuse('forbidden', NOT_AN_AUTHOR) : a;
    const author = { ...actor, aadObjectId: actor.aadObjectId };
    const copy = await this.deps.repo.createDraft(inputOf(a.value), author, 'teams');
    await this.deps.access.record(copy, actor, 'draft-duplicated', { from: id });
    return ok(copy);
  }

  /** Deletes a draft. */
  async deleteDraft(actor: Actor, id: number): Promise<Outcome<{ id: number }>> {
    const a = await this.deps.access.owned(actor, id);
    if (!a.ok) return a;
    if (a.value.status !== 'draft' || !(await this.deps.repo.deleteDraft(id)))
      return refuse('conflict', `Announcement #${id} is ${a.value.status}; only drafts can be deleted.`);
    await this.deps.access.record(a.value, actor, 'draft-deleted', { title: a.value.title });
    return ok({ id });
  }

  /** Recent announcements: the caller's own, or everyone's for a CoE admin. */
  async list(actor: Actor): Promise<Outcome<{ items: Announcement[]; showAuthors: boolean }>> {
    if (!this.deps.access.canAuthor(actor)) return refuse('forbidden', NOT_AN_AUTHOR);
    const admin = this.deps.access.isAdmin(actor.aadObjectId);
    return ok({ items: await this.deps.repo.list(admin ? undefined : actor.aadObjectId, 10), showAuthors: admin });
  }
}
