import { z } from 'zod';
import { codeBlock } from '../cards/card-kit';
import { type AuditEvent, auditToCsv } from '../store/audit-log';

export type ExportFormat = 'csv' | 'json';

/** What an admin asked to export: one use case's trail, or every event in a date range (UTC days, both ends included). */
export type AuditExportRequest =
  | { kind: 'use-case'; code: string; format: ExportFormat }
  | { kind: 'range'; from: Date; to: Date; fromDay: string; toDay: string; format: ExportFormat };

const MAX_RANGE_DAYS = 366;
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));

/**
 * Reads "export audit UC-0001", "export audit UC-0001 as json" or "export audit from 2026-11-01 to 2026-11-30 [as csv|json]".
 * Undefined when the text is not an export command; `{ error }` when it is one but cannot be understood.
 */
export function parseAuditExportCommand(input: string): AuditExportRequest | { error: string } | undefined {
  const m = input.trim().match(/^export\s+audit\b\s*(.*)$/i);
  if (!m) return undefined;
  let rest = m[1].trim();
  let format: ExportFormat = 'csv';
  const fmt = rest.match(/\s*(?:\bas\s+)?\b(csv|json)\s*$/i);
  if (fmt) {
    format = fmt[1].toLowerCase() as ExportFormat;
    rest = rest.slice(0, fmt.index).trim();
  }
  const code = rest.match(/^(UC-\d{1,9})$/i);
  if (code) return { kind: 'use-case', code: code[1].toUpperCase(), format };
  const range = rest.match(/^from\s+(\S+)\s+to\s+(\S+)$/i);
  if (range) {
    const [fromDay, toDay] = [range[1], range[2]];
    if (!isoDay.safeParse(fromDay).success || !isoDay.safeParse(toDay).success)
      return {
        error: 'Dates must be written as YYYY-MM-DD, for example "export audit from 2026-11-01 to 2026-11-30".',
      };
    const from = new Date(`${fromDay}T00:00:00Z`);
    const to = new Date(new Date(`${toDay}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000);
    if (to <= from) return { error: 'The end date must be on or after the start date.' };
    if ((to.getTime() - from.getTime()) / 86_400_000 > MAX_RANGE_DAYS)
      return { error: `Export at most ${MAX_RANGE_DAYS} days at a time.` };
    return { kind: 'range', from, to, fromDay, toDay, format };
  }
  return {
    error:
      'Say "export audit UC-0001" or "export audit from 2026-11-01 to 2026-11-30", optionally followed by "as json".',
  };
}

/**
 * Renders an audit export as Teams messages, each holding one fenced code block (a bot without Graph cannot attach
 * files in every scope, but every client can copy a code block). Events are never split across messages, and each
 * part stands on its own: a CSV part starts with the header row, a JSON part is a complete array.
 */
export function auditExportMessages(events: AuditEvent[], format: ExportFormat, maxChars = 20_000): string[] {
  const header = auditToCsv([]).replace(/\r\n$/, '');
  const pieces = events.map((e) =>
    format === 'csv'
      ? auditToCsv([e])
          .slice(header.length + 2)
          .replace(/\r\n$/, '')
      : JSON.stringify(e, null, 2),
  );
  const groups: number[][] = [];
  let current: number[] = [];
  let size = header.length;
  pieces.forEach((piece, i) => {
    if (current.length && size + piece.length + 2 > maxChars) {
      groups.push(current);
      current = [];
      size = header.length;
    }
    current.push(i);
    size += piece.length + 2;
  });
  if (current.length || groups.length === 0) groups.push(current);
  return groups.map((g, i) => {
    const title = groups.length > 1 ? `Part ${i + 1} of ${groups.length}\n\n` : '';
    const body =
      format === 'csv'
        ? [header, ...g.map((j) => pieces[j])].join('\r\n')
        : JSON.stringify(
            g.map((j) => events[j]),
            null,
            2,
          );
    return title + codeBlock(body, format);
  });
}
