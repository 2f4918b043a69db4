/** Makes a GitHub-style anchor from a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slugify(heading: string): string {
  return heading
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Hands out unique anchors within one document, numbering repeats the way GitHub does ("setup", "setup-1"). */
export class AnchorRegistry {
  private readonly seen = new Map<string, number>();

  /** The anchor for the next heading with this text. */
  next(heading: string): string {
    const base = slugify(heading) || 'section';
    const n = this.seen.get(base);
    this.seen.set(base, (n ?? -1) + 1);
    return n === undefined ? base : `${base}-${n + 1}`;
  }
}

/** Turns a file name into a readable title ("Northwind_Standard-plan.pdf" becomes "Northwind Standard plan"). */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return base.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim() || fileName;
}
