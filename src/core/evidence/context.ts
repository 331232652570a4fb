import type { CommitRecord, EvidenceItem, EvidenceKind, Person, Signal, TrailerKey } from '../model';
import { isBotOrAi, isMine, type Identity } from '../git/identity';

/** Everything a detector may look at for one repository, computed once. */
export interface HistoryContext {
  repo: string;
  identity: Identity;
  /** The whole history of HEAD, newest first; detectors report only on commits inside the period. */
  commits: CommitRecord[];
  /** The commits inside the review period, in the same order. */
  periodCommits: CommitRecord[];
  bySha: Map<string, CommitRecord>;
  inPeriod(commit: CommitRecord): boolean;
  /** Each author's first non-merge commits in the repository (up to three, oldest first). */
  firstCommits: Map<string, CommitRecord[]>;
  /** When I first authored a commit here; undefined if never. */
  myFirstDate: string | undefined;
  /** The first-parent chain of HEAD. */
  mainline: Set<string>;
  excluded: (person: Person) => boolean;
  /** mergedBranchCommits' answers by merge SHA: several detectors ask for the same merge. */
  branches: Map<string, CommitRecord[]>;
}

export function buildContext(
  repo: string,
  identity: Identity,
  commits: CommitRecord[],
  inPeriod: (c: CommitRecord) => boolean,
  excludedEmails: readonly string[] = [],
): HistoryContext {
  const bySha = new Map(commits.map(c => [c.sha, c] as const));
  // Decided once per commit: date parsing is the costliest part of a filter run many times over a large history.
  const periodCommits = commits.filter(inPeriod);
  const inside = new Set(periodCommits);
  const firstCommits = new Map<string, CommitRecord[]>();
  for (let i = commits.length - 1; i >= 0; i--) {
    const c = commits[i]!;
    if (c.parents.length > 1) continue;
    const list = firstCommits.get(c.author.email);
    if (!list) firstCommits.set(c.author.email, [c]);
    else if (list.length < 3) list.push(c);
  }
  let myFirstDate: string | undefined;
  for (const email of identity.emails) {
    const first = firstCommits.get(email)?.[0]?.authorDate;
    if (first && (!myFirstDate || Date.parse(first) < Date.parse(myFirstDate))) myFirstDate = first;
  }
  const mainline = new Set<string>();
  for (let c = commits[0]; c && !mainline.has(c.sha); c = c.parents[0] ? bySha.get(c.parents[0]) : undefined) mainline.add(c.sha);
  const excludedSet = new Set(excludedEmails.map(e => e.toLowerCase()));
  return {
    repo,
    identity,
    commits,
    periodCommits,
    bySha,
    inPeriod: c => inside.has(c),
    firstCommits,
    myFirstDate,
    mainline,
    excluded: p => isBotOrAi(p) || excludedSet.has(p.email),
    branches: new Map(),
  };
}

export const isMerge = (c: CommitRecord) => c.parents.length > 1;
export const authoredByMe = (ctx: HistoryContext, c: CommitRecord) => isMine(ctx.identity, c.author);

export function trailersNamingMe(ctx: HistoryContext, c: CommitRecord, keys: readonly TrailerKey[]) {
  return c.trailers.filter(t => keys.includes(t.key) && isMine(ctx.identity, t.person));
}

/** A person who started here after I did: the people I can plausibly mentor. */
export function isNewerThanMe(ctx: HistoryContext, person: Person): boolean {
  const first = ctx.firstCommits.get(person.email)?.[0];
  if (!ctx.myFirstDate) return false;
  if (!first) return true; // never authored a commit alone here: newer than anyone who has
  return Date.parse(first.authorDate) > Date.parse(ctx.myFirstDate);
}

/**
 * The commits a merge brought in: the first-parent chain of its second parent, down to the first commit already on
 * the first-parent side. For merges on the mainline that side is HEAD's first-parent chain (known up front); for the
 * rare merge inside a branch it is walked, bounded. Results are memoised: several detectors ask for the same merge.
 */
export function mergedBranchCommits(ctx: HistoryContext, merge: CommitRecord, limit = 500): CommitRecord[] {
  const known = ctx.branches.get(merge.sha);
  if (known) return known;
  let stopAt: Set<string> = ctx.mainline;
  if (!ctx.mainline.has(merge.sha)) {
    stopAt = new Set<string>();
    for (let c = ctx.bySha.get(merge.parents[0] ?? ''), n = 0; c && n < limit * 4; c = ctx.bySha.get(c.parents[0] ?? ''), n++) stopAt.add(c.sha);
  }
  const out: CommitRecord[] = [];
  for (let c = ctx.bySha.get(merge.parents[1] ?? ''); c && out.length < limit; c = ctx.bySha.get(c.parents[0] ?? '')) {
    if (stopAt.has(c.sha)) break;
    if (!isMerge(c)) out.push(c);
  }
  ctx.branches.set(merge.sha, out);
  return out;
}

/** The calendar day as the committer saw it (git's ISO dates carry their own offset). */
export function day(isoDate: string): string {
  return isoDate.slice(0, 10);
}

export function item(
  ctx: HistoryContext,
  kind: EvidenceKind,
  signal: Signal,
  commit: CommitRecord,
  summary: string,
  extra: { people?: string[]; paths?: string[]; weight?: number; url?: string } = {},
): EvidenceItem {
  return {
    kind,
    signal,
    repo: ctx.repo,
    commit: commit.sha,
    date: day(commit.committerDate),
    summary,
    people: extra.people ?? [],
    paths: extra.paths ?? commit.files.slice(0, 20).map(f => f.path),
    weight: extra.weight ?? 1,
    subject: commit.subject,
    ...(extra.url ? { url: extra.url } : {}),
  };
}

export function displayName(p: Person): string {
  return p.name || p.email;
}
