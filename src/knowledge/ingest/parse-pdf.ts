import type { ParsedDocument } from '../document-model';
import { titleFromFileName } from './heading-anchors';
import { pdfPagesToBlocks } from './pdf-layout';
import { extractPdfText } from './pdf-text-worker';

/** A PDF's own title is used only when it looks like a real title rather than a tool's placeholder. */
function usableTitle(title: string | undefined): string | undefined {
  const t = title?.trim();
  if (!t || t.length < 3 || /^(untitled|microsoft word|document\d*)\b/i.test(t) || /\.(docx?|pdf|pptx?)$/i.test(t))
    return undefined;
  return t;
}

/** Parses a PDF into blocks that carry their page number and heading path. */
export async function parsePdf(data: Buffer, fileName: string): Promise<ParsedDocument> {
  const text = await extractPdfText(new Uint8Array(data));
  const blocks = pdfPagesToBlocks(text.pages);
  if (blocks.length === 0) throw new Error('the PDF has no extractable text (it may be a scanned image)');
  return {
    title: usableTitle(text.title) ?? titleFromFileName(fileName),
    kind: 'pdf',
    meta: { pages: text.pages.length },
    blocks: blocks.map((b) => ({ ...b, anchor: `page=${b.page}` })),
  };
}
