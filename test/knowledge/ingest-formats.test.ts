import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { silentLogger } from '../../src/observability/logger';
import { KnowledgeService } from '../../src/knowledge/knowledge-service';
import { buildDocx, buildPdf, tempFolder, writeFiles } from './fixture-files';

const RISK_TIERS_MD = `---
title: Risk tiers
owner: Responsible AI Lead
last_reviewed: 2026-01-15
tags: [risk, governance]
---

# Risk tiers

Every use case gets one of four tiers.

## High

<!-- markdownlint-disable MD034 -->
A use case is High when it screens job applicants or decides on credit.
The AI Ethics Board reviews every High use case within 10 business days.

:::image type="content" source="./tiers.svg" alt-text="Diagram of the four tiers":::

> [!div class="nextstepaction"]
> [Submit a use case](https://example.com/submit)

## Minimal

Minimal use cases only need CoE triage.
`;

let db: Database;

beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
});

afterAll(async () => {
  await db.close();
});

describe('ingestion of each format', () => {
  let service: KnowledgeService;
  let dir: string;
  let summary: Awaited<ReturnType<KnowledgeService['indexDirectory']>>;
  const progress: Array<{ done: number; total: number; file: string }> = [];

  beforeAll(async () => {
    dir = tempFolder();
    writeFiles(dir, {
      'risk-tiers.md': RISK_TIERS_MD,
      'notes/meeting-notes.txt':
        'The steering committee meets every second Tuesday.\n\nMinutes are published in the CoE channel within two days.',
      'vendor.html':
        '<html><head><title>Vendor checklist</title><script>var hidden = "never indexed";</script></head><body><h1>Vendor checklist</h1><h2>Data residency</h2><p>Vendors must keep customer data in the EU region.</p><ul><li>Encryption at rest</li><li>Audit logs kept 12 months</li></ul></body></html>',
      'handbook.pdf': buildPdf([
        [{ text: 'Expense Handbook', size: 20 }, { text: 'Travel must be booked through the travel portal.' }],
        [{ text: 'Meals', size: 16 }, { text: 'The daily meal allowance is 45 euros per person.' }],
      ]),
      'onboarding.docx': await buildDocx([
        { text: 'Onboarding guide', style: 'Heading1' },
        { text: 'First week', style: 'Heading2' },
        { text: 'New joiners complete the AI Foundations course in their first week.' },
      ]),
      'diagram.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    });
    service = await KnowledgeService.create({ db, logger: silentLogger, publicBaseUrl: 'https://bot.example.com/' });
    summary = await service.indexDirectory(dir, (p) => progress.push(p));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('indexes markdown, text, HTML, PDF and DOCX files and reports progress', async () => {
    expect(summary).toMatchObject({ files: 5, indexed: 5, unchanged: 0, removed: 0, skipped: 1, errors: [] });
    expect(summary.chunks).toBeGreaterThanOrEqual(5);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.every((p) => p.total === 5)).toBe(true);
    expect(service.ready).toBe(true);
    expect(service.chunkCount).toBe(summary.chunks);
  });

  it('keeps the markdown front matter, heading path and a link anchor per passage', async () => {
    const [hit] = await service.search('Who reviews a High use case?');
    expect(hit.passage).toMatchObject({
      source: 'risk-tiers.md',
      title: 'Risk tiers',
      section: 'High',
      anchor: 'high',
      kind: 'markdown',
    });
    expect(hit.passage.text).toContain('AI Ethics Board reviews every High use case');
    // Authoring markup (HTML comments, DocFX directives) is not text a person reads.
    expect(hit.passage.text).not.toMatch(/<!--|markdownlint|\[!div|:::|alt-text/);
    expect(hit.passage.text).toContain('Diagram of the four tiers');
    expect(hit.passage.text).toContain('Submit a use case');
    const row = await db.query<{ meta: Record<string, unknown> }>(
      "select meta from knowledge_documents where source = 'risk-tiers.md'",
    );
    expect(row[0].meta).toMatchObject({
      owner: 'Responsible AI Lead',
      last_reviewed: '2026-01-15',
      tags: ['risk', 'governance'],
    });
    const answer = await service.ask('Who reviews a High use case?');
    expect(answer.citations[0].url).toBe('https://bot.example.com/playbooks/risk-tiers.md#high');
  });

  it('gives PDF passages the page they start on and a page link', async () => {
    const [hit] = await service.search('daily meal allowance');
    expect(hit.passage).toMatchObject({ source: 'handbook.pdf', page: 2, anchor: 'page=2', kind: 'pdf' });
    expect(hit.passage.section).toBe('Expense Handbook > Meals');
    expect(hit.passage.text).toContain('45 euros');
    const [first] = await service.search('travel portal booking');
    expect(first.passage.page).toBe(1);
  });

  it('reads HTML without scripts and keeps list items', async () => {
    const [hit] = await service.search('audit logs data residency');
    expect(hit.passage).toMatchObject({ source: 'vendor.html', title: 'Vendor checklist', section: 'Data residency' });
    expect(hit.passage.text).toContain('Audit logs kept 12 months');
    expect(service.passages.some((p) => p.text.includes('never indexed'))).toBe(false);
  });

  it('reads Word headings as the section path and plain text from subfolders', async () => {
    const [docx] = await service.search('AI Foundations course first week');
    expect(docx.passage).toMatchObject({
      source: 'onboarding.docx',
      title: 'Onboarding guide',
      section: 'First week',
      kind: 'docx',
    });
    const [txt] = await service.search('steering committee Tuesday');
    expect(txt.passage).toMatchObject({ source: 'notes/meeting-notes.txt', kind: 'text' });
  });
});

describe('unreadable files and incremental re-indexing', () => {
  let dir: string;

  beforeEach(async () => {
    dir = tempFolder();
    await db.query('delete from knowledge_documents');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a corrupt file with its name and a plain reason, and indexes the rest', async () => {
    writeFiles(dir, {
      'good.md': '# Good\n\nThe pilot budget limit is 25,000 dollars.',
      'broken.pdf': Buffer.from('%PDF-1.4\nthis is not really a pdf at all'),
      'broken.docx': Buffer.from('not a zip file'),
      'bad-front-matter.md': '---\ntitle: [unclosed\n---\n\nText.',
    });
    const service = await KnowledgeService.create({ db, logger: silentLogger });
    const summary = await service.indexDirectory(dir);
    expect(summary.indexed).toBe(1);
    expect(summary.skipped).toBe(3);
    const byFile = Object.fromEntries(summary.errors.map((e) => [e.file, e.reason]));
    expect(Object.keys(byFile).sort()).toEqual(['bad-front-matter.md', 'broken.docx', 'broken.pdf']);
    expect(byFile['broken.pdf']).toMatch(/not a valid PDF|could not be read/);
    expect(byFile['broken.docx']).toMatch(/not a valid Word document/);
    expect(byFile['bad-front-matter.md']).toMatch(/front matter is not valid YAML/);
    expect((await service.ask('What is the pilot budget limit?')).text).toContain('25,000');
  });

  it('skips unchanged files, re-chunks changed ones and removes deleted ones from answers', async () => {
    writeFiles(dir, {
      'a.md': '# Retention\n\nChat logs are kept for 30 days.',
      'b.md': '# Parking\n\nVisitor parking is on level minus two.',
      'c.md': '# Badges\n\nLost badges are replaced at the front desk.',
    });
    const service = await KnowledgeService.create({ db, logger: silentLogger });
    expect(await service.indexDirectory(dir)).toMatchObject({ indexed: 3, unchanged: 0, removed: 0 });

    writeFiles(dir, { 'a.md': '# Retention\n\nChat logs are kept for 90 days.' });
    fs.rmSync(path.join(dir, 'b.md'));
    const second = await service.indexDirectory(dir);
    expect(second).toMatchObject({ files: 2, indexed: 1, unchanged: 1, removed: 1, errors: [] });

    const retention = await service.ask('How long are chat logs kept?');
    expect(retention.text).toContain('90 days');
    expect(retention.text).not.toContain('30 days');
    expect((await service.search('visitor parking level')).map((h) => h.passage.source)).not.toContain('b.md');
    expect(await db.query("select source from knowledge_chunks where source = 'b.md'")).toEqual([]);
  });

  it('builds the search index of a second instance from the database rows and picks up changes made by another instance', async () => {
    writeFiles(dir, { 'a.md': '# Retention\n\nChat logs are kept for 30 days.' });
    const first = await KnowledgeService.create({ db, logger: silentLogger });
    await first.indexDirectory(dir);
    const second = await KnowledgeService.create({ db, logger: silentLogger, refreshIntervalMs: 0 });
    expect(second.chunkCount).toBe(first.chunkCount);
    expect((await second.search('chat logs kept'))[0].passage.source).toBe('a.md');

    writeFiles(dir, { 'b.md': '# Parking\n\nVisitor parking is on level minus two.' });
    await first.indexDirectory(dir);
    const answer = await second.ask('Where is visitor parking?');
    expect(answer.citations[0]?.source).toBe('b.md');
    expect(second.chunkCount).toBe(first.chunkCount);
  });
});
