import { AnchorRegistry } from '../ingest/heading-anchors';
import { stripInlineMarkdown } from '../ingest/inline-markup';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Link targets a rendered playbook may use: web and mail links, in-page anchors and other playbooks by relative path. */
function safeHref(raw: string): string | undefined {
  const href = raw.trim();
  if (/^(https?:|mailto:)/i.test(href)) return href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return undefined;
  return href;
}

/**
 * Inline Markdown to HTML. The text is escaped first, so markup in a playbook (including raw HTML) can only
 * ever become the few elements below: code, strong, em, del and links with safe targets.
 */
function inline(text: string): string {
  const codes: string[] = [];
  let out = escapeHtml(text.replace(/\uE000/g, '')).replace(
    /`([^`]+)`/g,
    (_m, code: string) => `\uE000${codes.push(code) - 1}\uE000`,
  );
  out = out
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(
      /\[([^\]]+)\]\(((?:[^()\s]|\([^)\s]*\))+)(?:\s+&quot;[^&]*&quot;)?\)/g,
      (_m, label: string, href: string) => {
        const safe = safeHref(href.replace(/&amp;/g, '&'));
        return safe ? `<a href="${escapeHtml(safe)}" rel="noopener noreferrer">${label}</a>` : label;
      },
    )
    .replace(/&lt;(https?:[^&\s]+)&gt;/g, (_m, url: string) => `<a href="${url}" rel="noopener noreferrer">${url}</a>`)
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '<strong>$2</strong>')
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/~~(.+?)~~/g, '<del>$1</del>')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1');
  return out.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => `<code>${codes[Number(i)]}</code>`);
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/**
 * Markdown body (front matter already removed) to HTML: headings carry the same ids the citations link to
 * (the indexer's anchors), and paragraphs, lists, tables, quotes and code blocks render as such.
 */
export function renderMarkdownBody(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const anchors = new AnchorRegistry();
  const html: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) html.push(`<p>${inline(para.join(' '))}</p>`);
    para = [];
  };
  const heading = (level: number, raw: string) => {
    flush();
    const text = raw.replace(/\s+#+\s*$/, '').trim();
    html.push(`<h${level} id="${escapeHtml(anchors.next(stripInlineMarkdown(text)))}">${inline(text)}</h${level}>`);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```+|~~~+)/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i += 1; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) code.push(lines[i]);
      html.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    const atx = /^\s{0,3}(#{1,6})\s+(.+)$/.exec(line);
    if (atx) {
      heading(atx[1].length, atx[2]);
      continue;
    }
    const next = lines[i + 1];
    if (
      next !== undefined &&
      para.length === 0 &&
      line.trim() !== '' &&
      !LIST_ITEM.test(line) &&
      /^\s{0,3}(=+|-+)\s*$/.test(next)
    ) {
      heading(next.trim().startsWith('=') ? 1 : 2, line.trim());
      i++;
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      html.push('<hr>');
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      for (; i < lines.length; i++) {
        const m = LIST_ITEM.exec(lines[i]);
        if (m) items.push(m[3]);
        else if (lines[i].trim() !== '' && /^\s+/.test(lines[i]) && items.length)
          items[items.length - 1] += ` ${lines[i].trim()}`;
        else break;
      }
      i--;
      const tag = ordered ? 'ol' : 'ul';
      html.push(`<${tag}>${items.map((it) => `<li>${inline(it)}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (line.trim().startsWith('|') && next !== undefined && TABLE_RULE.test(next)) {
      flush();
      const head = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++) rows.push(cells(lines[i]));
      i--;
      html.push(
        `<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
      );
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      flush();
      const quoted: string[] = [];
      for (; i < lines.length && /^\s{0,3}>/.test(lines[i]); i++) quoted.push(lines[i].replace(/^\s{0,3}>\s?/, ''));
      i--;
      html.push(`<blockquote>${renderMarkdownBody(quoted.join('\n'))}</blockquote>`);
      continue;
    }
    para.push(line.trim());
  }
  flush();
  return html.join('\n');
}

const PAGE_STYLE = `body{margin:0;background:#f5f5f5;color:#242424;font:16px/1.55 "Segoe UI",system-ui,-apple-system,sans-serif}
main{max-width:46rem;margin:0 auto;padding:2rem 1.5rem 4rem;background:#fff;min-height:100vh;box-sizing:border-box}
h1,h2,h3,h4{line-height:1.25;margin:1.6em 0 .5em}h1{font-size:1.8rem;margin-top:.5em}h2{font-size:1.35rem;border-bottom:1px solid #e0e0e0;padding-bottom:.2em}
:target{background:#fff4ce}a{color:#5b5fc7}code{background:#f0f0f0;padding:0 .25em;border-radius:3px;font-size:.92em}
pre{background:#f0f0f0;padding:.8em;overflow:auto;border-radius:4px}pre code{background:none;padding:0}
table{border-collapse:collapse;margin:1em 0;display:block;overflow:auto}th,td{border:1px solid #d1d1d1;padding:.35em .6em;text-align:left;vertical-align:top}th{background:#fafafa}
blockquote{margin:1em 0;padding:0 1em;border-left:4px solid #d1d1d1;color:#616161}.meta{color:#616161;font-size:.9rem;margin:0 0 1rem}`;

/** A complete, script-free HTML page for a playbook: its title, who owns it and when it was last reviewed, then the body. */
export function markdownPage(doc: {
  title: string;
  bodyMarkdown: string;
  owner?: string;
  lastReviewed?: string;
}): string {
  const meta = [doc.owner ? `Owner: ${doc.owner}` : '', doc.lastReviewed ? `Last reviewed: ${doc.lastReviewed}` : '']
    .filter(Boolean)
    .join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(doc.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${meta ? `<p class="meta">${escapeHtml(meta)}</p>\n` : ''}${renderMarkdownBody(doc.bodyMarkdown)}
</main>
</body>
</html>
`;
}
