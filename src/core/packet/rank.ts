import type { EvidenceItem, Figures, Signal } from '../model';
import type { Note } from '../notes/notesStore';

/**
 * Evidence ranked by significance, not date: what a promotion committee weighs. The score adds up, each part capped so
 * that no single figure drowns the others:
 *
 * - size of the effort: log2(1 + lines) + 2 × log2(1 + commits), so a 1,000-line, 12-commit branch (≈ 17) outranks a
 *   40-line fix (≈ 7) without a 20,000-line rewrite counting twenty times more;
 * - spread: 2 for each area touched beyond the first, at most 10;
 * - how long an area was sustained: 2 for each month with work in it, times my share of its lines (keeping a
 *   third of an area going counts a third), at most 24;
 * - people touched: 3 for each person besides me, at most 15;
 * - reviews of newcomers: 8 for reviewing or merging the first changes of someone I mentor, 4 for other mentoring and
 *   for help given once (a one-off review of a first change included);
 * - a logged win: 6, and 8 more when its impact is measured (it holds a number: "p95 down 40%", "3 teams");
 * - the detector's own weight (3 main developer, 2 a merged branch or a design record, 1 most, ¼ an active week) × 3.
 *
 * Ties go to the newer item, then to the analysis' order. A knowledge risk ("only recent author") and a week with
 * commits are never highlights: they are facts, not achievements.
 */
export function significance(e: EvidenceItem, win?: Pick<Note, 'impact'>): number {
  const f: Figures = e.figures ?? {};
  const size = Math.log2(1 + (f.lines ?? 0)) + 2 * Math.log2(1 + (f.commits ?? 0));
  const spread = Math.min(10, 2 * Math.max(0, (f.areas ?? 0) - 1));
  const sustained = Math.min(24, 2 * (f.months ?? 0) * (f.share ?? 1));
  const people = Math.min(15, 3 * (f.people ?? e.people.length));
  const mentoring = e.signal === 'mentoring.newcomerReview' ? 8 : e.kind === 'mentoring' ? 4 : 0;
  const winScore = e.signal === 'win.logged' ? 6 + (hasMeasuredImpact(win?.impact ?? e.summary) ? 8 : 0) : 0;
  return size + spread + sustained + people + mentoring + winScore + 3 * e.weight;
}

/** An impact with a number in it: "p95 latency down 40%", "3 teams unblocked", "saved $12k a month". */
export function hasMeasuredImpact(impact: string): boolean {
  return /\d/.test(impact);
}

/** Signals that never lead: facts about the period rather than work a committee would weigh. */
const NEVER_HIGHLIGHTED: ReadonlySet<Signal> = new Set(['consistency.activeWeek', 'ownership.soleRecentAuthor']);

export function canBeHighlight(e: EvidenceItem): boolean {
  return !NEVER_HIGHLIGHTED.has(e.signal);
}

/**
 * Indexes into `evidence`, most significant first. `scores` caches significance per index for callers that rank
 * many lists over the same evidence.
 */
export function rankEvidence(
  evidence: readonly EvidenceItem[],
  indexes: readonly number[],
  winsById: ReadonlyMap<string, Note> = new Map(),
  scores = new Map<number, number>(),
): number[] {
  const score = (i: number) => {
    let s = scores.get(i);
    if (s === undefined) {
      const e = evidence[i]!;
      s = significance(e, e.signal === 'win.logged' ? winsById.get(e.commit) : undefined);
      scores.set(i, s);
    }
    return s;
  };
  return [...indexes].sort((a, b) => score(b) - score(a) || (evidence[b]!.date > evidence[a]!.date ? 1 : evidence[b]!.date < evidence[a]!.date ? -1 : a - b));
}
