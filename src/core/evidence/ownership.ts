import type { CommitRecord, EvidenceItem } from '../model';
import { day, item, type HistoryContext } from './context';

export interface OwnershipArea {
  repo: string;
  /** Directory (up to two levels, with a trailing slash), or `./` for files at the root. */
  path: string;
  /** My share of the lines changed in this area during the period (commits when no line counts exist). */
  share: number;
  /** Lines I changed (added + deleted) in the period. */
  linesChanged: number;
  /** My commits touching the area in the period. */
  commits: number;
  /** Lines changed by everyone in the period. */
  totalLinesChanged: number;
  totalCommits: number;
  /** My share of the commits that ever touched the area (merges and excluded authors left out). */
  lifetimeShare: number;
  /** Distinct months with a commit of mine in the area, in the period. */
  activeMonths: number;
  /** Distinct human authors in the period. */
  authors: number;
  /** I was the only human author in the area in the last 90 days of the period. */
  soleRecentAuthor: boolean;
  mainDeveloper: boolean;
  lastCommit: string;
  lastDate: string;
}

/** An area's figures over the period, as a pass over its commits adds them up. */
interface Tally {
  mine: number;
  total: number;
  myCommits: number;
  commits: number;
  /** See Columns.committerMonth. */
  months: Set<number>;
  /** Distinct authors (by email) in the period, and in its recent part. */
  authors: number;
  recentAuthors: number;
  /** I am one of the recent authors. */
  meRecently: boolean;
  /** My newest commit in the area (an index). */
  last: number;
}

/** Tallies by area id; an area no commit of the period touched has none. */
export type Tallies = (Tally | undefined)[];

const newTally = (): Tally => ({ mine: 0, total: 0, myCommits: 0, commits: 0, months: new Set(), authors: 0, recentAuthors: 0, meRecently: false, last: -1 });

/**
 * Each area's figures over the context's period, but for those of its recent part (see detectOwnership): one pass
 * over every commit of the history.
 */
export function periodTallies(ctx: HistoryContext): Tallies {
  const tallies: Tallies = [];
  addCommits(ctx, tallies, ctx.history.count, (t: Tally) => t.authors++);
  return tallies;
}

/**
 * Adds the period's commits among the `count` newest to the tallies (commits are numbered newest first, so an area's
 * newest commit of mine is the lowest number it meets, whether added now or before). `firstOf` hears of each
 * (area, author) pair the first time these commits show it.
 */
function addCommits(ctx: HistoryContext, tallies: Tallies, count: number, firstOf: (t: Tally, area: number, email: number) => void): void {
  const h = ctx.history;
  const { author, committerMonth, areaStart, areaId, areaLines } = h.columns;
  const firstAuthor = pairSeen(h.areas.length, ctx.emails);
  // Read once: this loop runs over every commit of the history, for the period and for each quarter.
  const { inPeriod, minePerson, emailOf, excludedPerson } = ctx;
  for (let i = 0; i < count; i++) {
    if (inPeriod[i] !== 1) continue;
    const who = author[i]!;
    if (h.isMerge(i) || excludedPerson(who)) continue;
    const mine = minePerson[who] === 1;
    const email = emailOf[who]!;
    for (let j = areaStart[i]!; j < areaStart[i + 1]!; j++) {
      const lines = areaLines[j]!;
      const area = areaId[j]!;
      const t = (tallies[area] ??= newTally());
      t.total += lines;
      t.commits++;
      if (firstAuthor(area, email)) firstOf(t, area, email);
      if (mine) {
        t.mine += lines;
        t.myCommits++;
        t.months.add(committerMonth[i]!);
        if (t.last < 0 || i < t.last) t.last = i;
      }
    }
  }
}

/** Each area's id by its path, for taking back what a result stored by path; worked out once per history. */
const areaIdsByHistory = new WeakMap<HistoryContext['history'], ReadonlyMap<string, number>>();

function areaIds(h: HistoryContext['history']): ReadonlyMap<string, number> {
  let ids = areaIdsByHistory.get(h);
  if (ids?.size !== h.areas.length) areaIdsByHistory.set(h, (ids = new Map(h.areas.map((area, a) => [area, a] as const))));
  return ids;
}

/**
 * The period's tallies as a result keeps them for a later run: [area, mine, total, my commits, commits, months,
 * authors, last] for each area, where `last` counts from the oldest commit of the history (which new commits do not
 * move), or is -1.
 */
export type StoredTallies = [string, number, number, number, number, number[], number, number][];

export function storedTallies(ctx: HistoryContext, tallies: Tallies): StoredTallies {
  const oldest = ctx.history.count - 1;
  // By area and month: the same whether the history was read at once or extended (which numbers new areas last).
  return tallies
    .flatMap((t, a): StoredTallies => {
      if (!t) return [];
      const months = [...t.months].sort((x, y) => x - y);
      return [[ctx.history.areas[a]!, t.mine, t.total, t.myCommits, t.commits, months, t.authors, t.last < 0 ? -1 : oldest - t.last]];
    })
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

/**
 * The period's tallies from those an earlier result stored and the `fresh` newest commits in front of its commits,
 * instead of a pass over the whole history. The commits already counted keep their place in the period (the
 * period and the people are part of what the result was stored by). Undefined when the stored tallies do not fit the
 * history (an area it does not have) or are not tallies at all: they are then counted anew.
 */
export function extendTallies(ctx: HistoryContext, earlier: StoredTallies, fresh: number): Tallies | undefined {
  const h = ctx.history;
  const { author, areaStart, areaId } = h.columns;
  const { inPeriod, emailOf, excludedPerson } = ctx;
  if (!Array.isArray(earlier) || !earlier.every(t => Array.isArray(t) && t.length === 8 && Array.isArray(t[5]))) return undefined;
  const ids = areaIds(h);
  const tallies: Tallies = [];
  for (const [area, mine, total, myCommits, commits, months, authors, last] of earlier) {
    const a = ids.get(area);
    // `last` names one of the older commits, or none.
    if (a === undefined || tallies[a] || !Number.isInteger(last) || last < -1 || last >= h.count - fresh) return undefined;
    tallies[a] = {
      mine,
      total,
      myCommits,
      commits,
      months: new Set(months),
      authors,
      recentAuthors: 0,
      meRecently: false,
      last: last < 0 ? -1 : h.count - 1 - last,
    };
  }
  // The new commits' (area, author) pairs that are new among them; whether the older commits have them is asked below.
  const { emails } = ctx;
  const asked: number[] = [];
  addCommits(ctx, tallies, fresh, (_t, area, email) => asked.push(area * emails + email));
  if (!asked.length) return tallies;
  // A pair is a new author of the area unless an older commit of the period has it: one pass, looking closer only at
  // the commits of the authors asked about.
  const pending = new Set(asked);
  const askedEmails = new Set(asked.map(pair => pair % emails));
  for (let i = fresh; i < h.count && pending.size; i++) {
    const email = emailOf[author[i]!]!;
    if (!askedEmails.has(email) || inPeriod[i] !== 1 || h.isMerge(i) || excludedPerson(author[i]!)) continue;
    for (let j = areaStart[i]!; j < areaStart[i + 1]!; j++) pending.delete(areaId[j]! * emails + email);
  }
  for (const pair of asked) if (pending.has(pair)) tallies[Math.floor(pair / emails)]!.authors++;
  return tallies;
}

/**
 * The recent part of the tallies: the distinct authors of each area from `recentFrom` on, and whether I am one. Its
 * start moves with the newest commit and with "today", so it is counted each time; only its commits are looked at
 * closely.
 */
function countRecent(ctx: HistoryContext, tallies: Tallies, recentFrom: number): void {
  const h = ctx.history;
  const { author, committerTime, areaStart, areaId } = h.columns;
  const { inPeriod, minePerson, emailOf, excludedPerson } = ctx;
  for (const t of tallies) {
    if (t) {
      t.recentAuthors = 0;
      t.meRecently = false;
    }
  }
  const firstRecentAuthor = pairSeen(h.areas.length, ctx.emails);
  for (let i = 0; i < h.count; i++) {
    if (inPeriod[i] !== 1 || committerTime[i]! < recentFrom) continue;
    const who = author[i]!;
    if (h.isMerge(i) || excludedPerson(who)) continue;
    const email = emailOf[who]!;
    for (let j = areaStart[i]!; j < areaStart[i + 1]!; j++) {
      const t = tallies[areaId[j]!]!;
      if (firstRecentAuthor(areaId[j]!, email)) {
        t.recentAuthors++;
        if (minePerson[who] === 1) t.meRecently = true;
      }
    }
  }
}

/**
 * Areas I mainly built and keep alive, from per-directory line and commit shares over the whole history.
 * `recentFrom` (ms) starts the window in which I may be an area's only recent author. `tallies`: the period's, when
 * they are known already (see extendTallies).
 */
export function detectOwnership(
  ctx: HistoryContext,
  recentFrom: number,
  tallies: Tallies = periodTallies(ctx),
): { evidence: EvidenceItem[]; areas: OwnershipArea[] } {
  const h = ctx.history;
  const life = lifetimeTouches(ctx);
  countRecent(ctx, tallies, recentFrom);

  const areas: OwnershipArea[] = [];
  const lastOf = new Map<OwnershipArea, CommitRecord>();
  tallies.forEach((t, areaIndex) => {
    if (!t || t.myCommits === 0 || t.last < 0) return;
    const path = h.areas[areaIndex]!;
    const last = ctx.at(t.last);
    const share = t.total > 0 ? t.mine / t.total : t.myCommits / t.commits;
    const area: OwnershipArea = {
      repo: ctx.repo,
      path,
      share: round(share),
      linesChanged: t.mine,
      commits: t.myCommits,
      totalLinesChanged: t.total,
      totalCommits: t.commits,
      lifetimeShare: round(life.total[areaIndex]! > 0 ? life.mine[areaIndex]! / life.total[areaIndex]! : 0),
      activeMonths: t.months.size,
      authors: t.authors,
      soleRecentAuthor: t.meRecently && t.recentAuthors === 1 && t.myCommits >= 2,
      mainDeveloper: share >= 0.5 && t.myCommits >= 3,
      lastCommit: last.sha,
      lastDate: day(last.committerDate),
    };
    areas.push(area);
    lastOf.set(area, last);
  });
  areas.sort((a, b) => b.linesChanged - a.linesChanged || b.commits - a.commits || a.path.localeCompare(b.path));

  const evidence: EvidenceItem[] = [];
  for (const a of areas) {
    const last = lastOf.get(a)!;
    const pct = `${Math.round(a.share * 100)}%`;
    const paths = [a.path];
    const name = areaLabel(a.path);
    // The area's own figures, not those of the newest commit the item cites.
    const figures = { lines: a.linesChanged, commits: a.commits, areas: 1, months: a.activeMonths, share: a.share };
    if (a.mainDeveloper) {
      evidence.push(
        item(ctx, 'ownership', 'ownership.mainDeveloper', last, `Main developer of ${name}: ${pct} of lines changed, ${a.commits} commits`, {
          paths,
          weight: 3,
          figures,
        }),
      );
    }
    if (a.activeMonths >= 3 && a.share >= 0.25) {
      evidence.push(
        item(ctx, 'ownership', 'ownership.sustained', last, `Kept ${name} moving across ${a.activeMonths} months (${a.commits} commits)`, {
          paths,
          weight: 2,
          figures,
        }),
      );
    }
    if (a.soleRecentAuthor) {
      evidence.push(
        item(ctx, 'ownership', 'ownership.soleRecentAuthor', last, `Only recent author of ${name}: share what you know so it does not depend on you alone`, {
          paths,
          figures,
        }),
      );
    }
  }
  return { evidence, areas };
}

/**
 * Commits that ever touched each area, by everyone and by me (merges and excluded authors left out). Touches, not
 * lines: the history before the period is read without line counts, which would cost git twice the work. The same
 * for the period and each quarter of one analysis, so worked out once per context (contexts for other periods share
 * `minePerson`).
 */
const lifetimeByContext = new WeakMap<Uint8Array, { mine: Float64Array; total: Float64Array }>();

function lifetimeTouches(ctx: HistoryContext): { mine: Float64Array; total: Float64Array } {
  const known = lifetimeByContext.get(ctx.minePerson);
  if (known) return known;
  const life = { mine: new Float64Array(ctx.history.areas.length), total: new Float64Array(ctx.history.areas.length) };
  addTouches(ctx, life, ctx.history.count);
  lifetimeByContext.set(ctx.minePerson, life);
  return life;
}

/** Lifetime touches as a result keeps them for a later run: [area, my commits, all commits] for each area touched. */
export type StoredTouches = [string, number, number][];

export function storedTouches(ctx: HistoryContext): StoredTouches {
  const { mine, total } = lifetimeTouches(ctx);
  return ctx.history.areas.flatMap((area, a): StoredTouches => (total[a]! > 0 ? [[area, mine[a]!, total[a]!]] : []));
}

/**
 * Takes the lifetime touches of a context's history from those an earlier result stored and the `fresh` newest
 * commits in front of its commits, instead of a pass over the whole history. False when they do not fit the history
 * (an area it does not have): they are then counted anew.
 */
export function extendTouches(ctx: HistoryContext, earlier: StoredTouches, fresh: number): boolean {
  const h = ctx.history;
  const life = { mine: new Float64Array(h.areas.length), total: new Float64Array(h.areas.length) };
  const ids = areaIds(h);
  for (const [area, mine, total] of earlier) {
    const a = ids.get(area);
    if (a === undefined) return false;
    life.mine[a] = mine;
    life.total[a] = total;
  }
  addTouches(ctx, life, fresh);
  lifetimeByContext.set(ctx.minePerson, life);
  return true;
}

/** Adds the touches of the `newest` newest commits. */
function addTouches(ctx: HistoryContext, life: { mine: Float64Array; total: Float64Array }, newest: number): void {
  const h = ctx.history;
  const { author, areaStart, areaId } = h.columns;
  for (let i = 0; i < newest; i++) {
    const who = author[i]!;
    if (h.isMerge(i) || ctx.excludedPerson(who)) continue;
    const mine = ctx.minePerson[who] === 1;
    for (let j = areaStart[i]!; j < areaStart[i + 1]!; j++) {
      const area = areaId[j]!;
      life.total[area]!++;
      if (mine) life.mine[area]!++;
    }
  }
}

/** How an area is named to people: files at the top level are "(repository root)", not `./`. */
export function areaLabel(area: string): string {
  return area === './' ? '(repository root)' : area;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Remembers which (area, author) pairs were seen; answers true the first time. A flat bitmap when it is small enough. */
function pairSeen(areas: number, authors: number): (area: number, author: number) => boolean {
  if (areas * authors <= 1 << 24) {
    const seen = new Uint8Array(areas * authors);
    return (area, author) => {
      const key = area * authors + author;
      if (seen[key]) return false;
      seen[key] = 1;
      return true;
    };
  }
  const seen = new Set<number>();
  return (area, author) => {
    const key = area * authors + author;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
