/**
 * A review period of whole local days. `since` and `until` are inclusive, so `--since 2025-11-21` keeps a commit
 * whose committer date is 2025-11-21T00:00 local time or later, exactly like
 * `git log --since-as-filter=2025-11-21T00:00:00 --until=2025-11-21T23:59:59`.
 */
export interface Period {
  since: string | null;
  until: string | null;
  /** Inclusive bounds in ms since the epoch. */
  from: number;
  to: number;
}

export class PeriodError extends Error {}

function parseDay(value: string, flag: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const d = match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
  if (!match || !d || d.getFullYear() !== Number(match[1]) || d.getMonth() !== Number(match[2]) - 1 || d.getDate() !== Number(match[3])) {
    throw new PeriodError(`${flag} must be a date like 2025-11-21, got "${value}"`);
  }
  return d;
}

export function parsePeriod(since?: string | null, until?: string | null): Period {
  const from = since ? parseDay(since, '--since').getTime() : -Infinity;
  const untilDay = until ? parseDay(until, '--until') : undefined;
  const to = untilDay ? new Date(untilDay.getFullYear(), untilDay.getMonth(), untilDay.getDate(), 23, 59, 59, 999).getTime() : Infinity;
  if (from > to) throw new PeriodError(`--since (${since}) is after --until (${until})`);
  return { since: since?.trim() || null, until: until?.trim() || null, from, to };
}

/** The period that ends today and starts `months` months ago (the panel's presets). */
export function lastMonths(months: number, now = new Date()): Period {
  const start = new Date(now.getFullYear(), now.getMonth() - months, now.getDate());
  return parsePeriod(formatDay(start), null);
}

export function formatDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
