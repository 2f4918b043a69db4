import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadEnv } from '../../src/config/env';
import { loadOrgConfig } from '../../src/org-settings';
import { silentLogger } from '../../src/observability/logger';
import { startBot } from '../../src/bootstrap';
import { PROJECT_ROOT } from '../support/shared-paths';

/** Finding 4: without BOT_ID nothing is authenticated, so the bot must never listen beyond this machine. */
describe('local mode stays on loopback', () => {
  const base = { NODE_ENV: 'development', COE_DATA_DIR: './.data-unused' };

  it.each(['0.0.0.0', '::', '192.0.2.10', 'coe-bot.contoso.example'])(
    'HOST=%s without BOT_ID is refused with a message naming HOST',
    (host) => {
      expect(() => loadEnv({ ...base, HOST: host })).toThrow(ConfigError);
      expect(() => loadEnv({ ...base, HOST: host })).toThrow(/HOST: is .*BOT_ID is not set.*loopback/s);
    },
  );

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'])(
    'HOST=%s without BOT_ID is accepted (loopback)',
    (host) => {
      expect(loadEnv({ ...base, HOST: host }).HOST).toBe(host);
    },
  );

  it('HOST=0.0.0.0 with BOT_ID (authenticated requests) is accepted', () => {
    expect(loadEnv({ ...base, HOST: '0.0.0.0', BOT_ID: 'app-id', BOT_PASSWORD: 'secret' }).authEnabled).toBe(true);
  });

  it('startBot itself refuses a non-loopback host without BOT_ID, even with hand-made settings', async () => {
    const env = { ...loadEnv({ ...base }, PROJECT_ROOT), HOST: '0.0.0.0', dataDir: 'memory://' };
    await expect(
      startBot({ env, org: loadOrgConfig(path.join(PROJECT_ROOT, 'config/coe.yaml')), logger: silentLogger }),
    ).rejects.toThrow(/without BOT_ID/);
  });

  it('the real entry point exits with code 2 and one JSON log line that says why', () => {
    const run = spawnSync(
      process.execPath,
      ['-r', path.join(PROJECT_ROOT, 'test/support/register-swc.js'), path.join(PROJECT_ROOT, 'src/index.ts')],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...base, HOST: '0.0.0.0', BOT_ID: '', DATABASE_URL: '', PORT: '0' },
        encoding: 'utf8',
        timeout: 80_000,
      },
    );
    expect(run.status).toBe(2);
    const lines = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]) as { level: string; msg: string; problems: string[] };
    expect(record).toMatchObject({ level: 'error', msg: expect.stringMatching(/^CoE Assistant cannot start/) });
    expect(record.problems.join(' ')).toMatch(/HOST: is 0\.0\.0\.0/);
  }, 90_000);
});
