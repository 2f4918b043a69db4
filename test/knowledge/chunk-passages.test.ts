import { chunkPassages } from '../../src/knowledge/ingest/chunk-passages';
import { parseMarkdown } from '../../src/knowledge/ingest/parse-markdown';

/** A Markdown table with `rows` policy rows, each a line of its own in the source. */
function policyTable(rows: number): string {
  const lines = ['| ID | Statement | Remediation |', '| --- | --- | --- |'];
  for (let i = 1; i <= rows; i++)
    lines.push(
      `| P${String(i).padStart(2, '0')} | Teams must review policy ${i} every quarter. | Fix within ${i * 10} days |`,
    );
  return `# Policies\n\n## Example policies\n\n${lines.join('\n')}\n`;
}

describe('passages cut from a long table or list', () => {
  it('keeps each table row on a line of its own when a block is split across passages', () => {
    const blocks = parseMarkdown(policyTable(40), 'policies.md').blocks;
    const passages = chunkPassages(blocks, { targetChars: 600, maxChars: 900, minChars: 120 });
    expect(passages.length).toBeGreaterThan(2);
    const lines = passages.flatMap((p) => p.text.split('\n'));
    expect(lines.filter((l) => /^P\d\d \|/.test(l))).toHaveLength(40);
    expect(lines.some((l) => (l.match(/\bP\d\d \|/g) ?? []).length > 1)).toBe(false);
  });
});

describe('short introductions', () => {
  const doc = (entry: string): string =>
    `# Handbook\n\nShort answers to common questions.\n\n## ${entry}\n\nOnly with Public information. Consumer tools are never allowed for Internal data.\n`;

  it('joins a short introduction to the passage of the sub-section that follows it', () => {
    const passages = chunkPassages(parseMarkdown(doc('Consumer tools'), 'handbook.md').blocks);
    expect(passages).toHaveLength(1);
    expect(passages[0].section).toBe('Consumer tools');
    expect(passages[0].text).toMatch(/^Short answers to common questions\.\nOnly with Public information\./);
  });

  it('keeps it apart from an FAQ entry, whose passage opens with the answer to its own question', () => {
    const passages = chunkPassages(parseMarkdown(doc('Can I use consumer tools?'), 'handbook.md').blocks);
    expect(passages.map((p) => p.section)).toEqual(['', 'Can I use consumer tools?']);
    expect(passages[1].text).toMatch(/^Only with Public information\./);
  });
});
