/** Shapes shared by ingestion, storage and retrieval: what a parser yields and what the index stores. */

export type DocumentKind = 'markdown' | 'text' | 'html' | 'pdf' | 'docx' | 'expert-answer';

/** A run of text under one heading path, as a parser found it (a paragraph, list, table or code block). */
export interface TextBlock {
  /** Headings above this block, outermost first, for example ["Risk tiers", "High"]. */
  headings: string[];
  text: string;
  /** URL fragment of the block's section (heading slug), when the format has one. */
  anchor?: string;
  /** 1-based page where the block starts (PDF only). */
  page?: number;
  /** Character offsets of the block in the source text (text formats only). */
  start?: number;
  end?: number;
}

/** A document after parsing, before chunking. */
export interface ParsedDocument {
  title: string;
  kind: DocumentKind;
  /** Group id allowed to see the document; absent means everyone. */
  audience?: string;
  meta: Record<string, unknown>;
  blocks: TextBlock[];
}

/** A passage ready to be stored: the unit that is indexed, retrieved and cited. */
export interface PassageDraft {
  ordinal: number;
  /** Heading path joined with " > ". */
  section: string;
  /** URL fragment that opens the passage's section or page. */
  anchor?: string;
  page?: number;
  pageEnd?: number;
  start?: number;
  end?: number;
  text: string;
}

/** A stored passage with its document's fields that retrieval and citations need. */
export interface Passage extends PassageDraft {
  id: number;
  source: string;
  title: string;
  kind: DocumentKind;
  audience?: string;
}

/** A stored document row. */
export interface KnowledgeDocument {
  source: string;
  title: string;
  kind: DocumentKind;
  hash: string;
  audience?: string;
  meta: Record<string, unknown>;
}

/**
 * True when a heading, or the last heading of a section path ("Getting help > When are office hours?"), is
 * itself a question: the text under it is an FAQ entry that answers that question.
 */
export function isQuestionHeading(heading: string): boolean {
  return /\?\s*$/.test(heading);
}
