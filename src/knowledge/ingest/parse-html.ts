import { parse, HTMLElement, Node, NodeType } from 'node-html-parser';
import type { DocumentKind, ParsedDocument, TextBlock } from '../document-model';
import { AnchorRegistry, titleFromFileName } from './heading-anchors';
import { tidyWhitespace } from './inline-markup';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'nav', 'head', 'button', 'form', 'iframe']);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'aside',
  'header',
  'footer',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'figure',
  'figcaption',
  'address',
  'details',
  'summary',
  'hr',
  'br',
  'body',
  'html',
]);
const HEADING = /^h([1-6])$/;

const decode = (s: string): string =>
  s
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)));

/**
 * Parses HTML into blocks under their heading path (h1-h6). Scripts, styles and navigation are
 * dropped; list items and table rows become separate lines. DOCX files arrive here after conversion.
 */
export function parseHtml(html: string, fileName: string, kind: DocumentKind = 'html'): ParsedDocument {
  const root = parse(html, { comment: false, blockTextElements: { pre: true } });
  const anchors = new AnchorRegistry();
  const stack: Array<{ level: number; text: string; anchor: string }> = [];
  const blocks: TextBlock[] = [];
  const docTitle = decode(root.querySelector('title')?.text ?? '').trim();
  let firstH1: string | undefined;
  let buffer = '';
  const title = (): string => docTitle || firstH1 || titleFromFileName(fileName);

  const flush = (): void => {
    const text = tidyWhitespace(decode(buffer));
    buffer = '';
    if (!text) return;
    const top = stack[stack.length - 1];
    const last = blocks[blocks.length - 1];
    if (
      last &&
      last.anchor === top?.anchor &&
      last.headings.length === stack.length &&
      last.text.length + text.length < 400 &&
      /^[-•|]/.test(text) &&
      /^[-•|]/.test(last.text)
    ) {
      last.text += `\n${text}`;
      return;
    }
    blocks.push({ headings: stack.map((h) => h.text), text, anchor: top?.anchor });
  };

  const walk = (node: Node): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      buffer += node.rawText.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.rawTagName?.toLowerCase() ?? '';
    if (SKIP.has(tag) || el.getAttribute('hidden') !== undefined || el.getAttribute('aria-hidden') === 'true') return;
    const h = HEADING.exec(tag);
    if (h) {
      flush();
      const level = Number(h[1]);
      const text = tidyWhitespace(decode(el.text.replace(/\s+/g, ' ')));
      if (!text) return;
      if (level === 1 && firstH1 === undefined) firstH1 = text;
      while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
      const anchor = el.id || anchors.next(text);
      if (!(level === 1 && text === title())) stack.push({ level, text, anchor });
      return;
    }
    if (tag === 'pre') {
      flush();
      const code = decode(el.text).trim();
      if (code)
        blocks.push({ headings: stack.map((s) => s.text), text: code, anchor: stack[stack.length - 1]?.anchor });
      return;
    }
    if (tag === 'tr') {
      flush();
      const cells = el.childNodes
        .filter((c): c is HTMLElement => c instanceof HTMLElement && /^t[dh]$/i.test(c.rawTagName))
        .map((c) => tidyWhitespace(decode(c.text.replace(/\s+/g, ' '))));
      buffer = `| ${cells.join(' | ')}`;
      flush();
      return;
    }
    const isBlock = BLOCK.has(tag);
    if (isBlock) flush();
    if (tag === 'li') buffer += '• ';
    for (const child of el.childNodes) walk(child);
    if (isBlock) flush();
    else if (tag === 'td' || tag === 'th') buffer += ' ';
  };

  walk(root.querySelector('body') ?? root);
  flush();
  return { title: title(), kind, meta: {}, blocks };
}
