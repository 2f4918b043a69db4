/**
 * Who must be told of an AI incident and how fast, per playbooks/incident-postmortems.md: severity 1 (harm reached
 * customers or the public, or a data leak) to the CoE and the Security team within 1 hour, and the AI Ethics Board when
 * a High-tier use case is involved; severity 2 (significant harm contained inside) to the CoE and the use-case owner
 * within 1 business day; severity 3 (minor quality issue) to the use-case owner, reviewed in the monthly drift review.
 * Severity 1 and 2 need a blameless post-mortem within 5 business days. Pure.
 */
export type Severity = 1 | 2 | 3;

export type Audience = 'coe' | 'security' | 'ethics-board' | 'owner';

export interface SeverityRule {
  severity: Severity;
  definition: string;
  notify: Audience[];
  /** The reporting deadline in minutes (a business day counted as 24 h), for the card and the dashboard. */
  notifyWithinMinutes: number;
  deadline: string;
  postMortemRequired: boolean;
}

export const SEVERITY_RULES: Record<Severity, SeverityRule> = {
  1: {
    severity: 1,
    definition: 'Harmful output reached customers or the public, or a data leak',
    notify: ['coe', 'security'],
    notifyWithinMinutes: 60,
    deadline: 'within 1 hour of discovering it',
    postMortemRequired: true,
  },
  2: {
    severity: 2,
    definition: 'Significant harm or risk contained within the organisation',
    notify: ['coe', 'owner'],
    notifyWithinMinutes: 24 * 60,
    deadline: 'within 1 business day',
    postMortemRequired: true,
  },
  3: {
    severity: 3,
    definition: 'Minor quality issue',
    notify: ['owner'],
    notifyWithinMinutes: 30 * 24 * 60,
    deadline: 'reviewed in the monthly drift review',
    postMortemRequired: false,
  },
};

/** The audiences for an incident: the rule's, plus the Ethics Board for a severity 1 on a High-tier case; the CoE when there is no owner to tell. */
export function audiencesFor(severity: Severity, useCase?: { tier: string }): Audience[] {
  const rule = SEVERITY_RULES[severity];
  const out = new Set<Audience>(rule.notify);
  if (severity === 1 && useCase?.tier === 'high') out.add('ethics-board');
  if (!useCase && out.has('owner')) {
    out.delete('owner');
    out.add('coe');
  }
  return [...out];
}

/** Business days a post-mortem is due after the incident (playbook: within 5 business days of containment). */
export const POST_MORTEM_BUSINESS_DAYS = 5;
