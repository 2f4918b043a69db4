import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { Database } from '../../src/store/database';
import { type BotProcess, startBotProcess } from '../resilience/support/bot-process';
import { type ChildDatabase, postgresChildDatabase } from '../resilience/support/child-database';
import { FACTS, createUseCase, rawOrg } from '../review/review-fixtures';
import { cardOf } from '../support/bot-harness';
import { ConnectorStub } from '../support/connector-stub';
import { seedPersonalChats } from '../support/seed-personal-chats';
import { POSTGRES_URL, describeWithPostgres } from '../support/test-database';

const CASES = 12;

/**
 * Two bot processes (the real entry point, as behind a load balancer) run the portfolio worker every half second
 * against one PostgreSQL database and one connector stub; the cases fall due while both are running. Each check-in and
 * survey reaches its recipient's chat exactly once.
 */
describeWithPostgres('portfolio follow-ups from two bot processes on one PostgreSQL database', () => {
  let database: ChildDatabase;
  let db: Database;
  let stub: ConnectorStub;
  let bots: BotProcess[] = [];
  let dir: string;

  beforeAll(async () => {
    database = await postgresChildDatabase(POSTGRES_URL!);
    db = await database.open();
    stub = await new ConnectorStub().start();
    await seedPersonalChats(db, stub.url, 3, 'owner');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-two-workers-'));
    const raw = rawOrg();
    delete raw.organisation.tenantId;
    raw.review.workerIntervalSeconds = 0;
    raw.portfolio = {
      workerIntervalSeconds: 0.5,
      businessUnitContacts: { Finance: { id: 'owner-aad-3', name: 'Person 3' } },
    };
    fs.writeFileSync(path.join(dir, 'coe.yaml'), stringify(raw));
    bots = await Promise.all(
      [1, 2].map(() => startBotProcess({ ...database.env, COE_CONFIG: path.join(dir, 'coe.yaml') })),
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    await db?.close();
    await stub?.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends each check-in and survey once in total', async () => {
    const owners = ['owner-aad-1', 'owner-aad-2'];
    const codes: Array<{ code: string; owner: string; production: boolean }> = [];
    for (let i = 0; i < CASES; i += 1) {
      const owner = owners[i % 2];
      const uc = await createUseCase(db, {
        facts: FACTS.minimal,
        tier: 'minimal',
        submitter: { aadObjectId: owner, name: owner },
      });
      await db.query(`update use_cases set status = 'approved' where id = $1`, [uc.id]);
      await db.query(
        `insert into portfolio_cases (use_case_id, stage, stage_changed_at, production_at) values ($1, $2, now() - interval '30 days', now() - interval '30 days')`,
        [uc.id, i % 3 ? 'pilot' : 'production'],
      );
      codes.push({ code: uc.code, owner, production: i % 3 === 0 });
    }
    const sent = () =>
      stub.calls
        .filter((c) => c.method === 'POST' && c.conversationId?.startsWith('a:owner-'))
        .map((c) => ({ chat: c.conversationId!, text: JSON.stringify(cardOf(c.body) ?? {}) }));
    const surveys = codes.filter((c) => c.production).length;
    const deadline = Date.now() + 60_000;
    while (sent().length < CASES + surveys && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // Several more worker rounds on both processes: nothing more may be sent.
    await new Promise((r) => setTimeout(r, 3_000));
    const cards = sent();
    for (const { code, owner, production } of codes) {
      const chat = `a:${owner.replace('-aad-', '-')}`;
      expect(cards.filter((c) => c.chat === chat && c.text.includes(`Monthly check-in for ${code}`))).toHaveLength(1);
      expect(
        cards.filter((c) => c.chat === 'a:owner-3' && c.text.includes(`How satisfied is Finance with ${code}?`)),
      ).toHaveLength(production ? 1 : 0);
    }
    expect(cards).toHaveLength(CASES + surveys);
    expect(bots.every((b) => b.child.exitCode === null)).toBe(true);
    const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from portfolio_prompts`);
    expect(n).toBe(CASES + surveys);
  }, 120_000);
});
