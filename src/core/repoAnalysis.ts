import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { EvidenceItem, Person } from './model';
import { GitError, type GitOptions } from './git/exec';
import { NO_MAILMAP, inspectRepository, mailmapFingerprint } from './git/repository';
import { generatedFileClassifier, readAttributeFiles } from './git/generatedFiles';
import { loadHistory, type HistoryMemory } from './git/historyCache';
import { normaliseEmail, resolveMailmap, type Identity } from './git/identity';
import { commitLinker } from './git/remoteLinks';
import { notePeople, readReviewNotes, reviewNotesNotices, reviewNotesRef, withMailmap } from './git/reviewNotes';
import { buildContext, forPeriod, mergedBranch, type HistoryContext } from './evidence/context';
import { readHistory } from './git/historyReader';
import { detectReviews, type ReviewCounts } from './evidence/reviews';
import { detectMentoring, mergeMentees, type Mentee, type MentoringResult } from './evidence/mentoring';
import { detectIdentityFacts, type IdentityFacts } from './evidence/identityFacts';
import {
  detectOwnership,
  extendTallies,
  extendTouches,
  periodTallies,
  storedTallies,
  storedTouches,
  type OwnershipArea,
  type StoredTallies,
  type StoredTouches,
  type Tallies,
} from './evidence/ownership';
import { detectCraft, isoWeek } from './evidence/craft';
import { recallAnswers, saveAnswers, type AnswersMemory } from './mailmapAnswers';
import { keepResult, readResultAhead, recallResult, resultKey, type ResultMemory } from './resultStore';
import { detectWorkflow, type Workflow } from './evidence/workflow';
import type { Period } from './period';
import { lastQuarters, slimEvidence, type QuarterEvidence, type QuarterSpan } from './plan/quarters';

/** What analysing one repository needs beyond its folder, the period and my extra addresses. */
export interface RepoAnalysisOptions extends GitOptions {
  /** Authors never counted as people (beyond bots and assistants). */
  excludedAuthors?: string[];
  /** Analyse a shallow clone anyway (its history is incomplete). */
  allowShallow?: boolean;
  onProgress?: (progress: AnalysisProgress) => void;
  /** Git processes that may read one history at once; one per core by default. */
  readers?: number;
  /** The fewest commits given a git process of their own (see readInSlices; tests split small histories with it). */
  minSlice?: number;
  /** Where parsed commits are cached between runs (outside the workspace); no cache when absent. */
  cacheDir?: string;
  /** "Today", for the trend and the default period end. */
  now?: Date;
  /** Kept by a long-lived caller across analyses (see createAnalysisMemory); parsed histories and results are reused. */
  memory?: AnalysisMemory;
}

/** How far the analysis of a repository is, for a progress display. */
export interface AnalysisProgress {
  repo: string;
  /** Reading commits from git (or the cache), then examining them. */
  stage: 'reading' | 'examining';
  /** Commits read so far. */
  commits: number;
  /** Commits there are to read, once git has counted them. */
  total?: number;
  /** Who "me" is here, known before the history is read: my addresses and the name git is configured with. */
  me: Identity;
}

/** The repository an analysed result describes. */
export interface AnalyzedRepo {
  path: string;
  head: string;
  branch: string | null;
  commitsScanned: number;
  shallow: boolean;
  remoteUrl: string | null;
  /** How changes land here and whether git records reviews; absent for a repository that failed. */
  workflow?: Workflow;
  /** What the person could do for a fuller analysis of this repository (fetch Gerrit's review notes, say). */
  notices?: string[];
}

/**
 * What one repository contributes to an analysis. Plain data: it is also what the result store keeps, so a change to
 * it (or to any detector) bumps RESULT_VERSION in resultStore.ts.
 */
export interface RepoResult {
  summary: AnalyzedRepo;
  identity: Identity;
  /** Non-merge commits I authored in the period. */
  authored: number;
  reviewCounts: ReviewCounts;
  mentoring: { byTrailer: MentoringResult['byTrailer']; people: Mentee[] };
  /** The names on my commits and the addresses that may be mine too, over the whole history. */
  identityFacts: IdentityFacts;
  ownership: OwnershipArea[];
  /** In evidenceOrder. */
  evidence: EvidenceItem[];
  /** What each of the trajectory's quarters shows, oldest first (see QuarterEvidence). */
  quarters: QuarterEvidence[];
  /** What a later run needs to add new commits to this result instead of starting over. */
  state: {
    /** When I first authored a commit here (ms), or null. */
    myFirstTime: number | null;
    /** Weeks that already have an active-week item. */
    weeks: string[];
    /** The newest commit time in the period, and the "recent" cut-off ownership used (it also moves with "today"). */
    newestInPeriod: number;
    recentFrom: number;
    /** The commits that ever touched each area, by me and by everyone (see detectOwnership). */
    touches: StoredTouches;
    /** Each area's figures over the period (see extendTallies). */
    tallies: StoredTallies;
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order of evidence in an analysis: newest day first, then by signal. Dates (YYYY-MM-DD) and signal names are
 * ASCII, so plain comparison orders them as localeCompare would, much faster. Sorts using it must be stable: items
 * that tie keep the order the detectors found them in.
 */
export function evidenceOrder(a: EvidenceItem, b: EvidenceItem): number {
  return compare(b.date, a.date) || compare(a.signal, b.signal);
}

/** Two lists each in evidenceOrder as one, as a stable sort of `first` followed by `second` would order them. */
function mergeOrdered(first: EvidenceItem[], second: EvidenceItem[]): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length && j < second.length) out.push(evidenceOrder(second[j]!, first[i]!) < 0 ? second[j++]! : first[i++]!);
  while (i < first.length) out.push(first[i++]!);
  while (j < second.length) out.push(second[j++]!);
  return out;
}

const RECENT_MS = 90 * 24 * 3600 * 1000;

/**
 * What a long-lived process (the extension's scan worker) keeps between analyses: the parsed history and the last
 * result of each repository, so a refresh after a commit reads neither file again.
 */
export interface AnalysisMemory extends ResultMemory<RepoResult> {
  histories: HistoryMemory;
  /** git check-mailmap's answers per repository, while its mailmap stays the same: only lines not asked before go to git. */
  mailmaps: AnswersMemory;
}

export function createAnalysisMemory(): AnalysisMemory {
  return { histories: new Map(), results: new Map(), mailmaps: new Map(), unsaved: new Map() };
}

/** The "recent" cut-off: 90 days before the period's end or the newest commit in it, whichever is earlier. */
function recentFromOf(newestInPeriod: number, periodEnd: number): number {
  return Math.min(periodEnd, newestInPeriod || periodEnd) - RECENT_MS;
}

/**
 * Starts reading the result stored for the repository at `dir` before git has described it, when `dir` holds `.git`
 * (then it is most likely the repository's top folder, the one its result is stored by). A guess that proves wrong
 * costs one file read.
 */
export function readAhead(dir: string, options: Pick<RepoAnalysisOptions, 'cacheDir' | 'memory'>): void {
  const root = path.resolve(dir);
  if (options.cacheDir && !options.memory?.results.has(root) && existsSync(path.join(root, '.git'))) readResultAhead(root, options.cacheDir);
}

/**
 * Analyses one repository. With a cache directory the result is stored, keyed by everything it depends on: when
 * nothing changed it is reused as it is, and when HEAD only moved forward the new commits' evidence is added to it.
 * A change that could alter the meaning of older commits (my first commit, a newcomer dated before me, a mainline
 * that no longer runs through the old HEAD, a merge reaching back to an older newcomer's change) means starting over.
 */
export async function analyzeRepository(dir: string, options: RepoAnalysisOptions, period: Period, extraEmails: string[]): Promise<RepoResult> {
  readAhead(dir, options);
  const facts = await inspectRepository(dir, options);
  if (facts.shallow && !options.allowShallow) {
    throw new GitError(
      'failed',
      `${facts.root} is a shallow clone, so its history is incomplete; run \`git fetch --unshallow\` there, or pass --allow-shallow`,
    );
  }
  const periodEnd = Number.isFinite(period.to) ? period.to : (options.now ?? new Date()).getTime();
  const mine = [...new Set([...extraEmails, ...(facts.userEmail ? [facts.userEmail] : [])].map(normaliseEmail))];
  const me: Identity = { emails: mine, names: facts.userName ? [facts.userName] : [] };
  const progress = (stage: AnalysisProgress['stage'], commits: number, total?: number) =>
    options.onProgress?.({ repo: facts.root, stage, commits, ...(total !== undefined ? { total } : {}), me });
  progress('reading', 0);
  // The stored result is read while git answers the questions its key needs.
  const [mailmap, notesRef, attributes, recalled] = await Promise.all([
    mailmapFingerprint(facts, options),
    reviewNotesRef(facts, options),
    readAttributeFiles(facts.root, options),
    recallResult(facts.root, options.cacheDir, options.memory),
  ]);
  const spans = lastQuarters(options.now ?? new Date());
  const key = resultKey(facts, {
    mailmap,
    generated: attributes.fingerprint,
    mine,
    period,
    excludedAuthors: options.excludedAuthors,
    notesRef,
    trajectoryFrom: spans[0]!.quarter,
  });
  const reusable = recalled?.key === key ? recalled : undefined;
  // Still being decoded: a refresh reads the new commits meanwhile, and needs the result only once it has them.
  const earlierResult = reusable?.stored;
  if (reusable && reusable.head === facts.head) {
    const same = await earlierResult;
    if (same?.head === facts.head && recentFromOf(same.result.state.newestInPeriod, periodEnd) === same.result.state.recentFrom) {
      options.memory?.results.set(facts.root, same); // read from its file: the next refresh need not read it again
      progress('examining', same.result.summary.commitsScanned);
      return same.result;
    }
  }

  // The period and every quarter of the trajectory: the commits whose line counts any figure may use.
  const last = spans[spans.length - 1]!.period;
  const window = { ...period, from: Math.min(period.from, spans[0]!.period.from), to: Math.max(period.to, last.to) };
  const load = await loadHistory(facts, {
    ...options,
    linesFrom: window.from,
    mailmap,
    generated: { fingerprint: attributes.fingerprint, isGenerated: generatedFileClassifier(attributes.files) },
    memory: options.memory?.histories,
    onCommit: (count, total) => {
      if (count % 2000 === 0) progress('reading', count, total);
    },
  });
  const { history } = load;
  progress('examining', history.count);

  // The stored result can be extended when HEAD only moved forward from the commit it was made at.
  let fresh = reusable ? history.newSince(reusable.head) : undefined;
  // Gerrit's notes for the period and for every quarter of the trajectory: a quarter recomputed on top of a stored
  // result needs the older commits' notes too, so all of the window is read (only repositories with the notes ref).
  const notes = await readReviewNotes(facts.root, notesRef, history, window, undefined, options);
  const trailerPeople = history.trailerPeople().map(id => history.people[id]!);
  const resolved = await resolvePeople(facts.root, mailmap, [...trailerPeople, ...notePeople(notes), ...mine.map(email => ({ name: '', email }))], options);
  if (options.signal?.aborted) throw new GitError('cancelled', 'cancelled');
  history.useMailmap(resolved);
  const identity: Identity = {
    emails: [...new Set([...mine, ...mine.map(e => resolved.get(e)?.email ?? e)])],
    names: facts.userName ? [facts.userName] : [],
  };

  const summary: AnalyzedRepo = {
    path: facts.root,
    head: facts.head,
    branch: facts.branch ?? null,
    commitsScanned: history.count,
    shallow: facts.shallow,
    remoteUrl: facts.remoteUrl ?? null,
  };
  const notices = reviewNotesNotices(history, notesRef);
  if (notices.length) summary.notices = notices;
  const contextOf = (newest?: number) => buildContext(facts.root, identity, history, period, options.excludedAuthors, newest, withMailmap(notes, resolved));
  let ctx = contextOf(fresh);
  await fillBranchLines(ctx, window.from, options);
  summary.workflow = detectWorkflow(ctx, !!notesRef);
  const stored = fresh !== undefined ? await earlierResult : undefined;
  if (stored && stored.head !== reusable!.head) {
    // Additions that did not fit their file: the file's own result is extended instead, from its older head.
    fresh = history.newSince(stored.head);
    ctx = contextOf(fresh);
  }
  let result = stored && fresh !== undefined ? extend(stored.result, ctx, fresh, summary, periodEnd, spans) : undefined;
  // An extended result shares the stored one's evidence, so only what it adds need be written.
  const base = result ? stored!.base : undefined;
  if (!result) {
    // Starting over: every commit of the period is looked at again (the notes of all of them are read already).
    if (fresh !== undefined) ctx = contextOf();
    result = detect(ctx, summary, periodEnd, spans);
  }
  if (options.signal?.aborted) throw new GitError('cancelled', 'cancelled');
  await keepResult(facts.root, options.cacheDir, options.memory, { key, head: facts.head, result, ...(base ? { base } : {}) });
  return result;
}

/**
 * A branch merged in the window can hold commits made before it, which the history may hold without line counts;
 * its figures need them, so they are read again with them (few: most branches are merged soon after they are made).
 */
async function fillBranchLines(ctx: HistoryContext, from: number, options: GitOptions): Promise<void> {
  const h = ctx.history;
  if (h.linesKnown >= h.count) return;
  const missing = new Set<number>();
  const { committerTime } = h.columns;
  // Every commit of the window lies before linesKnown (loadHistory's promise), its merges with it.
  for (let i = 0; i < h.linesKnown; i++) {
    if (committerTime[i]! >= from && h.isMerge(i)) for (const b of mergedBranch(ctx, i)) if (!h.hasLines(b)) missing.add(b);
  }
  if (!missing.size) return;
  const at = new Map([...missing].map(i => [h.sha(i), i] as const));
  await readHistory(
    ctx.repo,
    c => {
      const i = at.get(c.sha);
      if (i !== undefined) h.fillLines(i, c.files);
    },
    { ...options, commits: [...at.keys()] },
  );
}

/** People through .mailmap: one `git check-mailmap` for those no earlier analysis asked about (with this mailmap). */
async function resolvePeople(root: string, mailmap: string, people: Person[], options: RepoAnalysisOptions): Promise<Map<string, Person>> {
  const answers = await recallAnswers(root, mailmap, options.cacheDir, options.memory?.mailmaps);
  const known = answers.size;
  const resolved = await resolveMailmap(root, people, options, mailmap === NO_MAILMAP, answers);
  if (answers.size > known && options.cacheDir) await saveAnswers(root, mailmap, answers, options.cacheDir);
  return resolved;
}

/** Everything the detectors find in the context's period commits. */
function detectAll(ctx: HistoryContext) {
  const reviews = detectReviews(ctx);
  const mentoring = detectMentoring(ctx);
  const craft = detectCraft(ctx, mentoring);
  const evidence = [...reviews.evidence, ...mentoring.evidence, ...craft.evidence, ...craft.weeks.map(([, e]) => e)];
  let authored = 0;
  const { author } = ctx.history.columns;
  for (const c of ctx.periodCommits) {
    const i = ctx.indexOf(c);
    if (!ctx.history.isMerge(i) && ctx.minePerson[author[i]!]) authored++;
  }
  return { reviews, mentoring, weeks: craft.weeks.map(([week]) => week), weekItems: craft.weeks, evidence, authored };
}

/** The newest committer time of the period among the `count` newest commits, or `newest` when that is later. */
function newestOfPeriod(ctx: HistoryContext, count = ctx.history.count, newest = 0): number {
  const { committerTime } = ctx.history.columns;
  const { inPeriod } = ctx;
  for (let i = 0; i < count; i++) if (inPeriod[i] && committerTime[i]! > newest) newest = committerTime[i]!;
  return newest;
}

/**
 * Ownership over the context's period. `known`: what an earlier result and the new commits tell of the period
 * already (its tallies and its newest commit), instead of a pass over every commit for each.
 */
function ownershipOf(ctx: HistoryContext, periodEnd: number, known?: { tallies: Tallies; newestInPeriod: number }) {
  const newestInPeriod = known?.newestInPeriod ?? newestOfPeriod(ctx);
  const recentFrom = recentFromOf(newestInPeriod, periodEnd);
  const tallies = known?.tallies ?? periodTallies(ctx);
  return { newestInPeriod, recentFrom, tallies, ...detectOwnership(ctx, recentFrom, tallies) };
}

/** The evidence of one quarter, found by the same detectors with the quarter as the period. */
function quarterEvidence(ctx: HistoryContext, span: QuarterSpan): QuarterEvidence {
  const quarter = forPeriod(ctx, span.period);
  const ownership = ownershipOf(quarter, span.period.to);
  const found = detectAll(quarter);
  return { quarter: span.quarter, evidence: [...ownership.evidence, ...found.evidence].map(slimEvidence).sort(evidenceOrder), mentees: found.mentoring.people };
}

function linked(ctx: HistoryContext, summary: AnalyzedRepo, evidence: EvidenceItem[]): EvidenceItem[] {
  const link = commitLinker(summary.remoteUrl ?? undefined);
  if (link) for (const e of evidence) e.link = link(e.commit);
  return evidence;
}

function detect(ctx: HistoryContext, summary: AnalyzedRepo, periodEnd: number, spans: readonly QuarterSpan[]): RepoResult {
  const ownership = ownershipOf(ctx, periodEnd);
  const found = detectAll(ctx);
  return {
    summary,
    identity: ctx.identity,
    authored: found.authored,
    reviewCounts: found.reviews.counts,
    mentoring: { byTrailer: found.mentoring.byTrailer, people: found.mentoring.people },
    identityFacts: detectIdentityFacts(ctx),
    ownership: ownership.areas,
    evidence: linked(ctx, summary, [...ownership.evidence, ...found.evidence]).sort(evidenceOrder),
    quarters: spans.map(span => quarterEvidence(ctx, span)),
    state: {
      myFirstTime: ctx.myFirstTime ?? null,
      weeks: found.weeks,
      newestInPeriod: ownership.newestInPeriod,
      recentFrom: ownership.recentFrom,
      touches: storedTouches(ctx),
      tallies: storedTallies(ctx, ownership.tallies),
    },
  };
}

/**
 * An earlier result plus the evidence of the `fresh` newest commits, or undefined when the new commits change what
 * older ones mean (see analyzeRepository). Ownership's tallies of the period and lifetime touches of each area only
 * add the new commits'; the recent part of the period, which moves, is counted again.
 */
function extend(
  earlier: RepoResult,
  ctx: HistoryContext,
  fresh: number,
  summary: AnalyzedRepo,
  periodEnd: number,
  spans: readonly QuarterSpan[],
): RepoResult | undefined {
  const h = ctx.history;
  if ((ctx.myFirstTime ?? null) !== earlier.state.myFirstTime) return undefined;
  if (fresh < h.count && !ctx.mainline[fresh]) return undefined;
  for (const [, firsts] of ctx.firstCommits) {
    const first = firsts[0]!;
    if (first < fresh && ctx.myFirstTime !== undefined && h.columns.authorTime[first]! <= ctx.myFirstTime) return undefined;
  }
  const found = detectAll(ctx);
  if (reachesBack(found, h, fresh)) return undefined;

  const known = new Set(earlier.state.weeks);
  const { added, newWeeks } = addedEvidence(found, known);
  if (!extendTouches(ctx, earlier.state.touches, fresh)) return undefined;
  const tallies = extendTallies(ctx, earlier.state.tallies, fresh);
  if (!tallies) return undefined;
  const ownership = ownershipOf(ctx, periodEnd, { tallies, newestInPeriod: newestOfPeriod(ctx, fresh, earlier.state.newestInPeriod) });
  const earlierCounts = earlier.reviewCounts;
  const sum = <K extends string>(a: Record<K, number>, b: Record<K, number>) =>
    Object.fromEntries(Object.keys(a).map(k => [k, a[k as K] + b[k as K]])) as Record<K, number>;
  return {
    summary,
    identity: ctx.identity,
    authored: earlier.authored + found.authored,
    reviewCounts: {
      byTrailer: sum(earlierCounts.byTrailer, found.reviews.counts.byTrailer),
      mergesOfOthersWork: earlierCounts.mergesOfOthersWork + found.reviews.counts.mergesOfOthersWork,
      commitsCommittedForOthers: earlierCounts.commitsCommittedForOthers + found.reviews.counts.commitsCommittedForOthers,
      gerritVotes: earlierCounts.gerritVotes + found.reviews.counts.gerritVotes,
    },
    mentoring: {
      byTrailer: sum(earlier.mentoring.byTrailer, found.mentoring.byTrailer),
      people: mergePeople(found.mentoring.people, earlier.mentoring.people),
    },
    identityFacts: detectIdentityFacts(ctx),
    ownership: ownership.areas,
    evidence: mergeOrdered(
      linked(ctx, summary, [...ownership.evidence, ...added]).sort(evidenceOrder),
      earlier.evidence.filter(e => e.kind !== 'ownership'),
    ),
    quarters: extendQuarters(earlier.quarters, ctx, fresh, spans),
    state: {
      myFirstTime: earlier.state.myFirstTime,
      weeks: [...newWeeks.map(([week]) => week), ...earlier.state.weeks],
      newestInPeriod: ownership.newestInPeriod,
      recentFrom: ownership.recentFrom,
      touches: storedTouches(ctx),
      tallies: storedTallies(ctx, ownership.tallies),
    },
  };
}

/**
 * A mentoring item of the new commits that cites an older commit (a newcomer's reviewed change that a new merge
 * brought in): what that commit meant may have changed, so the result is made again.
 */
function reachesBack(found: ReturnType<typeof detectAll>, h: HistoryContext['history'], fresh: number): boolean {
  return found.mentoring.evidence.some(e => e.signal === 'mentoring.newcomerReview' && h.indexOf(e.commit) >= fresh);
}

/** What the new commits' evidence adds to a result: all of it but the weeks, and the weeks not `known` already. */
function addedEvidence(found: ReturnType<typeof detectAll>, known: ReadonlySet<string>) {
  const newWeeks = found.weekItems.filter(([week]) => !known.has(week));
  return { added: [...found.evidence.filter(e => e.signal !== 'consistency.activeWeek'), ...newWeeks.map(([, e]) => e)], newWeeks };
}

/**
 * The quarters' evidence after `fresh` new commits (`ctx` holds those in its periodCommits): a quarter none of them
 * falls in shows what it showed before; one they fall in adds their evidence to what it showed, as `extend` does.
 */
function extendQuarters(earlier: readonly QuarterEvidence[], ctx: HistoryContext, fresh: number, spans: readonly QuarterSpan[]): QuarterEvidence[] {
  const { committerTime } = ctx.history.columns;
  return spans.map(span => {
    const before = earlier.find(q => q.quarter === span.quarter);
    let touched = false;
    for (let i = 0; i < fresh && !touched; i++) touched = committerTime[i]! >= span.period.from && committerTime[i]! <= span.period.to;
    if (before && !touched) return before;
    return (before && extendQuarter(before, ctx, fresh, span)) || quarterEvidence(ctx, span);
  });
}

/** One quarter's evidence plus that of the `fresh` new commits in it; undefined when it must be found again (see reachesBack). */
function extendQuarter(before: QuarterEvidence, ctx: HistoryContext, fresh: number, span: QuarterSpan): QuarterEvidence | undefined {
  const h = ctx.history;
  const quarter = forPeriod(ctx, span.period, fresh);
  const found = detectAll(quarter);
  if (reachesBack(found, h, fresh)) return undefined;
  // The weeks the quarter's older commits of mine fall in already have their item (see detectCraft).
  const { author, committerTime } = h.columns;
  const known = new Set<string>();
  for (let i = fresh; i < h.count; i++) {
    if (quarter.inPeriod[i] === 1 && !h.isMerge(i) && quarter.minePerson[author[i]!] === 1) known.add(isoWeek(new Date(committerTime[i]!)));
  }
  const ownership = ownershipOf(quarter, span.period.to);
  return {
    quarter: span.quarter,
    evidence: mergeOrdered(
      [...ownership.evidence, ...addedEvidence(found, known).added].map(slimEvidence).sort(evidenceOrder),
      before.evidence.filter(e => e.kind !== 'ownership'),
    ),
    mentees: mergePeople(found.mentoring.people, before.mentees),
  };
}

/** The people of two runs: the newer run's name wins when it has one, as it would in a single pass. */
function mergePeople(newer: Mentee[], older: Mentee[]): Mentee[] {
  const people = new Map<string, Mentee>();
  mergeMentees(people, older);
  mergeMentees(people, newer);
  return [...people.values()]; // ordered when the repositories' people are combined
}
