import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEnv } from '../../src/config/env';
import { parseOrgConfig } from '../../src/org-settings';
import { OrgDirectory } from '../../src/directory/org-directory';
import { YamlDirectory } from '../../src/directory/yaml-directory';
import { unitKeyOf } from '../../src/directory/directory-port';
import { resolveStage } from '../../src/review/resolve-approvers';

const ROOT = path.resolve(__dirname, '../..');
const sampleYaml = fs.readFileSync(path.join(ROOT, 'config/coe.yaml'), 'utf8');
const G = '2b7e0000-0000-4000-8000-000000000001';

describe('directory settings in COE_CONFIG', () => {
  it('accepts a group that names an Entra group instead of members, and stages by manager and by business unit', () => {
    const yamlText = sampleYaml
      .replace(/ {2}legal:\n {4}name: Legal\n {4}members:\n.*\n/, `  legal:\n    name: Legal\n    entraGroupId: ${G}\n`)
      .replace('approvers: { group: privacy }', 'approvers: { byBusinessUnit: { finance: legal, default: privacy } }')
      .replace('approvers: { group: security }', 'approvers: { manager: true, fallback: coe-leads }');
    const org = parseOrgConfig(yamlText);
    expect(org.groups.legal).toEqual({ name: 'Legal', entraGroupId: G, members: [] });
    expect(org.review.stages.find((s) => s.id === 'privacy')!.approvers).toEqual({
      byBusinessUnit: { finance: 'legal', default: 'privacy' },
    });
    expect(org.review.stages.find((s) => s.id === 'security')!.approvers).toEqual({
      manager: true,
      fallback: 'coe-leads',
    });
  });

  it.each([
    [
      'a group with neither members nor an Entra group',
      sampleYaml.replace(/ {2}legal:\n {4}name: Legal\n {4}members:\n.*\n/, '  legal:\n    name: Legal\n'),
      /groups\.legal\.members: must list at least one member or name an entraGroupId/,
    ],
    [
      'an Entra group id that is not a GUID',
      sampleYaml.replace(/ {2}legal:\n {4}name: Legal\n/, '  legal:\n    name: Legal\n    entraGroupId: Legal Team\n'),
      /groups\.legal\.entraGroupId: must be an Entra object id/,
    ],
    [
      'business units without a default',
      sampleYaml.replace('approvers: { group: privacy }', 'approvers: { byBusinessUnit: { finance: privacy } }'),
      /review\.stages\.1\.approvers\.byBusinessUnit\.default: is required/,
    ],
    [
      'a business unit naming an unknown group',
      sampleYaml.replace(
        'approvers: { group: privacy }',
        'approvers: { byBusinessUnit: { finance: dpo-finance, default: privacy } }',
      ),
      /byBusinessUnit\.finance: names group "dpo-finance"/,
    ],
    [
      'a manager stage with an unknown fallback',
      sampleYaml.replace('approvers: { group: privacy }', 'approvers: { manager: true, fallback: nobody }'),
      /approvers\.fallback: names group "nobody"/,
    ],
    [
      'an approvers entry of no known shape',
      sampleYaml.replace('approvers: { group: privacy }', 'approvers: { role: dpo }'),
      /approvers: must be \{ group: <group id> \}/,
    ],
  ])('rejects %s and names the field', (_name, yamlText, message) => {
    expect(() => parseOrgConfig(yamlText)).toThrow(message);
  });

  it('the YAML directory answers managers, departments and Entra group stand-ins from the lists', async () => {
    const org = parseOrgConfig(
      sampleYaml
        .replace(
          'authors:',
          'people:\n  - { id: p-1, name: Pat Sales, department: Sales, managerId: 00000000-0000-0000-0000-0000000000022 }\nauthors:',
        )
        .replace(/ {2}legal:\n {4}name: Legal\n/, `  legal:\n    name: Legal\n    entraGroupId: ${G}\n`),
    );
    const yaml = new YamlDirectory(org);
    expect(await yaml.manager('p-1')).toEqual({
      id: '00000000-0000-0000-0000-0000000000022',
      name: 'Adele Vance',
      email: 'adelev@contoso.example',
    });
    expect((await yaml.person('p-1'))?.department).toBe('Sales');
    expect((await yaml.groupMembers(G)).map((m) => m.name)).toEqual(['Alex Wilber']);
    const people = new OrgDirectory(org);
    expect(people.mode).toBe('yaml');
    const stage = { ...org.review.stages[0], approvers: { manager: true as const } };
    expect(await resolveStage(stage, { submitterId: 'p-1', businessUnit: '' }, org, people)).toEqual({
      approvers: [{ id: '00000000-0000-0000-0000-0000000000022', name: 'Adele Vance' }],
      basis: { kind: 'manager', source: 'config' },
    });
    expect(unitKeyOf('  Human Resources & Payroll ')).toBe('human-resources-payroll');
  });
});

describe('directory environment variables', () => {
  it('is YAML unless COE_DIRECTORY=graph', () => {
    expect(loadEnv({ NODE_ENV: 'test' }).directory).toEqual({ mode: 'yaml' });
  });

  it('uses client credentials when a secret is given, the managed identity otherwise', () => {
    const secret = loadEnv({
      NODE_ENV: 'test',
      COE_DIRECTORY: 'graph',
      GRAPH_TENANT_ID: 't',
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 's',
      DIRECTORY_CACHE_TTL_SECONDS: '600',
    }).directory;
    expect(secret).toEqual({
      mode: 'graph',
      baseUrl: 'https://graph.microsoft.com/v1.0',
      credential: {
        kind: 'client-credentials',
        tenantId: 't',
        clientId: 'c',
        clientSecret: 's',
        authorityHost: 'https://login.microsoftonline.com',
      },
      cacheTtlMs: 600_000,
      refreshIntervalMs: 150_000,
    });
    const msi = loadEnv({
      NODE_ENV: 'test',
      COE_DIRECTORY: 'graph',
      BOT_ID: 'bot-client-id',
      BOT_TYPE: 'UserAssignedMsi',
      BOT_TENANT_ID: 't',
      IDENTITY_ENDPOINT: 'http://127.0.0.1:41741/msi/token',
      IDENTITY_HEADER: 'h',
    }).directory;
    expect(msi).toMatchObject({
      mode: 'graph',
      credential: {
        kind: 'managed-identity',
        endpoint: 'http://127.0.0.1:41741/msi/token',
        identityHeader: 'h',
        clientId: 'bot-client-id',
      },
    });
  });

  it('says what is missing when Graph has no credential', () => {
    expect(() => loadEnv({ NODE_ENV: 'test', COE_DIRECTORY: 'graph' })).toThrow(
      /COE_DIRECTORY: COE_DIRECTORY=graph needs a credential/,
    );
    expect(() => loadEnv({ NODE_ENV: 'test', COE_DIRECTORY: 'ldap' })).toThrow(/COE_DIRECTORY: must be "yaml"/);
  });
});
