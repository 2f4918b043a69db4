import { safeLocale } from './amount';

/**
 * Dates on intake cards, in one format everywhere: the person's locale (the activity's `locale`), long month
 * names as the Teams date picker shows them, e.g. "February 1, 2027" (en-US) or "1 February 2027" (en-GB).
 * Times are in UTC and say so, since the bot does not know the person's time zone.
 */
export function formatDay(isoDate: string, locale?: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? `${isoDate}T00:00:00Z` : isoDate);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(safeLocale(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** A timestamp as people read it on a card, e.g. "November 22, 2026, 21:16 UTC"; "—" when unknown. */
export function formatWhen(iso: string | undefined, locale?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const time = new Intl.DateTimeFormat(safeLocale(locale), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(d);
  return `${formatDay(iso, locale)}, ${time} UTC`;
}
