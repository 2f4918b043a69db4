import { z } from 'zod';
import type { IntentDefinition } from '../intents/intent';
import { useCaseCodeIn, useCaseCodeSchema } from '../intake/intake-intents';

/** Review's intents: the caller's review queue and the admins' audit export. */
export function reviewIntents(): IntentDefinition[] {
  return [
    {
      id: 'review.queue',
      title: 'Waiting for me',
      command: 'what is waiting for me',
      description: 'Show the reviews waiting for the caller’s decision (their approval queue).',
      howTo: 'How does the review of a use case work?',
      exact: [/^\s*(what('?s|\s+is)\s+)?(waiting|pending)\s+for\s+me\s*\??\s*$/i],
      slots: z.object({}),
      roles: ['everyone'],
      examples: [
        'use cases I need to approve',
        'which submissions need my decision',
        'approvals waiting for me',
        'what is waiting for me',
        'do I have anything to review?',
        'show my pending approvals',
        'what needs my approval',
        'my review queue',
        'anything for me to approve',
        'reviews assigned to me',
        'what do I need to sign off',
        'which use cases are waiting for my decision',
        'pending reviews',
        'open my approvals',
        'is anything waiting on me',
        'my to-do reviews',
        'what should I approve today',
      ],
      processQuestions: [
        'how do approvers get notified',
        'what happens if a reviewer does not respond',
        'how many approvals does a high risk use case need',
      ],
    },
    {
      id: 'review.export-audit',
      title: 'Export audit',
      command: 'export audit',
      description: 'CoE admins: export the audit trail of one use case (UC-0042) or of a date range, as CSV or JSON.',
      exact: [/^\s*export\s+audit\b/i],
      slots: z.object({ useCase: useCaseCodeSchema.optional() }),
      extractSlots: (text) => ({ useCase: useCaseCodeIn(text) }),
      roles: ['admin'],
      refusal: 'Only CoE admins can export the audit trail.',
      examples: [
        'export audit UC-0042',
        'export the audit trail',
        'download the audit log for UC-0042',
        'audit history of UC-0042',
        'give me the audit trail for last month',
        'audit export as json',
        'I need the audit log for compliance',
        'who approved UC-0042 and when, full audit please',
        'audit trail csv',
      ],
    },
  ];
}
