import type { Database } from '../../src/store/database';

/** Row counts of every table in the bot's schema: equal snapshots mean a request stored nothing. */
export async function rowCounts(db: Database): Promise<Record<string, number>> {
  const tables = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await db.query<{ n: number | string }>(`select count(*) as n from "${table_name}"`);
    counts[table_name] = Number(row.n);
  }
  return counts;
}
