import type { Analysis } from '../analyze';
import type { EvidenceItem, Level } from '../model';
import type { ExpectationResult } from '../assess/assess';
import type { Note } from '../notes/notesStore';
import { refersTo, type Statement } from '../notes/statements';
import { canBeHighlight, rankEvidence } from './rank';
import { trackFirst } from '../plan/plan';

/** What every packet format shows, derived once from the analysis so Markdown, HTML and text cannot drift apart. */
export interface PacketView {
  title: string;
  who: string;
  periodLabel: string;
  generated: string;
  repos: string[];
  frameworkName: string;
  /** Headline figures, those that carry weight first; a figure that is zero is left out. */
  headline: string[];
  /** The strongest evidence across expectations and levels (3 to 6 when there is that much). */
  highlights: Highlight[];
  levels: { level: Level; title: string; demonstrated: number; total: number; rows: ExpectationRow[] }[];
  /** Expectations not demonstrated that the history could show, with their next steps. */
  gaps: ExpectationResult[];
  /** Expectations nothing here can show (see isNotVisible). */
  notVisible: ExpectationResult[];
  analysis: Analysis;
}

export interface Highlight {
  item: EvidenceItem;
  /** The expectations it supports, in framework order. */
  supports: ExpectationResult[];
  pinned: boolean;
}

export interface ExpectationRow {
  result: ExpectationResult;
  /** My statement for it, when written. */
  statement?: Statement;
  /** What leads it in the body: pinned items first, then the most significant, TOP_PER_EXPECTATION at most. */
  top: EvidenceItem[];
  /** Every item the packet shows for it (the appendix): pinned first, then ranked; hidden ones left out. */
  shown: EvidenceItem[];
  /** Items in `shown` beyond `top`: "and N more in the appendix". */
  more: number;
  /** Items I hid from the packet (in any statement: hidden is hidden everywhere); they still count in `result.evidence`. */
  hidden: number;
  /** How many of `top` were pinned. */
  pinned: number;
  /**
   * Whether the body gives it a section: it has a statement or evidence. One with neither is said once, in the gaps
   * or under "not visible here", and in the level table.
   */
  inBody: boolean;
}

export const STATUS_LABEL = { demonstrated: 'Demonstrated', partial: 'Partial', none: 'No evidence yet' } as const;

/** Nothing shown, and nothing git could show in these repositories: not a gap, and not in a level's total. */
export function isNotVisible(r: ExpectationResult): boolean {
  return r.visibility !== 'visible' && r.status === 'none';
}

export function statusLabel(r: ExpectationResult): string {
  return isNotVisible(r) ? 'Not visible here' : STATUS_LABEL[r.status];
}

/** What to work on: expectations not demonstrated that the history could show. */
export function gapsOf(analysis: Analysis): ExpectationResult[] {
  return analysis.expectations.filter(e => e.status !== 'demonstrated' && !isNotVisible(e));
}

/** Why an expectation shows nothing, for the packet's "not visible here" list. */
export function invisibleReason(r: ExpectationResult): string {
  return r.visibility === 'not-in-git'
    ? 'git cannot see this; logged wins can show it'
    : 'these repositories record no reviewer in git; imported reviews or logged wins can show it';
}

export function levelName(level: Level): string {
  return level === 'mid' ? 'mid-level' : 'senior';
}

const LEVEL_TITLE: Record<Level, string> = { mid: 'Mid-level expectations', senior: 'Senior expectations' };
/** Items each expectation leads with in the body; the rest are in the appendix. */
export const TOP_PER_EXPECTATION = 3;
export const MIN_HIGHLIGHTS = 3;
export const MAX_HIGHLIGHTS = 6;
/** Beyond the minimum, an item is a highlight only when it scores at least this share of the strongest one. */
const HIGHLIGHT_CUTOFF = 0.35;
/** So the highlights show range: at most this many of one kind (ownership, review, mentoring…), pinned ones aside. */
const HIGHLIGHTS_PER_KIND = 2;

export function periodLabel(period: Analysis['period']): string {
  if (period.since && period.until) return `${period.since} to ${period.until}`;
  if (period.since) return `since ${period.since}`;
  if (period.until) return `until ${period.until}`;
  return 'all history';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * The figure an item is weighed by, in words: "1,240 lines, 12 commits, 3 areas". Figures its summary already
 * states ("7 commits", "across 5 months") are not repeated.
 */
export function figureText(e: EvidenceItem): string {
  const f = e.figures;
  if (!f) return '';
  const says = (n: number, word: string) => new RegExp(`\\b${n}\\s+${word}`).test(e.summary);
  const parts: string[] = [];
  if (f.lines) parts.push(plural(f.lines, 'line'));
  if (f.commits && f.commits > 1 && !says(f.commits, 'commit')) parts.push(plural(f.commits, 'commit'));
  if (f.areas && f.areas > 1) parts.push(plural(f.areas, 'area'));
  if (f.months && !says(f.months, 'month')) parts.push(plural(f.months, 'month'));
  if (f.people && f.people > 1) parts.push(plural(f.people, 'person', 'people'));
  return parts.join(', ');
}

/** The source an item cites, so one commit is one piece of evidence however many signals it gave. */
function sourceOf(e: EvidenceItem): string {
  return `${e.repo}\n${e.commit}`;
}

/** What makes two highlights the same story: the same commit, or help given to the same people. */
function storyOf(e: EvidenceItem): string[] {
  return e.kind === 'mentoring' && e.people.length ? [sourceOf(e), `people\n${[...e.people].sort().join('\n')}`] : [sourceOf(e)];
}

/** The commits a logged win names, each linked when an item of the analysis cites the same commit on a known remote. */
export function winCommits(analysis: Analysis, e: EvidenceItem): { sha: string; link?: string }[] {
  if (e.signal !== 'win.logged') return [];
  const win = analysis.wins.find(w => w.id === e.commit);
  return (win?.commits ?? []).map(sha => {
    const link = analysis.evidence.find(x => x.link && x.commit === sha)?.link;
    return link ? { sha, link } : { sha };
  });
}

/**
 * A short name for each repository, as a reader knows it: the folder's name, with its parent's when two share one.
 * Evidence cited from several repositories leads with it, so a committee sees where each piece of work was done.
 */
export function repositoryLabels(repos: readonly string[]): Map<string, string> {
  const name = (r: string) => r.split(/[\\/]/).filter(Boolean).slice(-1)[0] ?? r;
  const twice = (r: string) => r.split(/[\\/]/).filter(Boolean).slice(-2).join('/');
  return new Map(repos.map(r => [r, repos.some(o => o !== r && name(o) === name(r)) ? twice(r) : name(r)]));
}

function labelled(analysis: Analysis): (e: EvidenceItem) => EvidenceItem {
  const analysed = analysis.repos.filter(r => !r.error).map(r => r.path);
  const labels = repositoryLabels(analysed);
  return e => (analysed.length > 1 && labels.has(e.repo) ? { ...e, summary: `${labels.get(e.repo)}: ${e.summary}` } : e);
}

export function buildPacketView(analysis: Analysis): PacketView {
  const label = labelled(analysis);
  const who = analysis.identity.displayName ?? analysis.identity.names[0] ?? analysis.identity.emails[0] ?? 'me';
  const statements = new Map(analysis.statements.map(s => [s.expectation, s] as const));
  const winsById = new Map<string, Note>(analysis.wins.map(w => [w.id, w]));
  const scores = new Map<number, number>();
  const hiddenAnywhere = new Set<number>();
  const pinnedAnywhere: number[] = [];

  // Hidden anywhere is hidden everywhere: a commit I do not want shown stays out of the whole packet (it still counts).
  const hiddenRefs = analysis.statements.flatMap(s => s.hidden);
  const isHidden = (i: number) => hiddenRefs.some(r => refersTo(r, analysis.evidence[i]!.commit));
  const rowOf = (result: ExpectationResult): ExpectationRow => {
    const statement = statements.get(result.id);
    const pinnedRefs = statement?.pinned ?? [];
    const visible = result.items.filter(i => !isHidden(i));
    result.items.filter(isHidden).forEach(i => hiddenAnywhere.add(i));
    // Pinned in the order the statement lists them; a pin naming no item of this expectation leads nothing.
    const pinned: number[] = [];
    for (const ref of pinnedRefs) for (const i of visible) if (!pinned.includes(i) && refersTo(ref, analysis.evidence[i]!.commit)) pinned.push(i);
    pinnedAnywhere.push(...pinned);
    const ranked = rankEvidence(
      analysis.evidence,
      visible.filter(i => !pinned.includes(i)),
      winsById,
      scores,
    );
    const order = [...pinned, ...ranked];
    // One commit leads once: a fix that also added a test is one piece of evidence in the body.
    const top: number[] = [];
    const seen = new Set<string>();
    for (const i of order) {
      if (top.length >= TOP_PER_EXPECTATION) break;
      const source = sourceOf(analysis.evidence[i]!);
      if (seen.has(source)) continue;
      seen.add(source);
      top.push(i);
    }
    const rest = order.filter(i => !top.includes(i));
    return {
      result,
      ...(statement ? { statement } : {}),
      top: top.map(i => label(analysis.evidence[i]!)),
      shown: [...top, ...rest].map(i => label(analysis.evidence[i]!)),
      more: rest.length,
      hidden: result.items.length - visible.length,
      pinned: top.filter(i => pinned.includes(i)).length,
      inBody: !!statement?.text || top.length > 0,
    };
  };

  const levels = (['mid', 'senior'] as const).map(level => {
    const results = trackFirst(analysis.expectations, analysis.trackExpectations).filter(e => e.level === level);
    return {
      level,
      title: LEVEL_TITLE[level],
      demonstrated: results.filter(r => r.status === 'demonstrated').length,
      total: results.filter(r => !isNotVisible(r)).length,
      rows: results.map(rowOf),
    };
  });

  return {
    title: `Promotion packet: ${who}`,
    who,
    periodLabel: periodLabel(analysis.period),
    generated: analysis.generatedAt.slice(0, 10),
    repos: analysis.repos.map(r => r.path),
    frameworkName: analysis.framework.name,
    headline: headlineFigures(analysis, levels),
    highlights: highlightsOf(analysis, winsById, scores, hiddenAnywhere, pinnedAnywhere).map(h => ({ ...h, item: label(h.item) })),
    levels,
    gaps: gapsOf(analysis),
    notVisible: analysis.expectations.filter(isNotVisible),
    analysis,
  };
}

function headlineFigures(analysis: Analysis, levels: PacketView['levels']): string[] {
  const t = analysis.totals;
  const reviews = Object.values(analysis.reviews.byTrailer).reduce((a, b) => a + b, 0);
  const mainAreas = analysis.ownership.filter(o => o.mainDeveloper).length;
  const mentored = analysis.mentoring.people.length;
  const helped = analysis.mentoring.helped;
  const out: string[] = [];
  if (t.commitsAuthored) out.push(`${plural(t.commitsAuthored, 'commit')} authored over ${plural(t.activeWeeks, 'active week')}`);
  if (mainAreas) out.push(`Main developer of ${plural(mainAreas, 'area')}${topAreas(analysis)}`);
  const reviewParts = [
    reviews ? `${plural(reviews, 'review')} named in trailers` : '',
    t.mergesOfOthersWork ? `${plural(t.mergesOfOthersWork, 'merge')} of others' work` : '',
    t.commitsCommittedForOthers ? `${plural(t.commitsCommittedForOthers, 'patch', 'patches')} applied for others` : '',
    analysis.reviews.gerritVotes ? `${plural(analysis.reviews.gerritVotes, 'Gerrit change')} voted on` : '',
    analysis.reviews.imported ? `${plural(analysis.reviews.imported, 'review')} imported from the code host` : '',
  ].filter(Boolean);
  if (reviewParts.length) out.push(`Reviewed others' work: ${reviewParts.join(', ')}`);
  if (mentored || helped)
    out.push(
      [mentored ? `${plural(mentored, 'person', 'people')} mentored` : '', helped ? `${plural(helped, 'person', 'people')} helped once` : '']
        .filter(Boolean)
        .join(', '),
    );
  if (analysis.wins.length) out.push(plural(analysis.wins.length, 'logged win'));
  if (out.length === 0) out.push('No commits, reviews or wins of mine in this period');
  out.push(levels.map(l => `${l.title}: ${l.demonstrated} of ${l.total} demonstrated`).join('; '));
  return out;
}

/** The areas I am main developer of, by lines, for the headline: " (src/billing/, src/api/)". */
function topAreas(analysis: Analysis): string {
  const names = analysis.ownership
    .filter(o => o.mainDeveloper)
    .slice(0, 3)
    .map(o => (o.path === './' ? '(repository root)' : o.path));
  return names.length ? ` (${names.join(', ')})` : '';
}

/**
 * The 3 to 6 strongest pieces of evidence: pinned items first, then by significance, one per commit (and one per
 * person helped), at most
 * HIGHLIGHTS_PER_KIND of a kind; beyond three, only those scoring at least 35% of the strongest. Hidden items, a week
 * with commits and a knowledge risk never lead.
 */
function highlightsOf(analysis: Analysis, winsById: Map<string, Note>, scores: Map<number, number>, hidden: Set<number>, pinned: number[]): Highlight[] {
  const supports = new Map<number, ExpectationResult[]>();
  for (const x of analysis.expectations) for (const i of x.items) supports.set(i, [...(supports.get(i) ?? []), x]);
  const candidates = [...supports.keys()].filter(i => !hidden.has(i) && canBeHighlight(analysis.evidence[i]!));
  const pinnedFirst = [...new Set(pinned)].filter(i => !hidden.has(i));
  const ranked = rankEvidence(
    analysis.evidence,
    candidates.filter(i => !pinnedFirst.includes(i)),
    winsById,
    scores,
  );
  const best = ranked.length ? scores.get(ranked[0]!)! : 0;
  const out: Highlight[] = [];
  const sources = new Set<string>();
  const perKind = new Map<string, number>();
  const take = (i: number, isPinned: boolean) => {
    const e = analysis.evidence[i]!;
    const story = storyOf(e);
    if (story.some(key => sources.has(key))) return;
    if (!isPinned && (perKind.get(e.kind) ?? 0) >= HIGHLIGHTS_PER_KIND) return;
    if (!isPinned && out.length >= MIN_HIGHLIGHTS && scores.get(i)! < best * HIGHLIGHT_CUTOFF) return;
    story.forEach(key => sources.add(key));
    perKind.set(e.kind, (perKind.get(e.kind) ?? 0) + 1);
    out.push({ item: e, supports: supports.get(i) ?? [], pinned: isPinned });
  };
  for (const i of pinnedFirst) if (out.length < MAX_HIGHLIGHTS) take(i, true);
  for (const i of ranked) if (out.length < MAX_HIGHLIGHTS) take(i, false);
  return out;
}

/** A statement's text as blocks: paragraphs split at blank lines, and a paragraph whose every line starts "- " or "* " is a list. */
export function statementBlocks(text: string): { list: boolean; lines: string[] }[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map(block =>
      block
        .split(/\r?\n/)
        .map(l => l.trim())
        .filter(Boolean),
    )
    .filter(lines => lines.length > 0)
    .map(lines => (lines.every(l => /^[-*]\s/.test(l)) ? { list: true, lines: lines.map(l => l.slice(2).trim()) } : { list: false, lines: [lines.join(' ')] }));
}
