import type { Actor } from '../directory/actor';
import { type Outcome, ok, refuse } from '../runtime/outcome';
import type { AuditLog } from '../store/audit-log';
import { auditExportMessages, parseAuditExportCommand } from './audit-export';

/** The refusal text that explains the command; the Teams layer offers buttons for the common exports beside it. */
export const AUDIT_EXPORT_USAGE =
  'Say "export audit UC-0001" or "export audit from 2026-11-01 to 2026-11-30", optionally followed by "as json".';

/**
 * Admins' "export audit ..." chat command: the events of one use case or a date range as fenced CSV or JSON messages.
 * The export itself is recorded in the audit trail.
 */
export class AuditExportCommand {
  constructor(
    private readonly audit: AuditLog,
    private readonly isAdmin: (aadObjectId: string | undefined) => boolean,
  ) {}

  async run(actor: Actor, command: string): Promise<Outcome<string[]>> {
    if (!this.isAdmin(actor.aadObjectId)) return refuse('forbidden', 'Only CoE admins can export the audit trail.');
    const request = parseAuditExportCommand(command);
    if (!request) return refuse('invalid', AUDIT_EXPORT_USAGE);
    if ('error' in request) return refuse('invalid', request.error);
    const events =
      request.kind === 'use-case'
        ? await this.audit.list({ subjectType: 'use-case', subjectId: request.code })
        : await this.audit.list({ from: request.from, to: request.to });
    const what = request.kind === 'use-case' ? request.code : `${request.fromDay} to ${request.toDay} (UTC)`;
    if (events.length === 0) return ok([`The audit trail has no events for ${what}.`]);
    await this.audit.append({
      actorId: actor.aadObjectId,
      actorName: actor.name,
      subjectType: 'audit',
      subjectId: what,
      action: 'audit.exported',
      details: { format: request.format, events: events.length },
    });
    return ok([
      `Audit trail for ${what}: ${events.length} event${events.length === 1 ? '' : 's'} as ${request.format.toUpperCase()}.`,
      ...auditExportMessages(events, request.format),
    ]);
  }
}
