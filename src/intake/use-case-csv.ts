import { toCsv } from '../store/csv';
import type { SubmissionSummary } from './intake-outcome';
import { label } from './use-case-facts';

const COLUMNS = [
  'code',
  'title',
  'businessUnit',
  'submitter',
  'status',
  'tier',
  'tierReasons',
  'currentStage',
  'pendingApprovers',
  'dataClassification',
  'personalData',
  'hosting',
  'priority',
  'pilotCostUsd',
  'yearlyCostUsd',
  'submittedAt',
  'updatedAt',
] as const;

type CsvRow = Record<(typeof COLUMNS)[number], unknown>;

function row(s: SubmissionSummary): CsvRow {
  const uc = s.useCase;
  return {
    code: uc.code,
    title: uc.title,
    businessUnit: uc.businessUnit,
    submitter: uc.submitterName,
    status: uc.status,
    tier: uc.tier,
    tierReasons: uc.tierReasons.join('; '),
    currentStage: s.stage ?? '',
    pendingApprovers: (s.pendingApprovers ?? []).join('; '),
    dataClassification: uc.facts.dataClassification ? label(uc.facts.dataClassification) : '',
    personalData: uc.facts.personalData ? label(uc.facts.personalData) : '',
    hosting: uc.facts.hosting ? label(uc.facts.hosting) : '',
    priority: uc.answers.value?.priority ?? '',
    pilotCostUsd: uc.answers.value?.pilotCostUsd ?? '',
    yearlyCostUsd: uc.answers.value?.yearlyCostUsd ?? '',
    submittedAt: uc.submittedAt,
    updatedAt: uc.updatedAt,
  };
}

/**
 * Renders use cases as CSV (formula-safe, via toCsv), keeping whole rows only while the text stays under
 * `maxChars`; returns how many rows fit.
 */
export function useCasesToCsv(items: SubmissionSummary[], maxChars = Infinity): { csv: string; included: number } {
  const header = toCsv([], COLUMNS);
  let csv = header;
  let included = 0;
  for (const item of items) {
    const line = toCsv([row(item)], COLUMNS).slice(header.length);
    if (csv.length + line.length > maxChars) break;
    csv += line;
    included += 1;
  }
  return { csv, included };
}
