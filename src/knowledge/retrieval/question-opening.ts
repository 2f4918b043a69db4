/**
 * How a question opens, in general English: the auxiliary verbs that open a yes/no question ("Can I ...",
 * "Is it ...") and the wh-word that says what it asks ("when", "why", "how"). Shared by retrieval (an FAQ
 * entry answers a question that asks the same way) and the answer layer (the question's type).
 */

/** Auxiliary verbs that open a yes/no question, as a regular-expression alternation. */
export const AUXILIARIES = 'can|could|may|might|must|should|shall|am|is|are|was|were|do|does|did|will|would|have|has';

/** Chatty words a question may open with before its auxiliary ("so may we ...", "quick question: can I ..."). */
export const LEAD_IN = String.raw`(?:(?:so|and|but|hi|hey|ok|okay|please|quick question:?|question:?)[,\s]+)?`;

const AUXILIARY = new RegExp(`^(?:${AUXILIARIES})$`);

/**
 * A greeting or a preface that opens a chat message before its question ("hi! quick question - can I ...",
 * "Hello team, I was wondering: ..."). "ok" and "so" count only when punctuation follows: "ok to paste ...?"
 * asks whether it is ok.
 */
const CHATTER = new RegExp(
  String.raw`^(?:(?:hi|hey|hello|hiya|good (?:morning|afternoon|evening)|thanks|thank you|sorry to bother you|sorry)(?:\s+(?:there|all|team|everyone|folks|coe))?[\s,:;.!?\-–—]+|(?:a\s+)?(?:quick|short|small|simple|silly)\s+question[\s,:;.!?\-–—]+|question[,:;.!?\-–—]+\s*|(?:i was|i am|i'm|just)\s+wondering(?:\s+if)?[\s,:;.!?\-–—]+|i have a question[\s,:;.!?\-–—]+|(?:ok|okay|so|um|uh)[,:;.!?\-–—]+\s*)`,
  'i',
);

/** Chat shorthand and courtesies anywhere in a message ("need info on approved models pls", "... asap, thx"). */
const CHAT_WORDS =
  /(?:^|[\s,;])(?:pls|plz|thx|tnx|ty|btw|fyi|asap|cheers|thanks|thank you|many thanks)(?=$|[\s,;.!?])[!.,;:]*/gi;

/** The message without the greetings and prefaces it opens with, or the message itself when that is all it says. */
export function withoutChatter(message: string): string {
  let rest = message
    .replace(CHAT_WORDS, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:.!-]+/, '')
    .trim();
  for (let m = CHATTER.exec(rest); m && m[0].length < rest.length; m = CHATTER.exec(rest))
    rest = rest.slice(m[0].length).trim();
  return rest || message.trim();
}

/**
 * What a question asks by its opening word: "when", "why", "how", "who", "where", "what" (with "which"),
 * or "yes-no" for an auxiliary ("Can I ...", "Is it ..."); undefined when it opens otherwise. "Why perform
 * a policy review?" does not answer "How should policies be reviewed?".
 */
export function askKind(question: string): string | undefined {
  const w = /^\W*([a-z]+)/i.exec(question)?.[1]?.toLowerCase();
  if (!w) return undefined;
  if (/^(when|why|how|where)$/.test(w)) return w;
  if (/^(who|whom|whose)$/.test(w)) return 'who';
  if (w === 'what' || w === 'which') return 'what';
  if (AUXILIARY.test(w)) return 'yes-no';
  return undefined;
}

/** True when a question opens with a wh-word ("how", "what's", "which", ...): it asks for something, not yes or no. */
export function asksWh(question: string): boolean {
  const kind = askKind(question);
  return kind !== undefined && kind !== 'yes-no';
}
