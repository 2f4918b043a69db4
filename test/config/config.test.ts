import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../../src/config/config-error';
import { loadEnv } from '../../src/config/env';
import { parseOrgConfig } from '../../src/org-settings';
import { PROJECT_ROOT } from '../support/shared-paths';

const sampleYaml = fs.readFileSync(path.join(PROJECT_ROOT, 'config/coe.yaml'), 'utf8');

describe('environment settings', () => {
  it('uses embedded defaults when nothing is set', () => {
    const env = loadEnv({}, '/srv/app');
    expect(env).toMatchObject({
      PORT: 3978,
      authEnabled: false,
      dataDir: '/srv/app/.data',
      playbooksDir: '/srv/app/playbooks',
      configPath: '/srv/app/config/coe.yaml',
    });
    expect(env.openAi).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' }, 'AZURE_OPENAI_ENDPOINT'],
    [{ BOT_ID: 'abc' }, 'BOT_PASSWORD'],
    [{ BOT_ID: 'abc', BOT_TYPE: 'SingleTenant', BOT_PASSWORD: 'p' }, 'BOT_TENANT_ID'],
    [{ NODE_ENV: 'production' }, 'BOT_ID'],
    [{ COE_API_TOKEN: 'short' }, 'COE_API_TOKEN'],
  ])('rejects %j naming %s', (vars, field) => {
    expect(() => loadEnv(vars as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadEnv(vars as NodeJS.ProcessEnv)).toThrow(new RegExp(`${field}:`));
  });

  it('enables Azure OpenAI only when endpoint, key and deployment are all set', () => {
    const env = loadEnv({
      AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com',
      AZURE_OPENAI_API_KEY: 'k',
      AZURE_OPENAI_DEPLOYMENT_NAME: 'gpt-4.1-mini',
    });
    expect(env.openAi).toMatchObject({ endpoint: 'https://x.openai.azure.com', deployment: 'gpt-4.1-mini' });
  });
});

describe('organisation settings (COE_CONFIG)', () => {
  it('treats blank numeric settings as unset (their defaults), and names a bad one', () => {
    const env = loadEnv({
      NODE_ENV: 'test',
      AZURE_OPENAI_EMBEDDING_TIMEOUT_MS: '',
      CONNECTOR_TIMEOUT_MS: ' ',
      MAX_BODY_BYTES: '',
    });
    expect([env.AZURE_OPENAI_EMBEDDING_TIMEOUT_MS, env.CONNECTOR_TIMEOUT_MS, env.MAX_BODY_BYTES]).toEqual([
      2_000, 15_000, 1_000_000,
    ]);
    expect(() => loadEnv({ NODE_ENV: 'test', CONNECTOR_TIMEOUT_MS: '5' })).toThrow(
      /CONNECTOR_TIMEOUT_MS: must be at least 100 milliseconds/,
    );
  });

  it('accepts the shipped sample', () => {
    const org = parseOrgConfig(sampleYaml);
    expect(org.review.stages.map((s) => s.id)).toEqual(['coe-triage', 'privacy', 'legal', 'security', 'ethics-board']);
    expect(org.admins[0].id).toBe('00000000-0000-0000-0000-0000000000020');
  });

  it.each([
    [
      'a stage that names an unknown group',
      sampleYaml.replace('approvers: { group: legal }', 'approvers: { group: lawyers }'),
      /review\.stages\.2\.approvers\.group: names group "lawyers"/,
    ],
    [
      'a stage ordered after an unknown stage',
      sampleYaml.replace(/after: \[[a-z, -]*security\]/, 'after: [privacy, audit]'),
      /review\.stages\.4\.after\.1: names stage "audit"/,
    ],
    [
      'an unknown fact in a rule',
      sampleYaml.replace('{ field: outputUse, in: [fully-automated] }', '{ field: autonomy, in: [fully-automated] }'),
      /riskTiers\.rules/,
    ],
    [
      'a rate above the Teams ceiling',
      sampleYaml.replace('messagesPerSecond: 30', 'messagesPerSecond: 80'),
      /announcements\.messagesPerSecond: .*at most 50/,
    ],
    ['a misspelled top-level key', sampleYaml.replace('admins:', 'admin:'), /admins|admin/],
  ])('rejects %s and names the field', (_name, yamlText, message) => {
    expect(() => parseOrgConfig(yamlText)).toThrow(message);
  });

  it('rejects text that is not YAML with a plain sentence', () => {
    expect(() => parseOrgConfig('admins: [')).toThrow(/not valid YAML/);
  });
});

describe('the process refuses to start with bad settings', () => {
  const run = promisify(execFile);
  const entry = path.join(PROJECT_ROOT, 'src/index.ts');

  async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
    try {
      await run(process.execPath, ['-r', path.join(PROJECT_ROOT, 'test/support/register-swc.js'), entry], {
        env: { PATH: process.env.PATH ?? '', ...env },
        timeout: 20_000,
      });
      return { code: 0, stderr: '' };
    } catch (err) {
      const e = err as { code: number; stderr: string };
      return { code: e.code, stderr: e.stderr };
    }
  }

  it('exits with code 2 and names PORT when it is not a number', async () => {
    const res = await start({ PORT: 'eighty' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('PORT:');
  });

  it('exits when NODE_ENV is production and BOT_ID is missing', async () => {
    const res = await start({ NODE_ENV: 'production' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('BOT_ID: is required when NODE_ENV is production');
  });

  it('exits naming the file when COE_CONFIG cannot be read', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-coe.yaml');
    const res = await start({ COE_CONFIG: missing });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(missing);
  });
});
