import type { Answer } from './answer-types';

/**
 * The answer to a request to make or transform something (translate, write, draw): the assistant only
 * answers questions from the documents, so it says so and offers no "Ask the CoE" (the experts answer
 * questions too, not such requests). When the documents cover the request's subject ("write me a prompt
 * to summarise meeting notes"), it names the closest section, so the person knows where the guidance is.
 */
export function taskRequestAnswer(closest?: string): Answer {
  const pointer = closest
    ? ` The closest guidance is in ${closest}; ask me a question about it and I will quote it.`
    : " Ask me about the CoE's guidance instead, for example how to get a use case reviewed.";
  return {
    text: `I can only answer questions from the CoE knowledge base, quoting its documents; I can't translate, write or draw things.${pointer}`,
    grounded: false,
    citations: [],
    generatedByModel: false,
    refusal: 'off-topic',
  };
}

/**
 * The answer when the knowledge base does not cover a question some of whose words its documents never
 * use ("squad"): says which, since the same question in the documents' words may find the answer, and
 * offers "Ask the CoE".
 */
export function unusedWordsAnswer(words: readonly string[]): Answer {
  const quoted = words.slice(0, 3).map((w) => `"${w}"`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : quoted[0];
  return {
    text: `I couldn't find this in the CoE knowledge base, so I won't guess: its documents never use the word${quoted.length > 1 ? 's' : ''} ${list}. If they say it in other words, rephrasing may find it; you can also ask the CoE experts: their answer comes back to you here and can be added to the knowledge base.`,
    grounded: false,
    citations: [],
    generatedByModel: false,
    refusal: 'not-covered',
  };
}
