import type { Database } from '../database';
import * as core from './001-core';
import * as knowledge from './002-knowledge';
import * as useCases from './003-use-cases';
import * as review from './004-review';
import * as announcements from './005-announcements';
import * as answerLog from './006-answer-log';
import * as embeddings from './007-embeddings';
import * as outbox from './008-outbox';
import * as directoryCache from './009-directory-cache';
import * as portfolio from './010-portfolio';
import * as portfolioEscalation from './011-portfolio-escalation';
import * as dashboardRollups from './012-dashboard-rollups';
import * as channelIds from './013-channel-ids';

/** Every schema version in order. Add a file `NNN-name.ts` exporting `sql` and list it here; never edit an applied one. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'core', sql: core.sql },
  { version: 2, name: 'knowledge', sql: knowledge.sql },
  { version: 3, name: 'use-cases', sql: useCases.sql },
  { version: 4, name: 'review', sql: review.sql },
  { version: 5, name: 'announcements', sql: announcements.sql },
  { version: 6, name: 'answer-log', sql: answerLog.sql },
  { version: 7, name: 'embeddings', sql: embeddings.sql },
  { version: 8, name: 'outbox', sql: outbox.sql },
  { version: 9, name: 'directory-cache', sql: directoryCache.sql },
  { version: 10, name: 'portfolio', sql: portfolio.sql },
  { version: 11, name: 'portfolio-escalation', sql: portfolioEscalation.sql },
  { version: 12, name: 'dashboard-rollups', sql: dashboardRollups.sql },
  { version: 13, name: 'channel-ids', sql: channelIds.sql },
];

const MIGRATION_LOCK = 72_420_001;

/** Applies the missing migrations in one transaction under an advisory lock, so several instances can start at once. */
export async function runMigrations(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const applied = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version),
    );
    const done: number[] = [];
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      done.push(m.version);
    }
    return done;
  });
}
