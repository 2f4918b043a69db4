import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentLinkSigner } from '../../src/knowledge/documents/document-links';
import { ALEX, BotHarness, MEGAN, STRANGER } from '../support/bot-harness';

/**
 * Finding 1: documents whose front matter names an audience open only through a short-lived link the bot signed
 * for a person in that audience; every document response is a safe page (nosniff, restrictive CSP).
 */
describe('restricted playbooks and document pages', () => {
  const SECRET = 'test-link-secret-0123456789-abcdefghijklmnop';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-playbooks-'));
  let h: BotHarness;

  beforeAll(async () => {
    fs.writeFileSync(
      path.join(dir, 'staff-runbook.md'),
      '---\ntitle: Staff runbook\naudience: coe-staff\nowner: CoE Lead\n---\n\n# Staff runbook\n\n## Gateway key rotation\n\nThe quarterly gateway key rotation is done by the on-call CoE engineer with the vault break-glass account.\n',
    );
    fs.writeFileSync(
      path.join(dir, 'legal-notes.md'),
      '---\ntitle: Legal notes\naudience: legal\n---\n\n# Legal notes\n\nPending litigation about the Fabrikam contract is handled by outside counsel.\n',
    );
    fs.writeFileSync(
      path.join(dir, 'public-guide.md'),
      '---\ntitle: Public guide\nowner: CoE Lead\nlast_reviewed: 2026-10-15\n---\n\n# Public guide\n\n## Prompt hygiene\n\nKeep **secrets** out of prompts; see [the charter](coe-charter.md) and <script>alert(1)</script> [bad](javascript:alert(1)).\n\n| Tier | Review |\n| --- | --- |\n| High | Ethics Board |\n',
    );
    fs.writeFileSync(
      path.join(dir, 'upload.html'),
      '<html><body><h1>Uploaded page</h1><p>Hello from an uploaded page.</p><script>document.title = "pwned"</script></body></html>',
    );
    h = await BotHarness.start({
      env: { COE_PLAYBOOKS_DIR: dir, COE_LINK_SECRET: SECRET, PUBLIC_BASE_URL: 'https://coe-bot.contoso.example' },
    });
  }, 90_000);
  afterAll(async () => {
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The bot's own address for a citation link (the citation names the public base URL). */
  const local = (url: string) => url.replace('https://coe-bot.contoso.example', h.url);
  const get = (url: string) => fetch(local(url));
  const citationsOf = (message: Record<string, unknown>): Array<{ appearance: { name: string; url?: string } }> =>
    ((message.entities as Array<{ citation?: unknown[] }> | undefined) ?? []).flatMap(
      (e) => (e.citation ?? []) as Array<{ appearance: { name: string; url?: string } }>,
    );
  const expectSafeHeaders = (res: Response) => {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  };

  async function signedCitationFor(user: typeof MEGAN): Promise<string | undefined> {
    const replies = await h.say(user, 'Who does the quarterly gateway key rotation?');
    return citationsOf(replies.at(-1)!).find((c) => c.appearance.name === 'Staff runbook')?.appearance.url;
  }

  it('a restricted file by URL without a link is refused, and shows nothing of the document', async () => {
    const res = await fetch(`${h.url}/playbooks/staff-runbook.md`);
    expect(res.status).toBe(403);
    expectSafeHeaders(res);
    const body = await res.text();
    expect(body).toMatch(/restricted/);
    expect(body).not.toMatch(/break-glass|rotation|coe-staff/);
  });

  it('a person in the audience gets a signed citation link that opens the document as a readable page', async () => {
    const url = await signedCitationFor(MEGAN);
    expect(url).toMatch(
      /^https:\/\/coe-bot\.contoso\.example\/playbooks\/staff-runbook\.md\?for=[^&]+&exp=\d+&sig=[\w-]+#gateway-key-rotation$/,
    );
    const res = await get(url!);
    expect(res.status).toBe(200);
    expectSafeHeaders(res);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const page = await res.text();
    expect(page).toContain('<h2 id="gateway-key-rotation">Gateway key rotation</h2>');
    expect(page).toContain('break-glass account');
    expect(page).not.toMatch(/audience:|^---/m);
  });

  it('a person outside the audience gets no link to it (and no answer from it)', async () => {
    const replies = await h.say(STRANGER, 'Who does the quarterly gateway key rotation?');
    expect(JSON.stringify(replies)).not.toMatch(/staff-runbook|break-glass/);
  });

  it('a link signed for one person cannot be turned into one for another, nor used for another document', async () => {
    const url = new URL(local((await signedCitationFor(MEGAN))!));
    const forAlex = new URL(url);
    forAlex.searchParams.set('for', ALEX.aadObjectId);
    expect((await fetch(forAlex)).status).toBe(403);
    const otherDoc = new URL(url);
    otherDoc.pathname = '/playbooks/legal-notes.md';
    const res = await fetch(otherDoc);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toMatch(/Fabrikam/);
    const tampered = new URL(url);
    tampered.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 86_400));
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('an expired link is refused with a sentence saying how to get a fresh one', async () => {
    const twoHoursAgo = new DocumentLinkSigner({
      secret: SECRET,
      ttlSeconds: 3600,
      now: () => Date.now() - 2 * 3600_000,
    });
    const res = await fetch(
      `${h.url}/playbooks/staff-runbook.md?${twoHoursAgo.forPerson(MEGAN.aadObjectId)('staff-runbook.md')}`,
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/expired.*Ask CoE Assistant your question again/s);
    const fresh = new DocumentLinkSigner({ secret: SECRET, ttlSeconds: 3600 });
    expect(
      (await fetch(`${h.url}/playbooks/staff-runbook.md?${fresh.forPerson(MEGAN.aadObjectId)('staff-runbook.md')}`))
        .status,
    ).toBe(200);
  });

  it('a validly signed link for someone outside the audience is refused', async () => {
    const signer = new DocumentLinkSigner({ secret: SECRET, ttlSeconds: 3600 });
    expect(
      (await fetch(`${h.url}/playbooks/staff-runbook.md?${signer.forPerson(STRANGER.aadObjectId)('staff-runbook.md')}`))
        .status,
    ).toBe(403);
    expect(
      (await fetch(`${h.url}/playbooks/legal-notes.md?${signer.forPerson(MEGAN.aadObjectId)('legal-notes.md')}`))
        .status,
    ).toBe(403);
  });

  it('an unrestricted playbook is a readable page: front matter hidden, markup rendered, raw HTML and script links inert', async () => {
    const res = await fetch(`${h.url}/playbooks/public-guide.md`);
    expect(res.status).toBe(200);
    expectSafeHeaders(res);
    const page = await res.text();
    expect(page).toContain('<title>Public guide</title>');
    expect(page).toContain('<h2 id="prompt-hygiene">Prompt hygiene</h2>');
    expect(page).toContain('<strong>secrets</strong>');
    expect(page).toContain('<a href="coe-charter.md" rel="noopener noreferrer">the charter</a>');
    expect(page).toContain('<td>Ethics Board</td>');
    expect(page).toContain('Owner: CoE Lead');
    expect(page).not.toMatch(/<script|javascript:|last_reviewed:/);
  });

  it('an uploaded HTML file is served sandboxed (scripts cannot run), with nosniff', async () => {
    const res = await fetch(`${h.url}/playbooks/upload.html`);
    expect(res.status).toBe(200);
    expectSafeHeaders(res);
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox;/);
  });

  it('paths outside the folder and unknown files are 404', async () => {
    expect((await fetch(`${h.url}/playbooks/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${h.url}/playbooks/nope.md`)).status).toBe(404);
    expect((await fetch(`${h.url}/playbooks/%E0%A4%A`)).status).toBe(404);
  });
});
