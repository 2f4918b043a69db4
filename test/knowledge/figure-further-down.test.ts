import { indexedKnowledgeBase, type IndexedKnowledgeBase } from './indexed-knowledge-base';

/**
 * A question that asks for a duration whose figure sits in a passage ranked below the best five: the
 * answer quotes that passage, not "the knowledge base does not give the figure".
 */
// Seven sections that share the question's words one or two per sentence (so they rank first) but
// state no duration, and a long policy table whose one matching row states it (so it ranks lower).
const tagging = [
  '# Labelling guide',
  '',
  ...['Names', 'Values', 'Owners', 'Reports', 'Tooling', 'Examples', 'Reviews'].flatMap((h) => [
    `## ${h}`,
    '',
    `${h} matter for a long time. Missing entries are common. Labels help cost reports. Each resource appears in the report, which is kept with the cost reports. Owners read the report. The sample is small. A policy exists.`,
    '',
  ]),
].join('\n');

const policies = [
  '# Governance rules',
  '',
  '## Policy table',
  '',
  '| ID | Rule | Remediation |',
  '|---|---|---|',
  ...Array.from(
    { length: 20 },
    (_, i) =>
      `| GN${i + 10} | Rule number ${i + 10} applies to storage accounts and networks. | Reviewed by the platform team |`,
  ),
  '| RM02 | Tags are enforced on every resource. | Correct tagging within 30 days |',
  '',
].join('\n');

describe('a figure found below the best passages', () => {
  let kb: IndexedKnowledgeBase;

  beforeAll(async () => {
    kb = await indexedKnowledgeBase({ 'labelling.md': tagging, 'governance-rules.md': policies });
  });

  afterAll(async () => {
    await kb.close();
  });

  it('answers a "how long" question from the passage that states the duration, even when it ranks below the top five', async () => {
    const question = 'How long do resource owners have to fix missing labels under the sample policy?';
    const { answer, hits } = await kb.service.explain(question, { recordGaps: false });
    expect(hits.map((h) => h.passage.source)).not.toContain('governance-rules.md');
    expect(answer.grounded).toBe(true);
    expect(answer.text).toContain('30 days');
    expect(answer.citations.map((c) => c.source)).toContain('governance-rules.md');
  });

  it('still says the figure is not given when no passage states one of the asked kind', async () => {
    const { answer } = await kb.service.explain('How long are resource labels kept in the report?', {
      recordGaps: false,
    });
    expect(answer.grounded).toBe(false);
    expect(answer.text).toMatch(/does not give/);
  });
});
