/**
 * Removes links from generated text unless they point to an allowed address (a cited source):
 * Markdown links keep their text, bare URLs are dropped.
 */
export function stripUnlistedUrls(text: string, allowed: ReadonlySet<string>): string {
  const ok = (url: string): boolean =>
    allowed.has(url) || [...allowed].some((a) => url.split('#')[0] === a.split('#')[0]);
  return text
    .replace(/\[([^\]]*)\]\((\S+?)\)/g, (m, label: string, url: string) => (ok(url) ? m : label))
    .replace(/<?\b(?:https?|ftp):\/\/[^\s<>()\]]+>?/gi, (m) => {
      const url = m.replace(/^<|>$/g, '').replace(/[.,;:!?]+$/, '');
      return ok(url) ? m : '';
    })
    .replace(/\bwww\.[^\s<>()\]]+/gi, (m) => (ok(m) ? m : ''))
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim();
}

/**
 * Renumbers [n] markers (1-based passage numbers) in order of first use and drops markers that do not
 * name a passage. Returns the new text and the passage numbers in citation order.
 */
export function renumberCitations(text: string, passageCount: number): { text: string; cited: number[] } {
  const order: number[] = [];
  const out = text.replace(/\[(\d{1,2})\]/g, (_, d: string) => {
    const n = Number(d);
    if (n < 1 || n > passageCount) return '';
    if (!order.includes(n)) order.push(n);
    return `[${order.indexOf(n) + 1}]`;
  });
  return { text: out.replace(/[ \t]{2,}/g, ' ').trim(), cited: order };
}

const LIST_LINE = /^\s*([-*+•]|\d{1,3}[.)])\s/;
const MARKERS = /\s*((?:\[\d{1,2}\]\s*)+)$/;

/**
 * Moves [n] markers that end Markdown list items to a line after the list ("Sources: [1] [2]"): Teams
 * turns a marker into a citation only in running text, so inside a list item it would show as "[1]".
 */
export function liftMarkersOutOfLists(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    out.push('', `Sources: ${pending.join(' ')}`, '');
    pending = [];
  };
  for (const line of lines) {
    if (LIST_LINE.test(line)) {
      const m = MARKERS.exec(line);
      if (m) {
        for (const marker of m[1].match(/\[\d{1,2}\]/g) ?? []) if (!pending.includes(marker)) pending.push(marker);
        out.push(line.slice(0, m.index));
        continue;
      }
      out.push(line);
      continue;
    }
    if (line.trim() === '' || !/^\s{2,}\S/.test(line)) flush();
    out.push(line);
  }
  flush();
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
