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
