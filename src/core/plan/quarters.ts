import type { EvidenceItem } from '../model';
import type { Mentee } from '../evidence/mentoring';
import { formatDay, parsePeriod, type Period } from '../period';

/** How many calendar quarters the trajectory covers, the current one last. */
export const TRAJECTORY_QUARTERS = 8;

/** A calendar quarter in local time, e.g. 2026-Q3: July 1 to September 30 inclusive. */
export interface QuarterSpan {
  quarter: string;
  since: string;
  until: string;
  period: Period;
}

/** The quarter a day (YYYY-MM-DD) falls in. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The last `count` calendar quarters up to and including the one `now` is in, oldest first. */
export function lastQuarters(now: Date, count = TRAJECTORY_QUARTERS): QuarterSpan[] {
  const spans: QuarterSpan[] = [];
  const firstMonth = Math.floor(now.getMonth() / 3) * 3;
  for (let i = count - 1; i >= 0; i--) {
    const start = new Date(now.getFullYear(), firstMonth - 3 * i, 1);
    const end = new Date(start.getFullYear(), start.getMonth() + 3, 0);
    const since = formatDay(start);
    const until = formatDay(end);
    spans.push({ quarter: quarterOf(since), since, until, period: parsePeriod(since, until) });
  }
  return spans;
}

/**
 * What one repository's history shows in one quarter: the evidence its detectors find with the quarter as the
 * period (only what the assessment reads of each item is kept: a stored result holds eight of these), and the people
 * helped in it, so that who counts as mentored is decided across repositories as it is for the review period.
 */
export interface QuarterEvidence {
  quarter: string;
  evidence: EvidenceItem[];
  mentees: Mentee[];
}

export function slimEvidence(e: EvidenceItem): EvidenceItem {
  return {
    kind: e.kind,
    signal: e.signal,
    repo: e.repo,
    commit: e.commit,
    date: e.date,
    summary: '',
    people: e.people,
    paths: [],
    weight: e.weight,
    subject: '',
  };
}
