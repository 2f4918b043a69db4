import * as path from 'node:path';
import { loadOrgConfig } from '../../src/org-settings';
import { riskTierConfigSchema } from '../../src/intake/risk-rules-schema';
import { computeRiskTier, impliedRiskTier } from '../../src/intake/risk-tier';
import type { UseCaseFacts } from '../../src/intake/use-case-facts';

const rules = loadOrgConfig(path.resolve(__dirname, '../../config/coe.yaml')).riskTiers;

const minimalBase: UseCaseFacts = {
  dataClassification: 'internal',
  personalData: 'none',
  affected: ['employees'],
  scale: 'department',
  outputUse: 'advisory',
  highRiskDomains: [],
  prohibitedPractices: [],
  customerFacing: false,
  generatedContentShown: false,
  hosting: 'azure-openai',
};

describe('computeRiskTier with the rules in config/coe.yaml (worked examples of playbooks/risk-tiers.md)', () => {
  const table: Array<[string, UseCaseFacts, string, string[]]> = [
    [
      'analysts summarising internal policy documents for their own use',
      minimalBase,
      'minimal',
      ['None of the Prohibited, High or Limited conditions apply'],
    ],
    [
      'drafting replies to customer emails, an agent checks each reply',
      {
        ...minimalBase,
        affected: ['customers'],
        personalData: 'personal',
        generatedContentShown: true,
        outputUse: 'human-in-the-loop',
        dataClassification: 'confidential',
      },
      'limited',
      [
        'Customers or the public are affected: Customers',
        'Generated content is shown to people',
        'Personal data is processed',
        'Data classified Confidential or Highly confidential: Confidential',
      ],
    ],
    [
      'chatbot on the public website answering product questions',
      {
        ...minimalBase,
        affected: ['customers', 'public'],
        customerFacing: true,
        generatedContentShown: true,
        dataClassification: 'public',
      },
      'limited',
      ['Customers or the public are affected: Customers, Public', 'Generated content is shown to people'],
    ],
    [
      'screening job applicants CVs and ranking them',
      { ...minimalBase, highRiskDomains: ['employment'], personalData: 'personal' },
      'high',
      ['Used in a high-risk domain: Employment and worker management'],
    ],
    [
      'automatically approving or declining insurance claims',
      { ...minimalBase, highRiskDomains: ['credit-insurance'], outputUse: 'fully-automated', affected: ['customers'] },
      'high',
      ['Used in a high-risk domain: Credit and insurance', 'Fully automated decisions about people'],
    ],
    [
      'summarising occupational health notes for HR',
      { ...minimalBase, personalData: 'special-category', dataClassification: 'highly-confidential' },
      'high',
      ['Special-category personal data'],
    ],
    [
      'detecting employees emotions on video calls (prohibited wins over high)',
      {
        ...minimalBase,
        prohibitedPractices: ['emotion-recognition'],
        highRiskDomains: ['employment'],
        personalData: 'special-category',
      },
      'prohibited',
      [
        'The use case involves a practice the EU AI Act prohibits: Emotion recognition in the workplace or in education',
      ],
    ],
    [
      'several prohibited practices are all named in the one reason',
      { ...minimalBase, prohibitedPractices: ['social-scoring', 'predictive-policing'] },
      'prohibited',
      [
        'The use case involves a practice the EU AI Act prohibits: Social scoring, Predicting criminal offences from profiling',
      ],
    ],
    [
      'customer-facing alone does not raise the tier (no rule uses customerFacing)',
      { ...minimalBase, customerFacing: true },
      'minimal',
      ['None of the Prohibited, High or Limited conditions apply'],
    ],
    ['no answers at all', {}, 'minimal', ['None of the Prohibited, High or Limited conditions apply']],
  ];

  it.each(table)('%s', (_name, facts, tier, reasons) => {
    expect(computeRiskTier(facts, rules)).toEqual({ tier, reasons });
  });

  it('is deterministic: the same facts give the same result', () => {
    const facts: UseCaseFacts = { ...minimalBase, affected: ['public', 'customers'], personalData: 'personal' };
    expect(computeRiskTier(facts, rules)).toEqual(computeRiskTier(structuredClone(facts), rules));
  });
});

describe('computeRiskTier over other rule sets', () => {
  it('checks tiers in severity order whatever order the rules are written in', () => {
    const config = riskTierConfigSchema.parse({
      rules: [
        { tier: 'limited', reason: 'Personal data is processed', when: { field: 'personalData', in: ['personal'] } },
        { tier: 'high', reason: 'Customers are affected', when: { field: 'affected', in: ['customers'] } },
      ],
    });
    expect(computeRiskTier({ personalData: 'personal', affected: ['customers'] }, config)).toEqual({
      tier: 'high',
      reasons: ['Customers are affected'],
    });
  });

  it('never lets a stored tier fact decide the tier', () => {
    const config = riskTierConfigSchema.parse({
      rules: [{ tier: 'high', reason: 'Was high before', when: { field: 'tier', in: ['high'] } }],
    });
    expect(computeRiskTier({ tier: 'high' }, config).tier).toBe('minimal');
  });

  it('uses the configured default tier and says which tiers did not apply', () => {
    const config = riskTierConfigSchema.parse({
      defaultTier: 'limited',
      rules: [{ tier: 'high', reason: 'Biometrics', when: { field: 'highRiskDomains', in: ['biometrics'] } }],
    });
    expect(computeRiskTier({}, config)).toEqual({
      tier: 'limited',
      reasons: ['None of the Prohibited or High conditions apply'],
    });
  });

  it('explains composite conditions with the answers that matched', () => {
    const config = riskTierConfigSchema.parse({
      rules: [
        {
          tier: 'limited',
          reason: 'Exposed outside the team',
          when: {
            anyOf: [
              { field: 'scale', in: ['organisation', 'external'] },
              { field: 'customerFacing', in: [true] },
            ],
          },
        },
      ],
    });
    expect(computeRiskTier({ scale: 'external', customerFacing: true }, config).reasons).toEqual([
      'Exposed outside the team: External users at scale, Yes',
    ]);
  });

  it('impliedRiskTier is undefined until some rule matches', () => {
    expect(impliedRiskTier({ personalData: 'none' }, rules)).toBeUndefined();
    expect(impliedRiskTier({ personalData: 'personal' }, rules)).toEqual({
      tier: 'limited',
      reasons: ['Personal data is processed'],
    });
  });
});
