/** The facts about a use case that risk tiering and review routing look at; the wizard collects them. */

export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'highly-confidential'] as const;
export const PERSONAL_DATA = ['none', 'personal', 'special-category'] as const;
export const AFFECTED = ['employees', 'customers', 'public'] as const;
export const SCALES = ['team', 'department', 'organisation', 'external'] as const;
export const OUTPUT_USES = ['advisory', 'human-in-the-loop', 'fully-automated'] as const;
export const HIGH_RISK_DOMAINS = [
  'employment',
  'credit-insurance',
  'education',
  'essential-services',
  'biometrics',
  'law-enforcement',
  'critical-infrastructure',
  'migration',
  'justice-democracy',
] as const;
export const PROHIBITED_PRACTICES = [
  'social-scoring',
  'manipulation',
  'exploiting-vulnerabilities',
  'facial-scraping',
  'emotion-recognition',
  'biometric-categorisation',
  'predictive-policing',
  'realtime-biometric-id',
] as const;
export const HOSTING = ['azure-openai', 'other-hosted', 'open-weights', 'vendor-saas'] as const;
export const BUILD_OR_BUY = ['build', 'buy', 'partner'] as const;
export const RISK_TIERS = ['prohibited', 'high', 'limited', 'minimal'] as const;

export type RiskTier = (typeof RISK_TIERS)[number];

/** Human labels for every coded value, used on cards and in explanations. */
export const LABELS: Record<string, string> = {
  public: 'Public',
  internal: 'Internal',
  confidential: 'Confidential',
  'highly-confidential': 'Highly confidential',
  none: 'None',
  personal: 'Personal data',
  'special-category': 'Special-category personal data',
  employees: 'Employees',
  customers: 'Customers',
  team: 'One team',
  department: 'A department',
  organisation: 'The whole organisation',
  external: 'External users at scale',
  advisory: 'Advisory (people decide)',
  'human-in-the-loop': 'Human-in-the-loop (a person approves each output)',
  'fully-automated': 'Fully automated decisions',
  employment: 'Employment and worker management',
  'credit-insurance': 'Credit and insurance',
  education: 'Education and vocational training',
  'essential-services': 'Essential public and private services',
  biometrics: 'Biometrics',
  'law-enforcement': 'Law enforcement',
  'critical-infrastructure': 'Critical infrastructure',
  migration: 'Migration and border control',
  'justice-democracy': 'Administration of justice and democratic processes',
  'social-scoring': 'Social scoring',
  manipulation: 'Manipulative or deceptive techniques that distort behaviour',
  'exploiting-vulnerabilities': 'Exploiting vulnerabilities due to age, disability or social or economic situation',
  'facial-scraping': 'Untargeted scraping of facial images',
  'emotion-recognition': 'Emotion recognition in the workplace or in education',
  'biometric-categorisation': 'Biometric categorisation by sensitive characteristics',
  'predictive-policing': 'Predicting criminal offences from profiling',
  'realtime-biometric-id': 'Real-time remote biometric identification in public spaces for law enforcement',
  'azure-openai': 'Azure OpenAI in our tenant',
  'other-hosted': 'Other hosted model',
  'open-weights': 'Open-weights model, self-hosted',
  'vendor-saas': 'Vendor SaaS',
  build: 'Build',
  buy: 'Buy',
  partner: 'Partner',
  prohibited: 'Prohibited',
  high: 'High',
  limited: 'Limited',
  minimal: 'Minimal',
};

/** Facts as the rules see them: coded values, lists for multi-choice answers, booleans for yes/no. */
export interface UseCaseFacts {
  businessUnit?: string;
  dataClassification?: (typeof DATA_CLASSIFICATIONS)[number];
  personalData?: (typeof PERSONAL_DATA)[number];
  affected?: Array<(typeof AFFECTED)[number]>;
  scale?: (typeof SCALES)[number];
  outputUse?: (typeof OUTPUT_USES)[number];
  highRiskDomains?: Array<(typeof HIGH_RISK_DOMAINS)[number]>;
  prohibitedPractices?: Array<(typeof PROHIBITED_PRACTICES)[number]>;
  customerFacing?: boolean;
  generatedContentShown?: boolean;
  hosting?: (typeof HOSTING)[number];
  buildOrBuy?: (typeof BUILD_OR_BUY)[number];
  tier?: RiskTier;
}

export type FactName = keyof UseCaseFacts;
export const FACT_NAMES: FactName[] = [
  'businessUnit',
  'dataClassification',
  'personalData',
  'affected',
  'scale',
  'outputUse',
  'highRiskDomains',
  'prohibitedPractices',
  'customerFacing',
  'generatedContentShown',
  'hosting',
  'buildOrBuy',
  'tier',
];

/** Shows a coded value the way people read it. */
export function label(value: string | boolean | undefined): string {
  if (value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return LABELS[value] ?? value;
}
