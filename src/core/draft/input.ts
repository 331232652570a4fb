import type { Analysis } from '../analyze';
import type { ExpectationResult } from '../assess/assess';
import type { EvidenceItem, EvidenceKind, Level } from '../model';
import { buildPacketView, figureText, periodLabel, type ExpectationRow } from '../packet/model';
import { canBeHighlight, rankEvidence } from '../packet/rank';
import { plain } from '../packet/text';

/**
 * What a statement draft is built from, and all of it: an expectation and its strongest evidence as the packet ranks
 * it (pinned first, hidden left out), reduced to words and figures. Commit ids are cut to seven characters; no path
 * beyond an area's name, no diff, no file content, no email address, no repository path gets in here, so nothing built
 * from it (a prompt, a template) can carry one.
 */
export interface DraftInput {
  expectation: { id: string; title: string; description: string; level: Level; status: ExpectationResult['status']; evidence: number; demonstratedAt: number };
  /** The review period in words: "2025-01-01 to 2025-06-30", "all history". */
  period: string;
  evidence: DraftEvidence[];
  /** Evidence for the expectation beyond `evidence` (left out for length). */
  more: number;
}

export interface DraftEvidence {
  /** A short SHA; for a logged win "win"; for a review without a local commit, the review's id. */
  ref: string;
  /** The full commit, to open it; never sent anywhere (see promptFor). */
  commit: string;
  /** Repository root; never sent anywhere, only used to open the commit. */
  repo: string;
  date: string;
  kind: EvidenceKind;
  signal: EvidenceItem['signal'];
  summary: string;
  subject: string;
  /** "1,240 lines, 12 commits, 3 areas": what the summary does not already say. */
  figures: string;
  pinned: boolean;
}

/** Items a draft cites at most: enough for a strong paragraph, few enough to read in a consent prompt. */
export const DRAFT_EVIDENCE_LIMIT = 8;
/** Characters of any one summary or subject. */
const TEXT_MAX = 200;

const EMAIL = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+\.[^\s<>()[\]"',;:@]+/g;

/**
 * Commit text folded onto one line, cut, and with any email address replaced by "someone" (detectors name people
 * without a name by their address): it may leave the machine.
 */
export function scrub(text: string, max = TEXT_MAX): string {
  return plain(text.replace(EMAIL, 'someone'), max);
}

function shortRef(e: EvidenceItem): string {
  if (e.signal === 'win.logged') return 'win';
  return /^[0-9a-f]{7,64}$/i.test(e.commit) ? e.commit.slice(0, 7) : scrub(e.commit, 60);
}

function toDraftEvidence(e: EvidenceItem, pinned: boolean): DraftEvidence {
  return {
    ref: shortRef(e),
    commit: e.commit,
    repo: e.repo,
    date: e.date,
    kind: e.kind,
    signal: e.signal,
    summary: scrub(e.summary),
    subject: scrub(e.subject),
    figures: scrub(figureText(e), 120),
    pinned,
  };
}

/** The row's evidence a draft may cite: one item per commit, never a bare active week or a knowledge risk. */
function citable(row: ExpectationRow, limit: number): { items: DraftEvidence[]; more: number } {
  const pinned = new Set(row.top.slice(0, row.pinned).map(e => `${e.repo}\n${e.commit}`));
  const seen = new Set<string>();
  const all = row.shown.filter(e => {
    if (!canBeHighlight(e)) return false;
    const key = `${e.repo}\n${e.commit}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { items: all.slice(0, limit).map(e => toDraftEvidence(e, pinned.has(`${e.repo}\n${e.commit}`))), more: Math.max(0, all.length - limit) };
}

/** The draft input for one expectation of the analysis, or undefined when the analysis has no such expectation. */
export function draftInput(analysis: Analysis, expectationId: string, limit = DRAFT_EVIDENCE_LIMIT): DraftInput | undefined {
  const view = buildPacketView(analysis);
  const row = view.levels.flatMap(l => l.rows).find(r => r.result.id === expectationId);
  if (!row) return undefined;
  const r = row.result;
  const { items, more } = citable(row, Math.max(1, Math.floor(limit)));
  return {
    expectation: {
      id: r.id,
      title: scrub(r.title),
      description: scrub(r.description, 600),
      level: r.level,
      status: r.status,
      evidence: r.evidence,
      demonstratedAt: r.demonstratedAt,
    },
    period: periodLabel(analysis.period),
    evidence: items,
    more,
  };
}

/**
 * The strongest evidence across every expectation (each item once, whichever expectations it supports), for a
 * question that names none: ranked as the packet ranks, hidden items left out.
 */
export function strongestOverall(analysis: Analysis, limit = DRAFT_EVIDENCE_LIMIT): { items: (DraftEvidence & { supports: string[] })[]; more: number } {
  const hidden = analysis.statements.flatMap(s => s.hidden);
  const supports = new Map<number, string[]>();
  for (const x of analysis.expectations) for (const i of x.items) supports.set(i, [...(supports.get(i) ?? []), x.title]);
  const candidates = [...supports.keys()].filter(i => {
    const e = analysis.evidence[i]!;
    return canBeHighlight(e) && !hidden.some(ref => ref === e.commit || (ref.length >= 4 && e.commit.startsWith(ref)));
  });
  const winsById = new Map(analysis.wins.map(w => [w.id, w]));
  const seen = new Set<string>();
  const ranked = rankEvidence(analysis.evidence, candidates, winsById).filter(i => {
    const e = analysis.evidence[i]!;
    const key = `${e.repo}\n${e.commit}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const max = Math.max(1, Math.floor(limit));
  return {
    items: ranked.slice(0, max).map(i => ({ ...toDraftEvidence(analysis.evidence[i]!, false), supports: (supports.get(i) ?? []).map(t => scrub(t)) })),
    more: Math.max(0, ranked.length - max),
  };
}

/** Words that say nothing about which expectation a question is about. */
const STOP_WORDS = new Set(
  'a an and are as at be by did do does for from has have how i in is it me my of on or our show so than that the their them this to was were what when where which who why with year years month months strongest best top evidence give list tell'.split(
    ' ',
  ),
);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}.-]+/u)
    .map(w => w.replace(/^[.-]+|[.-]+$/g, ''))
    .filter(w => w.length > 1 && !STOP_WORDS.has(w));
}

/**
 * The expectations a person's words name, best match first: an exact id ("senior.mentoring"), else those whose id,
 * title, area or description share the most words with the query (a word matches by its start, so "reviews" finds
 * "review" and "mentor" finds "mentoring"). Empty when nothing matches.
 */
export function matchExpectations(
  expectations: readonly Pick<ExpectationResult, 'id' | 'title' | 'area' | 'areaTitle' | 'description'>[],
  query: string,
): string[] {
  const q = query.trim().toLowerCase();
  const exact = expectations.find(x => x.id.toLowerCase() === q || x.title.toLowerCase() === q);
  if (exact) return [exact.id];
  const asked = words(q);
  if (asked.length === 0) return [];
  const stem = (w: string) => w.slice(0, Math.max(4, Math.min(w.length, 6)));
  const scored = expectations.map((x, index) => {
    const strong = new Set(words(`${x.id.replace(/\./g, ' ')} ${x.title} ${x.area} ${x.areaTitle}`).map(stem));
    const weak = new Set(words(x.description).map(stem));
    let score = 0;
    for (const w of asked) score += strong.has(stem(w)) ? 3 : weak.has(stem(w)) ? 1 : 0;
    return { id: x.id, score, index };
  });
  const best = Math.max(0, ...scored.map(s => s.score));
  if (best === 0) return [];
  return scored
    .filter(s => s.score >= Math.max(2, best * 0.6) || s.score === best)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(s => s.id);
}

const STATUS = { demonstrated: 'demonstrated', partial: 'partly shown', none: 'no evidence yet' } as const;

/**
 * The ranked evidence as plain text for a chat model (the language-model tool's answer): per expectation its status and
 * its strongest items, or, with no expectation named, the strongest items across all. Built from DraftInput, so it
 * carries what a draft prompt does and nothing more.
 */
export function rankedEvidenceText(analysis: Analysis, expectation: string | undefined, limit = DRAFT_EVIDENCE_LIMIT): string {
  const period = periodLabel(analysis.period);
  const ids = expectation?.trim() ? matchExpectations(analysis.expectations, expectation).slice(0, 3) : [];
  const line = (e: DraftEvidence, n: number) =>
    `${n}. [${e.ref}, ${e.date}] ${e.summary}${e.figures ? ` (${e.figures})` : ''}${e.subject && !e.summary.includes(e.subject.slice(0, 40)) ? `; commit subject: "${e.subject}"` : ''}`;
  if (expectation?.trim() && ids.length === 0) {
    return [
      `No expectation matches "${scrub(expectation, 100)}". The expectations are:`,
      ...analysis.expectations.map(x => `- ${x.id}: ${scrub(x.title)}`),
    ].join('\n');
  }
  if (ids.length === 0) {
    const { items, more } = strongestOverall(analysis, limit);
    return [
      `The strongest evidence across all expectations, ${period}, ranked by significance (size, spread, people, reviews of newcomers, measured impact):`,
      ...(items.length ? items.map((e, i) => `${line(e, i + 1)} — supports: ${e.supports.join('; ')}`) : ['(none)']),
      ...(more ? [`(${more} more not listed)`] : []),
    ].join('\n');
  }
  const blocks: string[] = [];
  for (const id of ids) {
    const input = draftInput(analysis, id, limit)!;
    const x = input.expectation;
    blocks.push(
      [
        `Expectation ${x.id}: ${x.title} (${x.level === 'mid' ? 'mid-level' : 'senior'}), ${STATUS[x.status]}: ${x.evidence} of ${x.demonstratedAt} pieces of evidence, ${period}.`,
        `What it asks: ${x.description}`,
        ...(input.evidence.length ? input.evidence.map(line) : ['(no evidence in this period)']),
        ...(input.more ? [`(${input.more} more not listed)`] : []),
      ].join('\n'),
    );
  }
  return blocks.join('\n\n');
}
