import type { CommitRecord, EvidenceItem } from '../model';
import { authoredByMe, day, isMerge, item, type HistoryContext } from './context';

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
  /** My share of all lines ever changed in the area. */
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

export function areaOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return './';
  return parts.slice(0, Math.min(2, parts.length - 1)).join('/') + '/';
}

interface Tally {
  mine: number;
  total: number;
  myCommits: number;
  commits: number;
  lifeMine: number;
  lifeTotal: number;
  months: Set<string>;
  authors: Set<string>;
  recentAuthors: Set<string>;
  last?: CommitRecord;
}

const RECENT_MS = 90 * 24 * 3600 * 1000;

/** Areas I mainly built and keep alive, from per-directory line and commit shares. */
export function detectOwnership(ctx: HistoryContext, periodEnd: number): { evidence: EvidenceItem[]; areas: OwnershipArea[] } {
  const tallies = new Map<string, Tally>();
  const tally = (area: string) => {
    let t = tallies.get(area);
    if (!t) {
      t = { mine: 0, total: 0, myCommits: 0, commits: 0, lifeMine: 0, lifeTotal: 0, months: new Set(), authors: new Set(), recentAuthors: new Set() };
      tallies.set(area, t);
    }
    return t;
  };
  let newestInPeriod = 0;
  for (const c of ctx.periodCommits) newestInPeriod = Math.max(newestInPeriod, Date.parse(c.committerDate));
  const recentFrom = Math.min(periodEnd, newestInPeriod || periodEnd) - RECENT_MS;

  for (const c of ctx.commits) {
    if (isMerge(c) || ctx.excluded(c.author)) continue;
    const mine = authoredByMe(ctx, c);
    const inPeriod = ctx.inPeriod(c);
    const touched = new Map<string, number>();
    for (const f of c.files) {
      const area = areaOf(f.path);
      touched.set(area, (touched.get(area) ?? 0) + (f.added ?? 0) + (f.deleted ?? 0));
    }
    for (const [area, lines] of touched) {
      const t = tally(area);
      t.lifeTotal += lines;
      if (mine) t.lifeMine += lines;
      if (!inPeriod) continue;
      t.total += lines;
      t.commits++;
      t.authors.add(c.author.email);
      if (Date.parse(c.committerDate) >= recentFrom) t.recentAuthors.add(c.author.email);
      if (mine) {
        t.mine += lines;
        t.myCommits++;
        t.months.add(day(c.committerDate).slice(0, 7));
        if (!t.last) t.last = c; // newest first
      }
    }
  }

  const areas: OwnershipArea[] = [];
  for (const [path, t] of tallies) {
    if (t.myCommits === 0 || !t.last) continue;
    const share = t.total > 0 ? t.mine / t.total : t.myCommits / t.commits;
    const myRecent = [...t.recentAuthors].some(e => ctx.identity.emails.includes(e));
    areas.push({
      repo: ctx.repo,
      path,
      share: round(share),
      linesChanged: t.mine,
      commits: t.myCommits,
      totalLinesChanged: t.total,
      totalCommits: t.commits,
      lifetimeShare: round(t.lifeTotal > 0 ? t.lifeMine / t.lifeTotal : 0),
      activeMonths: t.months.size,
      authors: t.authors.size,
      soleRecentAuthor: myRecent && t.recentAuthors.size === 1 && t.myCommits >= 2,
      mainDeveloper: share >= 0.5 && t.myCommits >= 3,
      lastCommit: t.last.sha,
      lastDate: day(t.last.committerDate),
    });
  }
  areas.sort((a, b) => b.linesChanged - a.linesChanged || b.commits - a.commits || a.path.localeCompare(b.path));

  const evidence: EvidenceItem[] = [];
  for (const a of areas) {
    const last = ctx.bySha.get(a.lastCommit)!;
    const pct = `${Math.round(a.share * 100)}%`;
    const paths = [a.path];
    if (a.mainDeveloper) {
      evidence.push(item(ctx, 'ownership', 'ownership.mainDeveloper', last, `Main developer of ${a.path}: ${pct} of lines changed, ${a.commits} commits`, { paths, weight: 3 }));
    }
    if (a.activeMonths >= 3 && a.share >= 0.25) {
      evidence.push(item(ctx, 'ownership', 'ownership.sustained', last, `Kept ${a.path} moving across ${a.activeMonths} months (${a.commits} commits)`, { paths, weight: 2 }));
    }
    if (a.soleRecentAuthor) {
      evidence.push(item(ctx, 'ownership', 'ownership.soleRecentAuthor', last, `Only recent author of ${a.path}: share what you know so it does not depend on you alone`, { paths }));
    }
  }
  return { evidence, areas };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
