import type { Passage } from '../document-model';
import type { Citation } from './answer-types';

/** Where citation links point: `${publicBaseUrl}/playbooks/<file>#<anchor>` when the bot serves the playbook files. */
export interface CitationLinks {
  publicBaseUrl?: string;
  /**
   * Signs a link to a restricted document (one with an audience) for the person who asked, returning its query string.
   * Without it, restricted documents are cited by title and section only, with no link.
   */
  signRestricted?: (source: string) => string;
}

/** A link to a passage's file and section (or PDF page), or undefined when the files are not served or it may not be linked. */
export function passageUrl(p: Passage, links: CitationLinks): string | undefined {
  if (!links.publicBaseUrl || p.kind === 'expert-answer') return undefined;
  if (p.audience && !links.signRestricted) return undefined;
  const base = links.publicBaseUrl.replace(/\/+$/, '');
  const file = p.source.split('/').map(encodeURIComponent).join('/');
  const query = p.audience && links.signRestricted ? `?${links.signRestricted(p.source)}` : '';
  return `${base}/playbooks/${file}${query}${p.anchor ? `#${p.anchor}` : ''}`;
}

/** Shortens text to about `max` characters at a word boundary, adding an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const at = cut.lastIndexOf(' ');
  return `${(at > max * 0.6 ? cut.slice(0, at) : cut).replace(/[,;:.\s]+$/, '')}…`;
}

/** Builds the citation for a passage; the snippet prefers the sentences the answer quoted. */
export function toCitation(index: number, p: Passage, links: CitationLinks, quoted: string[] = []): Citation {
  const snippet = shorten(quoted.length ? quoted.join(' ') : p.text, 300);
  return {
    index,
    title: p.title,
    source: p.source,
    ...(passageUrl(p, links) ? { url: passageUrl(p, links) } : {}),
    ...(p.section ? { section: p.section } : {}),
    ...(p.page !== undefined ? { page: p.page } : {}),
    snippet,
  };
}
