/** One numbered source of an answer; `index` is the number used in the answer's [n] markers. */
export interface Citation {
  index: number;
  title: string;
  source: string;
  url?: string;
  section?: string;
  page?: number;
  snippet: string;
}

/** What the knowledge service answers; `grounded` is false when the question is not covered by the knowledge base. */
export interface Answer {
  text: string;
  grounded: boolean;
  citations: Citation[];
  generatedByModel: boolean;
  /**
   * Why an answer is not grounded: the knowledge base does not cover it (offer "Ask the CoE"), it is
   * about a service another team runs (say who; no "Ask the CoE"), or it is not a question about the
   * knowledge base at all (a request to translate or write something; no "Ask the CoE").
   */
  refusal?: 'not-covered' | 'out-of-remit' | 'off-topic';
  /** Short remark for the person asking, for example that the model was unavailable and a quoted answer is shown. */
  note?: string;
}
