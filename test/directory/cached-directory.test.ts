import { CachedDirectory } from '../../src/directory/cached-directory';
import { DirectoryUnavailableError } from '../../src/directory/directory-port';
import { GraphDirectory } from '../../src/directory/graph-directory';
import { ClientCredentialsTokenProvider } from '../../src/directory/graph-token';
import { silentLogger } from '../../src/observability/logger';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { TestClock } from '../review/review-fixtures';
import { CLIENT_ID, CLIENT_SECRET, GraphStub, TENANT_ID } from '../support/graph-stub';

const G = '9c000000-0000-4000-8000-000000000001';
const TTL = 10 * 60_000;

describe('CachedDirectory (PGlite)', () => {
  let db: Database;
  let stub: GraphStub;
  let clock: TestClock;
  let cache: CachedDirectory;
  const calls = () => stub.count(`/v1.0/groups/${G}/`);

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.query('delete from directory_cache');
    stub = await new GraphStub().start();
    stub.addUser({ id: 'u1', displayName: 'One' }).addUser({ id: 'u2', displayName: 'Two' });
    stub.groups.set(G, ['u1']);
    clock = new TestClock(new Date('2026-12-01T08:00:00Z'));
    const graph = new GraphDirectory({
      tokens: new ClientCredentialsTokenProvider({
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        authorityHost: stub.baseUrl,
      }),
      baseUrl: stub.graphUrl,
      maxAttempts: 1,
    });
    cache = new CachedDirectory({ db, source: graph, ttlMs: TTL, logger: silentLogger, now: clock.now });
  });
  afterEach(() => stub.stop());

  it('serves an answer younger than the TTL from the table and asks again after it', async () => {
    expect(await cache.groupMembers(G)).toMatchObject({ source: 'directory', value: [{ id: 'u1' }] });
    stub.groups.set(G, ['u1', 'u2']);
    expect(await cache.groupMembers(G)).toMatchObject({
      source: 'cache',
      value: [{ id: 'u1' }],
      fetchedAt: '2026-12-01T08:00:00.000Z',
    });
    expect(calls()).toBe(1);
    clock.advanceDays(TTL / 86_400_000 + 0.0001);
    expect((await cache.groupMembers(G)).value.map((p) => p.id)).toEqual(['u1', 'u2']);
    expect(calls()).toBe(2);
  });

  it('answers "nobody" for a missing manager and caches that too', async () => {
    expect(await cache.manager('u1')).toMatchObject({ value: undefined, source: 'directory' });
    expect(await cache.manager('u1')).toMatchObject({ value: undefined, source: 'cache' });
  });

  it('fails plainly when the directory is down and nothing is cached; with a cached answer it serves that and says why', async () => {
    stub.down = true;
    await expect(cache.groupMembers(G)).rejects.toBeInstanceOf(DirectoryUnavailableError);
    stub.down = false;
    await cache.groupMembers(G);
    stub.down = true;
    const fresh = await cache.groupMembers(G, 'fresh');
    expect(fresh).toMatchObject({
      source: 'cache',
      value: [{ id: 'u1' }],
      error: 'Microsoft Graph is not answering (HTTP 503 after 1 attempt).',
    });
    const [row] = await db.query<{ last_error: string }>('select last_error from directory_cache');
    expect(row.last_error).toContain('HTTP 503');
  });

  it('refreshes used entries near the end of their TTL in the background and drops entries unused for a week', async () => {
    await cache.groupMembers(G);
    await cache.person('u2');
    stub.groups.set(G, ['u2']);
    clock.current = new Date(clock.current.getTime() + TTL * 0.5);
    expect(await cache.refreshDue()).toBe(0);
    clock.current = new Date(clock.current.getTime() + TTL * 0.3);
    expect(await cache.refreshDue()).toBe(2);
    expect(await cache.groupMembers(G)).toMatchObject({ source: 'cache', value: [{ id: 'u2' }] });
    clock.advanceDays(8);
    await cache.refreshDue();
    expect(await db.query('select key from directory_cache')).toEqual([]);
  });
});
