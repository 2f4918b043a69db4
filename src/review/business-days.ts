const DAY_MS = 24 * 60 * 60 * 1000;

function isWeekend(t: number): boolean {
  const day = new Date(t).getUTCDay();
  return day === 0 || day === 6;
}

function startOfDay(t: number): number {
  return t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Moves a weekend instant to the start of the following Monday (UTC); weekday instants are returned unchanged. */
function skipWeekend(t: number): number {
  let out = t;
  while (isWeekend(out)) out = startOfDay(out) + DAY_MS;
  return out;
}

/**
 * Adds `days` business days (Monday to Friday, UTC; fractions allowed) to `start`: only weekday time counts,
 * so Friday 15:00 plus 2 business days is Tuesday 15:00, and anything started at the weekend starts on Monday 00:00.
 */
export function addBusinessDays(start: Date, days: number): Date {
  let t = skipWeekend(start.getTime());
  let remaining = Math.max(0, days) * DAY_MS;
  while (remaining > 0) {
    const step = Math.min(remaining, startOfDay(t) + DAY_MS - t);
    t += step;
    remaining -= step;
    if (remaining > 0) t = skipWeekend(t);
  }
  return new Date(t);
}
