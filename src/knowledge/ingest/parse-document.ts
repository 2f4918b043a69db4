import * as path from 'node:path';
import type { DocumentKind, ParsedDocument } from '../document-model';
import { parseDocx } from './parse-docx';
import { parseHtml } from './parse-html';
import { parseMarkdown } from './parse-markdown';
import { parsePdf } from './parse-pdf';
import { parseText } from './parse-text';

const KIND_BY_EXTENSION: Record<string, Exclude<DocumentKind, 'expert-answer'>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

/** The document kind for a file name, or undefined when the format is not supported. */
export function kindOfFile(fileName: string): Exclude<DocumentKind, 'expert-answer'> | undefined {
  return KIND_BY_EXTENSION[path.extname(fileName).toLowerCase()];
}

function decodeText(data: Buffer): string {
  if (data.includes(0)) throw new Error('the file contains binary data, not text');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
  return text.replace(/^\uFEFF/, '');
}

/** Parses one file's bytes by its extension; throws an Error whose message is a plain reason. */
export async function parseDocument(data: Buffer, fileName: string): Promise<ParsedDocument> {
  const kind = kindOfFile(fileName);
  switch (kind) {
    case 'markdown':
      return parseMarkdown(decodeText(data), fileName);
    case 'text':
      return parseText(decodeText(data), fileName);
    case 'html':
      return parseHtml(decodeText(data), fileName);
    case 'pdf':
      return parsePdf(data, fileName);
    case 'docx':
      return parseDocx(data, fileName);
    default:
      throw new Error('this file type is not supported');
  }
}
