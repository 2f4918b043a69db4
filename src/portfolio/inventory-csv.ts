import { toCsv } from '../store/csv';
import type { InventoryRow } from './portfolio-metrics';

const COLUMNS: Array<keyof InventoryRow> = ['code', 'title', 'tier', 'stage', 'owner', 'businessUnit', 'models', 'hosting', 'goLive', 'monthlyCost', 'nextReReviewAt', 'openIncidents'];

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
