/**
 * English function words and question words that carry no topic: they are left out of the index and
 * of queries. Negations ("not", "no") are kept because they change meaning in policy text.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below between both but by
  can cannot could couldn did didn do does doesn doing don down during each either else etc ever every few for from further
  had hadn has hasn have haven having he her here hers herself him himself his how however i if in into is isn it its itself
  just let ll me might more most must mustn my myself nor now of off on once only or other ought our ours ourselves out over own
  please re same shall shan she should shouldn so some such than that the their theirs them themselves then there these they
  this those through thus to too under until up upon us ve very via was wasn we were weren what whatever when whenever where
  whether which while who whom whose why will with within without won would wouldn yet you your yours yourself yourselves
  tell explain describe give mean means`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words that frame a question rather than name its topic ("What are the key considerations regarding
 * X?"). They still match, but count for little when ranking and when judging whether a passage covers
 * the question.
 */
export const QUESTION_FRAMING_WORDS: ReadonlySet<string> = new Set(
  `key main important importance point points consider considering consideration considerations aspect aspects factor factors
  regarding regard according described describes mentioned text document step steps take taken purpose detail details
  entail entails involve involves involved handle handles work works implication implications like kind kinds type types
  specific general overview information info way ways need needs know tell anything something thing things
  supposed suppose sentence briefly roughly exactly actually basically go goes going went gone get gets getting got`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words that carry no topic when they open a question as a request ("List the approved models"), but
 * name the topic elsewhere ("how often do we review our list of risks?"), so they are indexed.
 */
export const OPENING_REQUEST_WORDS: ReadonlySet<string> = new Set(['list']);
