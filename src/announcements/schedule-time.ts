/** Turning the preview card's date and time inputs (the author's wall clock) into an instant. */

/** True when `timeZone` is an IANA zone this runtime knows, such as "Europe/Berlin". */
export function isKnownTimeZone(timeZone: string | undefined): timeZone is string {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at instant `utcMs`, in milliseconds (positive east of Greenwich). */
function offsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .formatToParts(new Date(utcMs))
    .reduce<Record<string, number>>(
      (acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }),
      {},
    );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant at which the wall-clock `date` (YYYY-MM-DD) and `time` (HH:mm) occur in `timeZone` (UTC when the
 * zone is unknown). Returns undefined when the inputs are not a real date and time.
 */
export function wallClockToInstant(date: string, time: string, timeZone: string | undefined): Date | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!d || !t) return undefined;
  const [y, mo, da, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return undefined;
  const naive = Date.UTC(y, mo - 1, da, h, mi);
  if (new Date(naive).getUTCDate() !== da) return undefined;
  if (!isKnownTimeZone(timeZone)) return new Date(naive);
  const first = naive - offsetMs(naive, timeZone);
  const second = naive - offsetMs(first, timeZone);
  return new Date(second);
}
