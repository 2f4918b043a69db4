import { announcementInputSchema, formToInput } from '../../src/announcements/announcement-input';
import { AnnouncementService } from '../../src/announcements/announcement-service';
import { describeAudience } from '../../src/announcements/author-cards';
import { composeCard } from '../../src/announcements/compose-card';
import { expectValidCard } from '../support/card-schema';
import { CachedDirectory } from '../../src/directory/cached-directory';
import { audienceGroupsFrom } from '../../src/directory/audience-groups';
import { GraphDirectory } from '../../src/directory/graph-directory';
import { ClientCredentialsTokenProvider } from '../../src/directory/graph-token';
import { OrgDirectory } from '../../src/directory/org-directory';
import { silentLogger } from '../../src/observability/logger';
import { AuditLog } from '../../src/store/audit-log';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { reviewOrg } from '../review/review-fixtures';
import { CLIENT_ID, CLIENT_SECRET, GraphStub, TENANT_ID } from '../support/graph-stub';
import { seedPersonalChats } from '../support/seed-personal-chats';

const G_BOARD = '7a000000-0000-4000-8000-0000000b0a4d';
const G_NESTED = '7a000000-0000-4000-8000-00000000e57e';
const G_OTHER = '7a000000-0000-4000-8000-0000000007e4';

describe('announcement audiences from directory groups', () => {
  let db: Database;
  let stub: GraphStub;
  const org = reviewOrg((raw) => {
    raw.groups['ethics-board'].entraGroupId = G_BOARD;
    raw.groups['coe-staff'].members = [{ id: 'grp-aad-4', name: 'Person 4' }];
  });
  const announcement = (groupIds: string[]) => ({
    title: 'Model policy update',
    body: 'Please read the new policy.',
    category: 'policy',
    audience: { kind: 'directory-groups', groupIds },
  });
  const recipients = async (id: number) =>
    (
      await db.query<{ aad_object_id: string }>(
        `select aad_object_id from announcement_deliveries where announcement_id = $1 order by aad_object_id`,
        [id],
      )
    ).map((r) => r.aad_object_id);

  const service = (people: OrgDirectory) =>
    new AnnouncementService({
      db,
      audit: new AuditLog(db),
      policy: { isAdmin: () => true, isAuthor: () => true },
      settings: org.announcements,
      logger: silentLogger,
      groups: audienceGroupsFrom(org, people),
    });

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
    await seedPersonalChats(db, 'http://127.0.0.1:9/', 5, 'grp');
    stub = await new GraphStub().start();
    for (let i = 1; i <= 6; i++) stub.addUser({ id: `grp-aad-${i}`, displayName: `Person ${i}` });
    stub.groups.set(G_BOARD, ['grp-aad-1', G_NESTED, 'grp-aad-6']);
    stub.groups.set(G_NESTED, ['grp-aad-2', 'grp-aad-3']);
    stub.groups.set(G_OTHER, ['grp-aad-5']);
  });
  afterAll(async () => {
    await db.close();
    await stub.stop();
  });

  it('sends 1:1 to the members of an Entra group (nested ones too) and of a group named by its object id, if they installed the bot', async () => {
    const graph = new GraphDirectory({
      tokens: new ClientCredentialsTokenProvider({
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        authorityHost: stub.baseUrl,
      }),
      baseUrl: stub.graphUrl,
    });
    const people = new OrgDirectory(
      org,
      new CachedDirectory({ db, source: graph, ttlMs: 60_000, logger: silentLogger }),
    );
    const result = await service(people).createFromApi(announcement(['ethics-board', G_OTHER]), undefined);
    if (!result.ok) throw new Error(result.message);
    // grp-aad-6 is in the group but never installed the bot; the board's listed members have no chat either.
    expect(await recipients(result.value.announcement.id)).toEqual([
      'grp-aad-1',
      'grp-aad-2',
      'grp-aad-3',
      'grp-aad-5',
    ]);
    expect(result.value.announcement.audience).toEqual({
      kind: 'directory-groups',
      groupIds: ['ethics-board', G_OTHER],
    });
  });

  it('uses the listed members without Graph, and refuses a group nobody knows', async () => {
    const offline = service(new OrgDirectory(org));
    const sent = await offline.createFromApi(announcement(['coe-staff']), undefined);
    if (!sent.ok) throw new Error(sent.message);
    expect(await recipients(sent.value.announcement.id)).toEqual(['grp-aad-4']);
    const refused = await offline.createFromApi(announcement(['marketing']), undefined);
    expect(refused).toMatchObject({
      ok: false,
      code: 'invalid',
      issues: ['Unknown groups: marketing. Use a group id from COE_CONFIG or an Entra group object id.'],
    });
  });

  it('offers the configured groups in the compose form and reads the chosen ones back', async () => {
    const options = await service(new OrgDirectory(org)).composeOptions({ aadObjectId: 'author', name: 'Author' });
    if (!options.ok) throw new Error(options.message);
    expect(options.value.groups).toContainEqual({ id: 'ethics-board', name: 'AI Ethics Board' });
    const form = composeCard({ ...options.value });
    expectValidCard(form);
    expect(JSON.stringify(form)).toContain('"id":"groupIds"');
    const input = announcementInputSchema(org.announcements.categories).parse(
      formToInput({
        title: 'T',
        body: 'B',
        category: 'policy',
        audience: 'directory-groups',
        groupIds: 'ethics-board,coe-staff',
      }),
    );
    expect(input.audience).toEqual({ kind: 'directory-groups', groupIds: ['ethics-board', 'coe-staff'] });
    expect(
      describeAudience(
        { audience: input.audience, category: 'policy' },
        new Map([
          ['ethics-board', 'AI Ethics Board'],
          ['coe-staff', 'CoE staff'],
        ]),
      ),
    ).toBe('Members of AI Ethics Board, CoE staff (1:1)');
  });
});
