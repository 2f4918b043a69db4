import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type OrgConfig, parseOrgConfig } from '../../src/org-settings';
import type { UseCase } from '../../src/intake/use-case';
import type { RiskTier, UseCaseFacts } from '../../src/intake/use-case-facts';
import { UseCaseRepository } from '../../src/intake/use-case-repository';
import type { CardRef, ReviewNotifier } from '../../src/review/review-notifier';
import type { ReviewPerson } from '../../src/review/review-types';
import type { Queryable } from '../../src/store/database';
import { stringify } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');

/** People of the test organisation (Alex, Megan and Adele exist in config/coe.yaml; Sam only submits). */
export const PEOPLE = {
  alex: { id: '29:alex', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' },
  megan: { id: '29:megan', aadObjectId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' },
  adele: { id: '29:adele', aadObjectId: '00000000-0000-0000-0000-0000000000022', name: 'Adele Vance' },
  sam: { id: '29:sam', aadObjectId: '00000000-0000-0000-0000-0000000000030', name: 'Sam Submitter' },
  eve: { id: '29:stranger', aadObjectId: '99999999-0000-0000-0000-000000000099', name: 'Eve Outsider' },
};

/** The shipped config/coe.yaml as a plain object, to patch per test. */
export function rawOrg(): Record<string, any> {
  return parseYaml(fs.readFileSync(path.join(ROOT, 'config/coe.yaml'), 'utf8')) as Record<string, any>;
}

/** Parses a (patched) raw configuration through the real schema, so start-up validation applies. */
export function orgFrom(raw: Record<string, any>): OrgConfig {
  return parseOrgConfig(stringify(raw), 'test config');
}

/**
 * The shipped configuration with settings that make roles distinct: self-approval off, CoE leads = Alex and Megan
 * (backup Adele), the worker loop off (tests tick it with their own clock).
 */
export function reviewOrg(patch: (raw: Record<string, any>) => void = () => undefined): OrgConfig {
  const raw = rawOrg();
  raw.review.allowSelfApproval = false;
  raw.review.workerIntervalSeconds = 0;
  // The service's own tenant check is tested with a tenant set by the test; the Teams layer refuses other tenants first.
  delete raw.organisation.tenantId;
  const person = (p: { aadObjectId: string; name: string }) => ({ id: p.aadObjectId, name: p.name });
  raw.groups['coe-leads'] = {
    name: 'CoE leads',
    members: [person(PEOPLE.alex), person(PEOPLE.megan)],
    backup: person(PEOPLE.adele),
  };
  patch(raw);
  return orgFrom(raw);
}

/** Facts of typical submissions. */
export const FACTS = {
  minimal: {
    personalData: 'none',
    affected: ['employees'],
    hosting: 'azure-openai',
    dataClassification: 'internal',
    outputUse: 'advisory',
  },
  personal: {
    personalData: 'personal',
    affected: ['employees'],
    hosting: 'azure-openai',
    dataClassification: 'internal',
    outputUse: 'advisory',
  },
  publicChatbot: {
    personalData: 'none',
    affected: ['public'],
    customerFacing: true,
    generatedContentShown: true,
    hosting: 'vendor-saas',
    dataClassification: 'public',
    outputUse: 'advisory',
  },
  cvScreening: {
    personalData: 'personal',
    affected: ['employees'],
    highRiskDomains: ['employment'],
    hosting: 'azure-openai',
    dataClassification: 'internal',
    outputUse: 'human-in-the-loop',
  },
  highInternal: {
    personalData: 'none',
    affected: ['employees'],
    highRiskDomains: ['employment'],
    hosting: 'azure-openai',
    dataClassification: 'internal',
    outputUse: 'advisory',
  },
  healthNotes: {
    personalData: 'special-category',
    affected: ['employees'],
    hosting: 'azure-openai',
    dataClassification: 'highly-confidential',
    outputUse: 'advisory',
  },
  emotions: {
    personalData: 'special-category',
    affected: ['employees'],
    prohibitedPractices: ['emotion-recognition'],
    hosting: 'azure-openai',
    dataClassification: 'internal',
  },
} satisfies Record<string, UseCaseFacts>;

let seq = 0;
let activitySeq = 0;

/** Stores a submitted use case directly (no wizard), as intake would. */
export async function createUseCase(
  db: Queryable,
  options: {
    facts: UseCaseFacts;
    tier: RiskTier;
    tierReasons?: string[];
    submitter?: { aadObjectId: string; name: string };
    title?: string;
  },
): Promise<UseCase> {
  const submitter = options.submitter ?? PEOPLE.sam;
  seq += 1;
  const { useCase } = await new UseCaseRepository(db).create({
    submitterId: submitter.aadObjectId,
    submitterName: submitter.name,
    title: options.title ?? `Test use case ${seq}`,
    businessUnit: 'Finance',
    answers: {},
    facts: options.facts,
    tier: options.tier,
    tierReasons: options.tierReasons ?? [],
    idempotencyKey: `test-${process.pid}-${Date.now()}-${seq}-${Math.random()}`,
  });
  return useCase;
}

/** A notifier that records every card; people in `installed` have a personal chat, the channel exists when `channel` is true. */
export class RecordingNotifier implements ReviewNotifier {
  readonly sent: Array<{ to: string; card: any; ref: CardRef }> = [];
  readonly channel: Array<{ card: any; mentions: ReviewPerson[]; ref: CardRef }> = [];
  readonly updates: Array<{ ref: CardRef; card: any }> = [];

  constructor(
    readonly installed: Set<string>,
    private readonly hasChannel = true,
  ) {}

  async sendCardToPerson(aadObjectId: string, card: object): Promise<CardRef | undefined> {
    if (!this.installed.has(aadObjectId)) return undefined;
    const ref = { conversationId: `a:${aadObjectId}`, activityId: `act-${++activitySeq}` };
    this.sent.push({ to: aadObjectId, card, ref });
    return ref;
  }

  async sendCardToReviewChannel(card: object, mentions: ReviewPerson[]): Promise<CardRef | undefined> {
    if (!this.hasChannel) return undefined;
    const ref = { conversationId: 'channel', activityId: `act-${++activitySeq}`, mentions };
    this.channel.push({ card, mentions, ref });
    return ref;
  }

  async updateCard(ref: CardRef, card: object): Promise<void> {
    this.updates.push({ ref, card });
  }

  /** Cards sent to one person, as JSON text, for `toContain` checks. */
  textSentTo(aadObjectId: string): string[] {
    return this.sent.filter((s) => s.to === aadObjectId).map((s) => JSON.stringify(s.card));
  }

  clear(): void {
    this.sent.length = 0;
    this.channel.length = 0;
    this.updates.length = 0;
  }
}

/** A clock tests can move. */
export class TestClock {
  constructor(public current: Date) {}
  now = (): Date => this.current;
  advanceDays(days: number): Date {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
    return this.current;
  }
}
