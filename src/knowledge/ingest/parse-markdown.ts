import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ParsedDocument, TextBlock } from '../document-model';
import { AnchorRegistry, titleFromFileName } from './heading-anchors';
import { stripInlineMarkdown, tidyWhitespace } from './inline-markup';

/** Front matter a playbook may carry; unknown keys are kept in the document's meta. */
export const frontMatterSchema = z
  .object({
    title: z.string().trim().min(1).optional(),
    owner: z.string().trim().min(1).optional(),
    last_reviewed: z
      .union([z.string(), z.date()])
      .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
      .optional(),
    tags: z
      .union([
        z.array(z.union([z.string(), z.number()]).transform(String)),
        z.string().transform((s) =>
          s
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ])
      .optional(),
    audience: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must be a group id (lower-case kebab-case)')
      .optional(),
  })
  .passthrough();

interface SourceLine {
  text: string;
  start: number;
  end: number;
}

function splitLines(text: string, from: number): SourceLine[] {
  const out: SourceLine[] = [];
  let pos = from;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    out.push({ text: text.slice(pos, end).replace(/\r$/, ''), start: pos, end });
    if (nl === -1) break;
    pos = nl + 1;
  }
  return out;
}

/** Reads the YAML front matter block, if any; throws a plain message when it is present but invalid. */
export function readFrontMatter(text: string): { data: z.infer<typeof frontMatterSchema>; bodyStart: number } {
  const m = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { data: {}, bodyStart: 0 };
  let raw: unknown;
  try {
    raw = parseYaml(m[1]) ?? {};
  } catch (err) {
    throw new Error(`its front matter is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `its front matter field "${issue.path.join('.') || 'front matter'}" ${issue.message.replace(/^./, (c) => c.toLowerCase())}`,
    );
  }
  return { data: parsed.data, bodyStart: m[0].length };
}

const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+/;

/**
 * Parses Markdown with optional front matter into blocks under their heading path. Headings that
 * repeat the document title are left out of the path; code fences are kept verbatim.
 */
export function parseMarkdown(text: string, fileName: string): ParsedDocument {
  const { data, bodyStart } = readFrontMatter(text);
  const lines = splitLines(text, bodyStart);
  const anchors = new AnchorRegistry();
  const stack: Array<{ level: number; text: string; anchor: string }> = [];
  const blocks: TextBlock[] = [];
  let firstH1: string | undefined;
  let para: SourceLine[] = [];
  let fence: { marker: string; lines: SourceLine[] } | undefined;

  const title = (): string => data.title ?? firstH1 ?? titleFromFileName(fileName);
  const flush = (): void => {
    if (para.length === 0) return;
    const out: string[] = [];
    for (const l of para) {
      if (TABLE_RULE.test(l.text)) continue;
      const t = l.text.trim();
      const row = t.startsWith('|');
      const piece = row
        ? t
            .replace(/^\|/, '')
            .replace(/\|$/, '')
            .split('|')
            .map((c) => c.trim())
            .join(' | ')
        : t.replace(/^>\s?/, '');
      const startsLine = out.length === 0 || row || LIST_ITEM.test(t) || out[out.length - 1].startsWith('|');
      if (startsLine) out.push(row ? `|${piece}` : piece);
      else out[out.length - 1] += ` ${piece}`;
    }
    const cleaned = tidyWhitespace(out.map((l) => stripInlineMarkdown(l.replace(/^\|/, ''))).join('\n'));
    if (cleaned) {
      const top = stack[stack.length - 1];
      blocks.push({
        headings: stack.map((h) => h.text),
        text: cleaned,
        anchor: top?.anchor,
        start: para[0].start,
        end: para[para.length - 1].end,
      });
    }
    para = [];
  };
  const heading = (level: number, raw: string): void => {
    flush();
    const textOf = stripInlineMarkdown(raw.replace(/\s+#+\s*$/, '').trim());
    if (level === 1 && firstH1 === undefined) firstH1 = textOf;
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
    const anchor = anchors.next(textOf);
    if (level === 1 && textOf === title()) return;
    stack.push({ level, text: textOf, anchor });
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      if (line.text.trim().startsWith(fence.marker)) {
        const code = fence.lines
          .map((l) => l.text)
          .join('\n')
          .trim();
        if (code) {
          const top = stack[stack.length - 1];
          blocks.push({
            headings: stack.map((h) => h.text),
            text: code,
            anchor: top?.anchor,
            start: fence.lines[0].start,
            end: fence.lines[fence.lines.length - 1].end,
          });
        }
        fence = undefined;
      } else fence.lines.push(line);
      continue;
    }
    const fenceOpen = /^\s*(```+|~~~+)/.exec(line.text);
    if (fenceOpen) {
      flush();
      fence = { marker: fenceOpen[1], lines: [] };
      continue;
    }
    const atx = /^\s{0,3}(#{1,6})\s+(.+)$/.exec(line.text);
    if (atx) {
      heading(atx[1].length, atx[2]);
      continue;
    }
    const next = lines[i + 1];
    if (
      next &&
      para.length === 0 &&
      line.text.trim() !== '' &&
      !LIST_ITEM.test(line.text) &&
      /^\s{0,3}(=+|-+)\s*$/.test(next.text)
    ) {
      heading(next.text.trim().startsWith('=') ? 1 : 2, line.text.trim());
      i++;
      continue;
    }
    if (line.text.trim() === '' || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line.text)) {
      flush();
      continue;
    }
    para.push(line);
  }
  if (fence) para.push(...fence.lines);
  flush();

  const meta: Record<string, unknown> = { ...data };
  delete meta.title;
  delete meta.audience;
  return { title: title(), kind: 'markdown', audience: data.audience, meta, blocks };
}
