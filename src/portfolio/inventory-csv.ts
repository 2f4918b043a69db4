import { toCsv } from '../store/csv';
import type { InventoryRow } from './portfolio-metrics';

const COLUMNS: Array<keyof InventoryRow> = [
  'code',
  'title',
  'tier',
  'stage',
  'owner',
  'businessUnit',
  'models',
  'hosting',
  'goLive',
  'monthlyCost',
  'nextReReviewAt',
  'openIncidents',
];

/** The AI inventory as CSV (one row per use case; models joined with "; "). */
export function inventoryToCsv(rows: InventoryRow[]): string {
  return toCsv(
    rows.map((r) => ({ ...r, models: r.models.join('; ') })),
    COLUMNS,
  );
}

/** The AI inventory as JSON text. */
export function inventoryToJson(rows: InventoryRow[]): string {
  return JSON.stringify(rows, null, 2);
}

/** The export as chat messages, each one fenced code block of at most about `maxChars` (CSV parts repeat the header). */
export function inventoryExportMessages(rows: InventoryRow[], format: 'csv' | 'json', maxChars = 20_000): string[] {
  const fence = (body: string) => '```' + format + '\n' + body.replace(/```/g, '`\u200b``') + '\n```';
  const groups: InventoryRow[][] = [[]];
  let size = 0;
  for (const row of rows) {
    const piece = JSON.stringify(row).length;
    if (groups[groups.length - 1].length && size + piece > maxChars) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(row);
    size += piece;
  }
  return groups.map(
    (g, i) =>
      (groups.length > 1 ? `Part ${i + 1} of ${groups.length}\n\n` : '') +
      fence(format === 'csv' ? inventoryToCsv(g).trimEnd() : inventoryToJson(g)),
  );
}
