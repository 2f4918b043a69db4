import type { Answer } from './answer-types';

/**
 * The answer to a request to make or transform something (translate, write, draw): the assistant only
 * answers questions from the documents, so it says so and offers no "Ask the CoE" (the experts answer
 * questions too, not such requests).
 */
export function taskRequestAnswer(): Answer {
  return {
    text: "I can only answer questions from the CoE knowledge base, quoting its documents; I can't translate, write or draw things. Ask me about the CoE's guidance instead, for example how to get a use case reviewed.",
    grounded: false,
    citations: [],
    generatedByModel: false,
    refusal: 'off-topic',
  };
}
