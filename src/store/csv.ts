/** CSV export used by every admin download: RFC 4180 quoting, and cells that a spreadsheet would run as a formula are defused. */
export function toCsv<T extends Record<string, unknown>>(rows: T[], columns: ReadonlyArray<keyof T & string>): string {
  const cell = (v: unknown): string => {
    let s =
      v === undefined || v === null
        ? ''
        : typeof v === 'string'
          ? v
          : v instanceof Date
            ? v.toISOString()
            : typeof v === 'object'
              ? JSON.stringify(v)
              : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
