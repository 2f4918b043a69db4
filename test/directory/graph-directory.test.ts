import { DirectoryUnavailableError } from '../../src/directory/directory-port';
import { GraphDirectory, retryAfterMs } from '../../src/directory/graph-directory';
import { ClientCredentialsTokenProvider, ManagedIdentityTokenProvider } from '../../src/directory/graph-token';
import { CLIENT_ID, CLIENT_SECRET, GraphStub, IDENTITY_HEADER, TENANT_ID } from '../support/graph-stub';

const GROUP = '0d6c1a2b-0000-4000-8000-000000000001';
const NESTED = '0d6c1a2b-0000-4000-8000-000000000002';

describe('GraphDirectory against a local Graph server', () => {
  let stub: GraphStub;
  let waits: number[];

  const directory = (overrides: Partial<ConstructorParameters<typeof GraphDirectory>[0]> = {}) =>
    new GraphDirectory({
      tokens: new ClientCredentialsTokenProvider({
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        authorityHost: stub.baseUrl,
      }),
      baseUrl: stub.graphUrl,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...overrides,
    });

  beforeEach(async () => {
    stub = await new GraphStub().start();
    waits = [];
    stub
      .addUser({ id: 'u-alex', displayName: 'Alex Wilber', mail: 'alexw@contoso.example', department: 'CoE' })
      .addUser({ id: 'u-megan', displayName: 'Megan Bowen', department: 'Finance', managerId: 'u-alex' })
      .addUser({ id: 'u-adele', displayName: 'Adele Vance', department: 'Legal' })
      .addUser({ id: 'u-lee', displayName: 'Lee Gu' })
      .addUser({ id: 'u-nestor', displayName: 'Nestor Wilke' });
    stub.groups.set(GROUP, ['u-alex', 'u-megan', NESTED, 'u-adele']);
    stub.groups.set(NESTED, ['u-lee', 'u-nestor', 'u-megan']);
  });
  afterEach(() => stub.stop());

  it('reads transitive members across @odata.nextLink pages with one client-credentials token, users only, each once', async () => {
    const members = await directory().groupMembers(GROUP);
    expect(members.map((m) => m.id)).toEqual(['u-alex', 'u-megan', 'u-lee', 'u-nestor', 'u-adele']);
    expect(members[0]).toEqual({
      id: 'u-alex',
      name: 'Alex Wilber',
      email: 'alexw@contoso.example',
      department: 'CoE',
    });
    // 7 directory objects (a nested group and a duplicate among them) in pages of 2: 4 requests.
    expect(stub.count(`/v1.0/groups/${GROUP}/transitiveMembers`)).toBe(4);
    expect(stub.tokensIssued).toBe(1);
    const tokenRequest = stub.requests.find((r) => r.form)!;
    expect(tokenRequest.path).toBe(`/${TENANT_ID}/oauth2/v2.0/token`);
    expect(tokenRequest.form!.get('grant_type')).toBe('client_credentials');
    expect(tokenRequest.form!.get('scope')).toBe('https://graph.microsoft.com/.default');
    expect(
      stub.requests.filter((r) => r.path.startsWith('/v1.0')).every((r) => r.authorization === 'Bearer stub-token-1'),
    ).toBe(true);
  });

  it('reads a manager and a department, and says "nobody" for a 404', async () => {
    const graph = directory();
    expect(await graph.manager('u-megan')).toEqual({
      id: 'u-alex',
      name: 'Alex Wilber',
      email: 'alexw@contoso.example',
      department: 'CoE',
    });
    expect(await graph.manager('u-adele')).toBeUndefined();
    expect((await graph.person('u-megan'))?.department).toBe('Finance');
    expect(await graph.person('u-nobody')).toBeUndefined();
    expect(await graph.groupMembers('0d6c1a2b-0000-4000-8000-00000000dead')).toEqual([]);
  });

  it('waits as long as a 429 Retry-After says, then retries; a 503 without one backs off and retries', async () => {
    stub.faults.push({ status: 429, retryAfter: '3' }, { status: 503 });
    const members = await directory().groupMembers(NESTED);
    expect(members.map((m) => m.name)).toEqual(['Lee Gu', 'Nestor Wilke', 'Megan Bowen']);
    expect(waits).toEqual([3000, 1000]);
    expect(stub.count(`/v1.0/groups/${NESTED}/transitiveMembers`)).toBe(4);
  });

  it('gives up with DirectoryUnavailableError when Graph stays down, or asks to wait longer than allowed', async () => {
    stub.down = true;
    await expect(directory({ maxAttempts: 3 }).groupMembers(GROUP)).rejects.toThrow(
      new DirectoryUnavailableError('Microsoft Graph is not answering (HTTP 503 after 3 attempts).'),
    );
    expect(waits).toEqual([500, 1000]);
    stub.down = false;
    waits.length = 0;
    stub.faults.push({ status: 429, retryAfter: '120' });
    await expect(directory({ maxRetryAfterMs: 30_000 }).manager('u-megan')).rejects.toBeInstanceOf(
      DirectoryUnavailableError,
    );
    expect(waits).toEqual([]);
  });

  it('names the missing permission when Graph answers 403, and fails plainly on a wrong secret without echoing it', async () => {
    const wrong = directory({
      tokens: new ClientCredentialsTokenProvider({
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: 'wrong',
        authorityHost: stub.baseUrl,
      }),
    });
    const err = await wrong.person('u-alex').catch((e: Error) => e);
    expect(err).toBeInstanceOf(DirectoryUnavailableError);
    expect((err as Error).message).toBe('Entra ID did not issue a Microsoft Graph token (invalid_client).');
    stub.faults.push({ status: 403 });
    await expect(directory().person('u-alex')).rejects.toThrow(/GroupMember\.Read\.All or User\.Read\.All/);
  });

  it('gets a token from the App Service managed identity endpoint for the bot identity', async () => {
    const tokens = new ManagedIdentityTokenProvider({
      endpoint: stub.msiEndpoint,
      identityHeader: IDENTITY_HEADER,
      clientId: CLIENT_ID,
    });
    const graph = directory({ tokens });
    expect((await graph.person('u-adele'))?.name).toBe('Adele Vance');
    expect((await graph.person('u-lee'))?.name).toBe('Lee Gu');
    const msi = stub.requests.filter((r) => r.path === '/msi/token');
    expect(msi).toHaveLength(1);
    expect(msi[0].identityHeader).toBe(IDENTITY_HEADER);
    expect(msi[0].query.get('client_id')).toBe(CLIENT_ID);
    expect(msi[0].query.get('api-version')).toBe('2019-08-01');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Sun, 06 Dec 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});
