import mammoth from 'mammoth';
import type { ParsedDocument } from '../document-model';
import { parseHtml } from './parse-html';

/** Parses a Word document by converting it to HTML (headings from Word's heading styles). */
export async function parseDocx(data: Buffer, fileName: string): Promise<ParsedDocument> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: data })).value;
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    throw new Error(
      /zip|end of central directory|corrupt/i.test(msg)
        ? 'the file is not a valid Word document (it may be damaged)'
        : `the Word document could not be read (${msg})`,
    );
  }
  const doc = parseHtml(html, fileName, 'docx');
  return { ...doc, kind: 'docx' };
}
