import { type AdaptiveCard, type CardAction, card, executeButton, facts, heading, text } from '../../cards/card-kit';
import { SEVERITY_RULES, type Severity } from './incident-rules';
import type { Incident } from './incident-repository';

export const INCIDENT_VERBS = {
  report: 'incident.report',
  postMortem: 'incident.postMortem',
  publish: 'incident.publish',
  status: 'incident.status',
} as const;

const severityChoice = (s: Severity) => ({ title: `Severity ${s}: ${SEVERITY_RULES[s].definition}`, value: String(s) });

/** The report form; `key` makes a repeated submit of the same form create one incident. */
export function incidentFormCard(key: string, useCaseCode?: string): AdaptiveCard {
  return card(
    [
      heading('Report an AI incident', {
        subtle:
          'Harmful or seriously wrong output, exposed data, misuse, a successful attack, or a failure that stops a business process.',
      }),
      text('If you are unsure between two levels, choose the higher one. Do not wait until you have all the facts.', {
        isSubtle: true,
      }),
      {
        type: 'Input.ChoiceSet',
        id: 'severity',
        label: 'Severity',
        style: 'expanded',
        isRequired: true,
        errorMessage: 'Choose a severity.',
        choices: ([1, 2, 3] as const).map(severityChoice),
      },
      {
        type: 'Input.Text',
        id: 'useCaseCode',
        label: 'Use case id (UC-xxxx), if known',
        maxLength: 12,
        value: useCaseCode ?? '',
      },
      {
        type: 'Input.Text',
        id: 'summary',
        label: 'What happened, when, who or what is affected, and what you have done so far',
        isMultiline: true,
        isRequired: true,
        errorMessage: 'Describe what happened.',
        maxLength: 4000,
      },
    ],
    [
      executeButton(
        'Report incident',
        INCIDENT_VERBS.report,
        { key },
        { style: 'destructive', associatedInputs: 'auto' },
      ),
    ],
  );
}

/** An incident as its reporter, the people told and the owner see it; actions depend on what the viewer may do. */
export function incidentCard(
  incident: Incident,
  options: { notice?: string; mayWritePostMortem: boolean; mayPublish: boolean; told?: string[] },
): AdaptiveCard {
  const rule = SEVERITY_RULES[incident.severity];
  const body = [
    heading(`${incident.code}: severity ${incident.severity} AI incident`, {
      subtle: `${rule.definition} · ${incident.status}`,
    }),
    ...(options.notice ? [text(options.notice, { weight: 'Bolder', color: 'Good' })] : []),
    text(incident.summary),
    facts([
      ['Use case', incident.useCaseCode ?? 'Not linked'],
      ['Reported by', incident.reporterName],
      ['Reported', incident.reportedAt.slice(0, 16).replace('T', ' ') + ' UTC'],
      ['Report deadline', rule.deadline],
      ...(options.told?.length ? ([['Told', options.told.join(', ')]] as Array<[string, string]>) : []),
      [
        'Post-mortem',
        incident.postMortem
          ? 'Written'
          : rule.postMortemRequired
            ? `Due by ${incident.postMortemDueAt?.slice(0, 10) ?? '—'}`
            : 'Optional',
      ],
    ]),
    ...(incident.severity === 1
      ? [
          text(
            'First response: stop the harm (roll back, switch off, restrict access), preserve evidence, and involve the Privacy office if personal data is involved. The CoE lead informs the CIO.',
            { isSubtle: true },
          ),
        ]
      : []),
  ];
  const actions: CardAction[] = [];
  if (options.mayWritePostMortem && !incident.postMortem) {
    actions.push({
      type: 'Action.ShowCard',
      title: 'Write the post-mortem',
      card: {
        type: 'AdaptiveCard',
        body: [
          text('Blameless: look for causes in systems, processes and guidance. Remove personal data and secrets.', {
            isSubtle: true,
          }),
          ...(
            [
              ['summary', 'Summary and impact'],
              ['timeline', 'Timeline (detection, report, containment, resolution)'],
              ['rootCauses', 'Root causes'],
              ['wentWell', 'What went well'],
              ['actions', 'Actions (owner and due date each)'],
              ['lessons', 'Lessons for everyone (goes to the knowledge base when published)'],
            ] as const
          ).map(([id, label]) => ({
            type: 'Input.Text',
            id,
            label,
            isMultiline: true,
            isRequired: id === 'summary' || id === 'rootCauses' || id === 'lessons',
            errorMessage: `Fill in "${label}".`,
            maxLength: 4000,
          })),
        ],
        actions: [
          executeButton(
            'Save post-mortem',
            INCIDENT_VERBS.postMortem,
            { incidentId: incident.id },
            { style: 'positive', associatedInputs: 'auto' },
          ),
        ],
      },
    });
  }
  if (incident.postMortem) {
    body.push(text('**Lessons**'), text(incident.postMortem.lessons));
    if (incident.lessonsSource) body.push(text('The lessons are in the knowledge base.', { isSubtle: true }));
    else if (options.mayPublish)
      actions.push(
        executeButton(
          'Add lessons to the knowledge base',
          INCIDENT_VERBS.publish,
          { incidentId: incident.id },
          { style: 'positive' },
        ),
      );
  }
  return card(body, actions);
}
