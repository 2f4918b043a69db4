import type { Passage } from '../document-model';

export interface RetrievalHit {
  passage: Passage;
  score: number;
}

export interface SearchOptions {
  /** How many passages to return (default 5). */
  k?: number;
  /** Group ids of the person asking; passages of documents with an audience outside these are never returned. */
  userGroups?: readonly string[];
}

/** Anything that finds passages for a question: the embedded lexical index, a hybrid with embeddings, or a cloud search service. */
export interface Retriever {
  readonly name: string;
  search(query: string, options?: SearchOptions): Promise<RetrievalHit[]>;
}

/** True when a passage may be shown to someone in `userGroups`. */
export function visibleTo(passage: Pick<Passage, 'audience'>, userGroups: readonly string[] | undefined): boolean {
  return passage.audience === undefined || (userGroups ?? []).includes(passage.audience);
}
