import type { AdaptiveCard } from '../cards/card-kit';
import type { Actor } from '../directory/actor';
import type { AuditLog } from '../store/audit-log';
import { type CardNotice, portfolioListCard, portfolioStatusCard } from './cards/portfolio-cards';
import { inventoryExportMessages } from './inventory-csv';
import type { MoveInput, PortfolioService, PortfolioView } from './portfolio-service';

/**
 * What the chat shows of the portfolio: a case's status card (owner or CoE admin only), the fresh card after a move or
 * a reported change, "my portfolio", and the admins' inventory export. The rules stay in PortfolioService.
 */
export class PortfolioChat {
  constructor(
    private readonly portfolio: PortfolioService,
    private readonly audit: AuditLog,
  ) {}

  private cardFor(actor: Actor, view: PortfolioView, notice?: CardNotice): AdaptiveCard {
    return portfolioStatusCard(view, { mayManage: this.portfolio.mayManage(actor, view.useCase), notice });
  }

  /** The status card of a case for its owner or a CoE admin; anyone else is told it cannot be found. */
  async statusCard(actor: Actor, ref: number | string): Promise<{ card: AdaptiveCard } | { message: string }> {
    const view = await this.portfolio.view(ref);
    if (!view || !this.portfolio.mayManage(actor, view.useCase))
      return {
        message: 'I cannot find an approved use case of yours with that id. Say **my portfolio** to see yours.',
      };
    return { card: this.cardFor(actor, view) };
  }

  /** A move from the status card: the fresh card with what happened on top, or a sentence when there is no card to show. */
  async moveFromCard(actor: Actor, input: MoveInput): Promise<{ card: AdaptiveCard } | { message: string }> {
    const result = await this.portfolio.move(actor, input);
    const view = await this.portfolio.view(input.useCaseId);
    if (!view || !this.portfolio.mayManage(actor, view.useCase)) return { message: result.message };
    return {
      card: this.cardFor(actor, view, { text: result.message, kind: result.kind === 'refused' ? 'warning' : 'good' }),
    };
  }

  /** A material change from the status card's form. */
  async changeFromCard(
    actor: Actor,
    useCaseId: number,
    raw: unknown,
  ): Promise<{ card: AdaptiveCard } | { message: string }> {
    const result = await this.portfolio.reportChange(actor, useCaseId, raw);
    const view = await this.portfolio.view(useCaseId);
    if (!view || !this.portfolio.mayManage(actor, view.useCase)) return { message: result.message };
    return { card: this.cardFor(actor, view, { text: result.message, kind: result.ok ? 'good' : 'warning' }) };
  }

  /** "My portfolio": the person's own cases (a CoE admin sees every case). */
  async portfolioList(actor: Actor): Promise<AdaptiveCard> {
    if (!actor.aadObjectId) return portfolioListCard('My portfolio', []);
    const admin = this.portfolio.isAdmin(actor);
    const rows = await this.portfolio.metrics.inventory(admin ? {} : { ownerId: actor.aadObjectId });
    return portfolioListCard(admin ? 'The AI portfolio' : 'My portfolio', rows);
  }

  /** Admins' "export inventory [as json]": the AI inventory as fenced CSV or JSON messages. */
  async exportInventory(actor: Actor, command: string): Promise<string[]> {
    if (!this.portfolio.isAdmin(actor))
      return ['Only CoE admins can export the AI inventory. Say **my portfolio** to see your own use cases.'];
    const format = /\bjson\b/i.test(command) ? 'json' : 'csv';
    const rows = await this.portfolio.metrics.inventory();
    if (rows.length === 0) return ['The AI inventory is empty: no use case has been submitted yet.'];
    await this.audit.append({
      actorId: actor.aadObjectId,
      actorName: actor.name,
      subjectType: 'portfolio',
      subjectId: 'inventory',
      action: 'portfolio.exported',
      details: { format, rows: rows.length },
    });
    return [
      `AI inventory: ${rows.length} use case${rows.length === 1 ? '' : 's'} as ${format.toUpperCase()}.`,
      ...inventoryExportMessages(rows, format),
    ];
  }
}
