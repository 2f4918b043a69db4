/**
 * Reads an amount of money as people type it: "$12,000", "12k", "12 000", "USD 1.5m", "12,000.50 USD".
 * Thousands separators (comma, space, no-break space, apostrophe) and a leading or trailing currency sign or
 * code are ignored; a k/m suffix (or "thousand"/"million") multiplies. Returns undefined for anything else,
 * including negative amounts, so the wizard can say what it expects.
 */
export function parseAmount(text: string): number | undefined {
  let s = text
    .trim()
    .toLowerCase()
    .replace(/^(usd|us\$|\$)\s*/, '')
    .replace(/\s*(usd|\$|dollars?)$/, '')
    .trim();
  let factor = 1;
  const suffix = /^(.*?)\s*(k|thousand|m|mn|million)$/.exec(s);
  if (suffix) {
    s = suffix[1];
    factor = suffix[2].startsWith('k') || suffix[2] === 'thousand' ? 1_000 : 1_000_000;
  }
  const grouped = /^\d{1,3}(?:[,\s\u00a0\u202f']\d{3})+(?:\.\d+)?$/;
  const plain = /^\d+(?:\.\d+)?$/;
  if (!grouped.test(s) && !plain.test(s)) return undefined;
  const n = Number(s.replace(/[,\s\u00a0\u202f']/g, '')) * factor;
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : undefined;
}

/** An amount in USD as a card shows it, e.g. "USD 12,000" (grouped the way the person's locale groups digits). */
export function formatUsd(amount: number, locale = 'en-US'): string {
  return `USD ${amount.toLocaleString(safeLocale(locale), { maximumFractionDigits: 2 })}`;
}

/** The locale if the runtime knows it, else en-US (an activity's locale is untrusted text). */
export function safeLocale(locale: string | undefined): string {
  if (!locale) return 'en-US';
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length ? locale : 'en-US';
  } catch {
    return 'en-US';
  }
}
