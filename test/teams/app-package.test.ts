import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { buildAppPackage, readPngSize } from '../../scripts/package-app';
import { PROJECT_ROOT, officialSchema } from '../support/shared-paths';

const manifestText = fs.readFileSync(path.join(PROJECT_ROOT, 'appPackage/manifest.json'), 'utf8');
/** The official manifest schema is in ../shared/schemas (or COE_SCHEMAS_DIR); a plain clone has none, so those checks are skipped there. */
const schemaPath = officialSchema('teams-manifest-v1.30.schema.json');
const withSchema = schemaPath ? it : it.skip;
const values = {
  TEAMS_APP_ID: '6f1c2b1e-8d3a-4c57-9a3e-2b7f0c9d4e11',
  BOT_ID: '0a7e9d3c-5b21-4f6e-8c4d-1e2f3a4b5c6d',
  BOT_DOMAIN: 'coe-bot.azurewebsites.net',
  AAD_APP_CLIENT_ID: '3c9d2e41-7a5b-4f08-9e6d-5b4a3c2d1e0f',
};

function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaPath!, 'utf8')));
}

describe('Teams app package', () => {
  withSchema('manifest (placeholders filled) is valid against the official v1.30 schema', async () => {
    const zip = await JSZip.loadAsync(await buildAppPackage(values));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    const validate = validator();
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.copilotAgents.customEngineAgents[0]).toMatchObject({ id: values.BOT_ID, type: 'bot' });
    const lists = manifest.bots[0].commandLists as Array<{
      scopes: string[];
      commands: Array<{ title: string; type?: string; prompt?: string }>;
    }>;
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(
      lists
        .find((l) => l.scopes.includes('personal'))!
        .commands.filter((c) => c.type === 'prompt')
        .map((c) => c.prompt),
    ).toEqual(expect.arrayContaining(['I want to submit a new AI use case', 'Do I have anything to review?']));
    expect(manifest.id).toBe(values.TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(values.BOT_ID);
    expect(manifest.bots[0].scopes).toEqual(expect.arrayContaining(['personal', 'team', 'groupChat']));
    expect(manifest.staticTabs).toEqual([
      expect.objectContaining({
        entityId: 'coe-dashboard',
        contentUrl: `https://${values.BOT_DOMAIN}/tab/dashboard`,
        scopes: ['personal'],
      }),
    ]);
    // The tab's SSO app is the aadApp/create registration (the bot's managed identity cannot expose an API).
    expect(manifest.webApplicationInfo).toEqual({
      id: values.AAD_APP_CLIENT_ID,
      resource: `api://${values.BOT_DOMAIN}/${values.AAD_APP_CLIENT_ID}`,
    });
    expect(manifest.configurableTabs).toEqual([
      expect.objectContaining({
        configurationUrl: `https://${values.BOT_DOMAIN}/tab/config`,
        scopes: ['team', 'groupChat'],
      }),
    ]);
    const personal = lists.find((l) => l.scopes.includes('personal'))!.commands;
    expect(personal.map((c) => c.prompt ?? c.title)).toEqual(
      expect.arrayContaining(['my portfolio', 'report an AI incident', 'export inventory']),
    );
  });

  it('the SSO app registration (aad.manifest.json) exposes the resource the manifest names, and teamsapp.yml creates it before and updates it after the deployment that yields BOT_DOMAIN', () => {
    const aad = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'aad.manifest.json'), 'utf8'));
    const manifest = JSON.parse(manifestText);
    expect(aad.appId).toBe(manifest.webApplicationInfo.id);
    expect(aad.identifierUris).toEqual([manifest.webApplicationInfo.resource]);
    expect(aad.oauth2Permissions.map((p: { value: string }) => p.value)).toEqual(['access_as_user']);
    // Teams desktop/mobile and Teams web must be pre-authorised to ask for the scope silently.
    expect(aad.preAuthorizedApplications.map((a: { appId: string }) => a.appId)).toEqual(
      expect.arrayContaining(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']),
    );
    for (const file of ['teamsapp.yml', 'teamsapp.local.yml']) {
      const yml = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
      const at = (action: string) => yml.indexOf(`uses: ${action}`);
      const domain = file === 'teamsapp.yml' ? at('arm/deploy') : 0;
      expect(at('aadApp/create')).toBeGreaterThan(-1);
      expect(at('aadApp/create')).toBeLessThan(at('aadApp/update'));
      expect(at('aadApp/update')).toBeGreaterThan(domain);
      expect(at('aadApp/update')).toBeLessThan(at('teamsApp/zipAppPackage'));
      expect(yml).toContain('clientId: AAD_APP_CLIENT_ID');
      expect(yml).toContain('manifestPath: ./aad.manifest.json');
    }
  });

  withSchema('the schema check can fail: a misspelled scope and a too-long name are rejected', () => {
    const broken = JSON.parse(
      manifestText
        .replace(/\$\{\{TEAMS_APP_ID\}\}/g, values.TEAMS_APP_ID)
        .replace(/\$\{\{BOT_ID\}\}/g, values.BOT_ID)
        .replace(/\$\{\{BOT_DOMAIN\}\}/g, values.BOT_DOMAIN)
        .replace(/\$\{\{AAD_APP_CLIENT_ID\}\}/g, values.AAD_APP_CLIENT_ID),
    );
    const validate = validator();
    expect(validate(broken)).toBe(true);
    broken.bots[0].scopes = ['persnal'];
    broken.name.short = 'x'.repeat(40);
    expect(validate(broken)).toBe(false);
  });

  it('ships a 192x192 colour icon and a 32x32 outline icon with transparency', async () => {
    const zip = await JSZip.loadAsync(await buildAppPackage(values));
    const color = readPngSize(await zip.file('color.png')!.async('nodebuffer'));
    const outline = readPngSize(await zip.file('outline.png')!.async('nodebuffer'));
    expect(color).toMatchObject({ width: 192, height: 192 });
    expect(outline).toMatchObject({ width: 32, height: 32, hasAlpha: true });
  });

  it('refuses to package when a placeholder has no value', async () => {
    await expect(buildAppPackage({ TEAMS_APP_ID: values.TEAMS_APP_ID })).rejects.toThrow(/BOT_ID/);
  });
});
