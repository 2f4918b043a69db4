/** Action.Execute verbs of the knowledge cards; the Teams layer routes invokes with these verbs. */
export const ESCALATION_VERBS = {
  create: 'coe.escalation.create',
  answer: 'coe.escalation.answer',
  addToKnowledgeBase: 'coe.escalation.addToKb',
} as const;

/** The longest question the experts are sent, and the longest expert answer (cards and server checks share them). */
export const QUESTION_MAX_LENGTH = 4000;
export const ANSWER_MAX_LENGTH = 8000;

/** Id of the expert card's answer field; its value arrives in the invoke data under this key. */
export const ANSWER_INPUT_ID = 'answer';
