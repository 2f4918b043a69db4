/** Checks on rendered card JSON and message text: user text must never turn into live markdown. */

/** Every string an Adaptive Card reads as markdown: TextBlock text and FactSet titles and values, anywhere in `json`. */
export function markdownStrings(json: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts))
      for (const f of o.facts as Array<Record<string, unknown>>) out.push(String(f.title), String(f.value));
    Object.values(o).forEach(walk);
  };
  walk(json);
  return out;
}

/** The text a markdown reader acts on once backslash escapes are taken out (what is left is live syntax). */
function live(text: string): string {
  return text.replace(/\\./g, '');
}

/** Problems found in one markdown string that carries the injection (empty when it is safe). */
export function liveMarkdownProblems(text: string): string[] {
  const t = live(text);
  const problems: string[] = [];
  if (/\]\(/.test(t) || /\[[^\]]*\]/.test(t)) problems.push('a link');
  if (/<https?:/i.test(t)) problems.push('an autolink');
  if (/\*\*bold\*\*|(^|\W)_it_(\W|$)/.test(t)) problems.push('emphasis');
  if (/```/.test(t)) problems.push('a code fence');
  if (/^\s*(#|[-+] |\d+\. |> )/m.test(t)) problems.push('a heading, quote or list');
  return problems;
}

/** Fails with the offending strings if any markdown string in `json` that contains `marker` has live markdown. */
export function expectNoLiveMarkdown(json: unknown, marker: string): number {
  const offending = markdownStrings(json)
    .filter((s) => s.includes(marker))
    .map((s) => ({ text: s, problems: liveMarkdownProblems(s) }))
    .filter((s) => s.problems.length);
  expect(offending).toEqual([]);
  return markdownStrings(json).filter((s) => s.includes(marker)).length;
}

/** True when `message` is made of text and exactly one fenced code block that runs to its end. */
export function isOneClosedCodeBlock(message: string): boolean {
  const fences = message.match(/```/g) ?? [];
  return fences.length === 2 && message.trimEnd().endsWith('```');
}
