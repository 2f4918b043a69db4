import { type AdaptiveCard, card, executeButton, facts, heading, text } from '../../cards/card-kit';
import type { UseCase } from '../../intake/use-case';
import { label } from '../../intake/use-case-facts';
import { STAGE_LABELS } from '../lifecycle';

/** Verbs of the check-in and survey cards. */
export const CHECK_IN_VERBS = {
  checkIn: 'portfolio.checkIn',
  rate: 'portfolio.rate',
} as const;

/** The owner's monthly check-in: stage, actual monthly cost, incidents since last time, one line of news. */
export function checkInCard(
  uc: UseCase,
  period: string,
  stage: 'pilot' | 'production',
  options: { reminder?: boolean; escalation?: string } = {},
): AdaptiveCard {
  const prefix = options.escalation ? 'Unanswered: ' : options.reminder ? 'Reminder: ' : '';
  return card(
    [
      heading(`${prefix}Monthly check-in for ${uc.code}`, { subtle: `${uc.title} · ${period}` }),
      options.escalation
        ? text(options.escalation, { color: 'Warning' })
        : text(
            "Two minutes, once a month: these figures feed the CoE's cost per deployment and the portfolio dashboard.",
            {
              isSubtle: true,
            },
          ),
      {
        type: 'Input.ChoiceSet',
        id: 'stage',
        label: 'Stage now',
        isRequired: true,
        errorMessage: 'Choose the stage.',
        value: stage,
        choices: (['pilot', 'production'] as const).map((s) => ({ title: STAGE_LABELS[s], value: s })),
      },
      {
        type: 'Input.Number',
        id: 'actualMonthlyCost',
        label: 'Actual cost last month (USD)',
        isRequired: true,
        errorMessage: "Enter last month's cost.",
        min: 0,
      },
      {
        type: 'Input.Number',
        id: 'incidents',
        label: 'Incidents since the last check-in',
        isRequired: true,
        errorMessage: 'Enter 0 if there were none.',
        min: 0,
        value: 0,
      },
      { type: 'Input.Text', id: 'news', label: 'One line of news (optional)', maxLength: 300 },
    ],
    [
      executeButton(
        'Send check-in',
        CHECK_IN_VERBS.checkIn,
        { useCaseId: uc.id, period },
        { style: 'positive', associatedInputs: 'auto' },
      ),
    ],
  );
}

/** The quarterly satisfaction survey to the business unit's contact: 1 to 5 and a comment. */
export function satisfactionCard(uc: UseCase, period: string): AdaptiveCard {
  return card(
    [
      heading(`How satisfied is ${uc.businessUnit} with ${uc.code}?`, { subtle: `${uc.title} · ${period}` }),
      facts([
        ['Use case', `${uc.code} ${uc.title}`],
        ['Owner', uc.submitterName],
        ['Risk tier', label(uc.tier)],
      ]),
      {
        type: 'Input.ChoiceSet',
        id: 'score',
        label: 'Your rating',
        style: 'expanded',
        isRequired: true,
        errorMessage: 'Choose a rating from 1 to 5.',
        choices: [
          '1 - Very dissatisfied',
          '2 - Dissatisfied',
          '3 - Neutral',
          '4 - Satisfied',
          '5 - Very satisfied',
        ].map((t, i) => ({ title: t, value: String(i + 1) })),
      },
      { type: 'Input.Text', id: 'comment', label: 'Comment (optional)', isMultiline: true, maxLength: 1000 },
    ],
    [
      executeButton(
        'Send rating',
        CHECK_IN_VERBS.rate,
        { useCaseId: uc.id, period },
        { style: 'positive', associatedInputs: 'auto' },
      ),
    ],
  );
}

/**
 * The escalation of a survey its business unit's contact left unanswered: only that contact may rate, so the card
 * says who to follow up with.
 */
export function surveyEscalationCard(uc: UseCase, period: string, contact: string, askedOn: string): AdaptiveCard {
  return card([
    heading(`Unanswered: ${uc.businessUnit}'s ${period} rating of ${uc.code}`, { subtle: uc.title }),
    text(
      `${contact} was asked on ${askedOn} and reminded once, and has not rated ${uc.code} yet. Only ${contact} rates ${uc.businessUnit}'s satisfaction: please follow up with them.`,
      { color: 'Warning' },
    ),
    facts([
      ['Use case', `${uc.code} ${uc.title}`],
      ['Owner', uc.submitterName],
      ['Risk tier', label(uc.tier)],
    ]),
  ]);
}

/** What the person sees after answering (or when a card was answered already). */
export function thanksCard(title: string, message: string, good = true): AdaptiveCard {
  return card([heading(title), text(message, { color: good ? 'Good' : 'Warning' })]);
}
