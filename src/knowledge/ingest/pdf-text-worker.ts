import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** One positioned run of text on a PDF page (PDF units, origin bottom-left). */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  font: string;
}

export interface PdfPageText {
  page: number;
  items: PdfTextItem[];
}

export interface PdfText {
  title?: string;
  pages: PdfPageText[];
}

/*
 * pdf.js ships as an ES module only. This CommonJS project loads it inside a worker thread, which
 * keeps the heavy parsing off the bot's event loop and lets a hung or hostile file be stopped.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const pdfjs = await import(workerData.moduleUrl);
  const task = pdfjs.getDocument({ data: workerData.data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  let title;
  try {
    const meta = await doc.getMetadata();
    title = meta && meta.info && typeof meta.info.Title === 'string' ? meta.info.Title : undefined;
  } catch (e) { title = undefined; }
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const items = [];
    for (const it of content.items) {
      if (typeof it.str !== 'string' || it.str.length === 0) continue;
      items.push({ str: it.str, x: it.transform[4], y: it.transform[5], width: it.width, height: it.height || Math.abs(it.transform[3]), font: it.fontName });
    }
    pages.push({ page: n, items });
    page.cleanup();
  }
  await doc.destroy();
  parentPort.postMessage({ ok: true, title, pages });
})().catch((err) => parentPort.postMessage({ ok: false, name: err && err.name, message: String((err && err.message) || err) }));
`;

let moduleUrl: string | undefined;

/** Plain reason for a pdf.js failure, phrased for the person who owns the file. */
function describePdfError(name: string | undefined, message: string): string {
  if (name === 'PasswordException' || /password/i.test(message)) return 'the PDF is password-protected';
  if (name === 'InvalidPDFException' || /invalid pdf/i.test(message))
    return 'the file is not a valid PDF (it may be damaged or only partly downloaded)';
  return `the PDF could not be read (${message})`;
}

/** Extracts positioned text of every page with pdf.js in a worker thread; rejects with a plain reason. */
export async function extractPdfText(data: Uint8Array, timeoutMs = 120_000): Promise<PdfText> {
  moduleUrl ??= pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { moduleUrl, data },
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  try {
    return await new Promise<PdfText>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading the PDF took longer than ${Math.round(timeoutMs / 1000)} seconds`)),
        timeoutMs,
      );
      worker.once(
        'message',
        (msg: { ok: true; title?: string; pages: PdfPageText[] } | { ok: false; name?: string; message: string }) => {
          clearTimeout(timer);
          if (msg.ok) resolve({ title: msg.title, pages: msg.pages });
          else reject(new Error(describePdfError(msg.name, msg.message)));
        },
      );
      worker.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`the PDF could not be read (${err.message})`));
      });
    });
  } finally {
    await worker.terminate();
  }
}
