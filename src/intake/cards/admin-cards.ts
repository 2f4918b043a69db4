import { type AdaptiveCard, type CardElement, heading, md, text } from '../../cards/card-kit';
import type { SubmissionFilter } from '../card-action-data';
import { INTAKE_VERBS } from '../intake-verbs';
import { USE_CASE_STATUSES, type UseCase, type UseCaseStatus, statusText } from '../use-case';
import { RISK_TIERS, label } from '../use-case-facts';
import { actionSet, formatWhen, intakeButton, intakeCardRoot } from './intake-card-parts';

/** Submissions listed on the card (each with its View button); the CSV export has them all. */
const SHOWN = 20;

function describeFilter(f: SubmissionFilter): string {
  const parts = [
    f.status ? statusText(f.status) : undefined,
    f.tier ? `${label(f.tier)} tier` : undefined,
    f.businessUnit ? `business unit ${f.businessUnit}` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no filter';
}

function filterInputs(f: SubmissionFilter): CardElement {
  const choice = (
    id: string,
    title: string,
    values: readonly string[],
    value: string | undefined,
    show: (v: string) => string,
  ) => ({
    type: 'Input.ChoiceSet',
    id,
    label: title,
    style: 'compact',
    value: value ?? 'any',
    choices: [{ title: 'Any', value: 'any' }, ...values.map((v) => ({ title: show(v), value: v }))],
  });
  return {
    type: 'ColumnSet',
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        items: [choice('status', 'Status', USE_CASE_STATUSES, f.status, (v) => statusText(v as UseCaseStatus))],
      },
      { type: 'Column', width: 'stretch', items: [choice('tier', 'Risk tier', RISK_TIERS, f.tier, label)] },
      {
        type: 'Column',
        width: 'stretch',
        items: [
          {
            type: 'Input.Text',
            id: 'businessUnit',
            label: 'Business unit',
            maxLength: 80,
            ...(f.businessUnit ? { value: f.businessUnit } : {}),
          },
        ],
      },
    ],
  };
}

/** The CoE's list of submissions with filters, an export button and a View button per use case. */
export function allSubmissionsCard(filter: SubmissionFilter, items: UseCase[], locale?: string): AdaptiveCard {
  const body: CardElement[] = [
    heading('All submissions', { subtle: `${items.length} found (${describeFilter(filter)})` }),
    filterInputs(filter),
    actionSet([
      intakeButton('Apply filters', INTAKE_VERBS.all, {}),
      intakeButton('Export CSV', INTAKE_VERBS.export, {}),
    ]),
  ];
  if (!items.length) body.push(text('No submissions match these filters.', { spacing: 'Medium' }));
  for (const uc of items.slice(0, SHOWN)) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        text(md`**${uc.code}: ${uc.title}**`),
        text(
          `${uc.businessUnit} · ${statusText(uc.status)} · ${label(uc.tier)} tier · ${uc.submitterName} · ${formatWhen(uc.submittedAt, locale)}`,
          { isSubtle: true, spacing: 'None', size: 'Small' },
        ),
      ],
    });
    // A top-level ActionSet: some hosts (the Agents Playground) ignore Action.Execute nested in a Container.
    body.push(actionSet([intakeButton('View', INTAKE_VERBS.view, { useCaseId: uc.id }, { associatedInputs: 'none' })]));
  }
  if (items.length > SHOWN)
    body.push(
      text(`Showing the newest ${SHOWN} of ${items.length}. Narrow the filters, or export them all as CSV.`, {
        isSubtle: true,
      }),
    );
  return intakeCardRoot(body, [], {
    fallbackText: `All submissions: ${items.length} found (${describeFilter(filter)})`,
  });
}

/**
 * The CSV export as text in the card. A bot without Microsoft Graph cannot post a file in a chat (Teams ignores
 * non-image data-URL attachments; the file-consent upload flow needs `supportsFiles` in the manifest and a
 * OneDrive upload), so the CSV travels as plain text: one RichTextBlock per line, because TextRun text is never
 * read as markdown and so reaches the person exactly as written. Rows beyond the card size limit are left out and
 * the card says so.
 */
export function exportCard(filter: SubmissionFilter, csv: string, rows: number, included: number): AdaptiveCard {
  const lines = csv.split('\r\n').filter((l) => l.length > 0);
  const body: CardElement[] = [
    heading('Submissions export (CSV)', { subtle: `${included} of ${rows} use cases (${describeFilter(filter)})` }),
    text('Select the text below, copy it and save it as a .csv file; it opens in Excel.', { isSubtle: true }),
    ...(included < rows
      ? [
          text(`Only ${included} of ${rows} rows fit in one Teams message. Narrow the filters to export the rest.`, {
            color: 'Warning',
          }),
        ]
      : []),
    {
      type: 'Container',
      style: 'emphasis',
      items: lines.map((line) => ({
        type: 'RichTextBlock',
        spacing: 'None',
        inlines: [{ type: 'TextRun', text: line, fontType: 'Monospace', size: 'Small' }],
      })),
    },
  ];
  return intakeCardRoot(body, [], { fallbackText: `Submissions export: ${included} of ${rows} use cases as CSV` });
}
