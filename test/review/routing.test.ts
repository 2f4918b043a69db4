import { ConfigError } from '../../src/config/config-error';
import type { RiskTier, UseCaseFacts } from '../../src/intake/use-case-facts';
import { addBusinessDays } from '../../src/review/business-days';
import { routeUseCase } from '../../src/review/route-use-case';
import { FACTS, orgFrom, rawOrg } from './review-fixtures';

const org = orgFrom(rawOrg());
const FRIDAY_3PM = new Date('2026-11-06T15:00:00Z');

interface Row {
  name: string;
  facts: UseCaseFacts;
  tier: RiskTier;
  stages: string[];
  after?: Record<string, string[]>;
  explanations: string[];
}

const TABLE: Row[] = [
  {
    name: 'internal advisory tool, no personal data (Minimal)',
    facts: FACTS.minimal,
    tier: 'minimal',
    stages: ['coe-triage'],
    explanations: ['CoE triage because: every use case is triaged by the CoE'],
  },
  {
    name: 'personal data on Azure OpenAI (Limited)',
    facts: FACTS.personal,
    tier: 'limited',
    stages: ['coe-triage', 'privacy'],
    after: { privacy: ['coe-triage'] },
    explanations: [
      'CoE triage because: every use case is triaged by the CoE',
      'Privacy review because: personal data (Personal data)',
    ],
  },
  {
    name: 'public chatbot on a vendor SaaS (Limited)',
    facts: FACTS.publicChatbot,
    tier: 'limited',
    stages: ['coe-triage', 'legal', 'security'],
    after: { legal: ['coe-triage'], security: ['coe-triage'] },
    explanations: [
      'CoE triage because: every use case is triaged by the CoE',
      'Legal review because: customers or the public are affected (Public, Yes)',
      'Security review because: vendor or self-hosted model, or Confidential data (Vendor SaaS)',
    ],
  },
  {
    name: 'CV screening with personal data (High): the board waits only for the stages that apply',
    facts: FACTS.cvScreening,
    tier: 'high',
    stages: ['coe-triage', 'privacy', 'ethics-board'],
    after: { privacy: ['coe-triage'], 'ethics-board': ['coe-triage', 'privacy'] },
    explanations: [
      'CoE triage because: every use case is triaged by the CoE',
      'Privacy review because: personal data (Personal data)',
      'AI Ethics Board because: High-tier use case (High)',
    ],
  },
  {
    name: 'High tier with no parallel stage: the board still follows triage',
    facts: FACTS.highInternal,
    tier: 'high',
    stages: ['coe-triage', 'ethics-board'],
    after: { 'ethics-board': ['coe-triage'] },
    explanations: [
      'CoE triage because: every use case is triaged by the CoE',
      'AI Ethics Board because: High-tier use case (High)',
    ],
  },
  {
    name: 'special-category data, Highly confidential (High)',
    facts: FACTS.healthNotes,
    tier: 'high',
    stages: ['coe-triage', 'privacy', 'security', 'ethics-board'],
    after: { 'ethics-board': ['coe-triage', 'privacy', 'security'] },
    explanations: [
      'CoE triage because: every use case is triaged by the CoE',
      'Privacy review because: personal data (Special-category personal data)',
      'Security review because: vendor or self-hosted model, or Confidential data (Highly confidential)',
      'AI Ethics Board because: High-tier use case (High)',
    ],
  },
];

describe('routeUseCase: submissions to stages', () => {
  it.each(TABLE)('$name', (row) => {
    const route = routeUseCase({ facts: row.facts, tier: row.tier, tierReasons: [] }, org, FRIDAY_3PM);
    if (route.kind !== 'review') throw new Error('expected a review route');
    expect(route.stages.map((s) => s.id)).toEqual(row.stages);
    expect(route.stages.map((s) => s.explanation)).toEqual(row.explanations);
    for (const [id, after] of Object.entries(row.after ?? {}))
      expect(route.stages.find((s) => s.id === id)?.after).toEqual(after);
    expect(route.stages[0].after).toEqual([]);
  });

  it('resolves approvers, backup and policy from the groups, and dates the first stage in business days', () => {
    const route = routeUseCase({ facts: FACTS.cvScreening, tier: 'high', tierReasons: [] }, org, FRIDAY_3PM);
    if (route.kind !== 'review') throw new Error('expected a review route');
    const [triage, privacy, board] = route.stages;
    expect(triage.approvers.map((p) => p.name)).toEqual(['Alex Wilber']);
    expect(triage.backup?.name).toBe('Megan Bowen');
    expect(triage.dueAt).toBe('2026-11-10T15:00:00.000Z');
    expect(privacy.dueAt).toBeUndefined();
    expect(board.policy).toEqual({ type: 'quorum', n: 2 });
    expect(board.approvers.map((p) => p.name)).toEqual(['Alex Wilber', 'Megan Bowen', 'Adele Vance']);
    expect(board.backup).toBeUndefined();
  });

  it('does not route a Prohibited use case: it is rejected with the tier reasons', () => {
    const route = routeUseCase(
      {
        facts: FACTS.emotions,
        tier: 'prohibited',
        tierReasons: ['The use case involves a practice the EU AI Act prohibits'],
      },
      org,
    );
    expect(route).toEqual({
      kind: 'auto-reject',
      reasons: ['The use case involves a practice the EU AI Act prohibits'],
    });
  });
});

describe('business days', () => {
  it.each([
    ['Friday 15:00 + 2', '2026-11-06T15:00:00Z', 2, '2026-11-10T15:00:00.000Z'],
    ['Monday 09:00 + 5 (a week)', '2026-11-09T09:00:00Z', 5, '2026-11-16T09:00:00.000Z'],
    ['Saturday + 1 starts on Monday', '2026-11-07T12:00:00Z', 1, '2026-11-10T00:00:00.000Z'],
    ['Monday 00:00 + 1.5 (75% of 2)', '2026-11-09T00:00:00Z', 1.5, '2026-11-10T12:00:00.000Z'],
    ['Thursday 12:00 + 10 (two weeks)', '2026-11-05T12:00:00Z', 10, '2026-11-19T12:00:00.000Z'],
  ])('%s', (_name, start, days, expected) => {
    expect(addBusinessDays(new Date(start), days).toISOString()).toBe(expected);
  });
});

describe('routing rules are checked at start-up', () => {
  const fails = (patch: (raw: Record<string, any>) => void): string => {
    const raw = rawOrg();
    patch(raw);
    try {
      orgFrom(raw);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected the configuration to be refused');
  };

  it('accepts the shipped configuration', () => {
    expect(org.review.stages).toHaveLength(5);
    expect(org.review.informOnProhibited).toBe('ethics-board');
  });

  it('refuses a quorum larger than the group, naming the field', () => {
    const message = fails((raw) => {
      raw.review.stages[4].policy = { type: 'quorum', n: 4 };
    });
    expect(message).toContain('review.stages.4.policy.n');
    expect(message).toContain('asks for 4 approvals but the stage has only 3 approvers');
  });

  it('refuses an `after` naming an unknown or later stage', () => {
    expect(fails((raw) => (raw.review.stages[1].after = ['nope']))).toContain(
      'review.stages.1.after.0: names stage "nope", which is not defined.',
    );
    expect(fails((raw) => (raw.review.stages[0].after = ['privacy']))).toContain('review.stages.0.after.0');
  });

  it('refuses an unknown group, an unknown fact in a condition and an unknown group to inform', () => {
    expect(fails((raw) => (raw.review.stages[2].approvers = { group: 'lawyers' }))).toContain(
      'review.stages.2.approvers.group',
    );
    expect(fails((raw) => (raw.review.stages[1].when = { field: 'colour', in: ['red'] }))).toContain(
      'review.stages.1.when',
    );
    expect(fails((raw) => (raw.review.informOnProhibited = 'board'))).toContain('review.informOnProhibited');
  });
});
