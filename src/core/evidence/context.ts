import type { CommitRecord, EvidenceItem, EvidenceKind, Figures, Person, Signal, TrailerKey } from '../model';
import { isMine, type Identity } from '../git/identity';
import { isAutomation } from '../git/automation';
import { areaOf, type History } from '../git/history';
import { isGeneratedByName } from '../git/generatedFiles';
import type { ReviewNote, ReviewVote } from '../git/reviewNotes';

/**
 * Everything a detector may look at for one repository, computed once. Whole-history questions (who started when,
 * the mainline, what a merge brought in, ownership tallies) are answered from the history's columns; full commits
 * are decoded only for the commits in the period that can be evidence of mine.
 */
export interface HistoryContext {
  repo: string;
  identity: Identity;
  history: History;
  /**
   * The commits inside the review period that involve me, newest first: authored, committed or named in a trailer
   * by me, and merges that brought in a commit of mine. No other commit can be evidence for me.
   */
  periodCommits: CommitRecord[];
  /** 1 for each commit index inside the period. */
  inPeriod: Uint8Array;
  /** 1 for each commit index on the first-parent chain of HEAD. */
  mainline: Uint8Array;
  /** Per person id: the person is me (by email, as stored for authors and committers). */
  minePerson: Uint8Array;
  /** Per person id: the person, as trailers name them, is me. */
  mineTrailer: Uint8Array;
  /** The person (by id) is a bot, an assistant, or an excluded author. */
  excludedPerson(id: number): boolean;
  /** Per person id: a number shared by every person id with the same email. */
  emailOf: Int32Array;
  /** How many such numbers there are. */
  emails: number;
  /** Each author's (by email) first non-merge commits in the repository, up to three indices, oldest first. */
  firstCommits: Map<string, number[]>;
  /** Indices of every such first commit. */
  firstCommitSet: Set<number>;
  /** When I first authored a commit here (ms); undefined if never. */
  myFirstTime: number | undefined;
  excluded: (person: Person) => boolean;
  /** The full commit at an index; the same object each time. */
  at(i: number): CommitRecord;
  /** The index of a commit obtained from `at` or `periodCommits`. */
  indexOf(c: CommitRecord): number;
  /** mergedBranch answers by merge index: several detectors ask for the same merge. */
  branches: Map<number, number[]>;
  /** Gerrit's review notes by commit index, their people through .mailmap (see git/reviewNotes). */
  reviewNotes: ReadonlyMap<number, ReviewNote>;
}

export function buildContext(
  repo: string,
  identity: Identity,
  history: History,
  period: { from: number; to: number },
  excludedEmails: readonly string[] = [],
  /** Only commits with a lower index (the newest ones) go into periodCommits: for adding to an earlier result. */
  newest = history.count,
  reviewNotes: ReadonlyMap<number, ReviewNote> = new Map(),
): HistoryContext {
  const { count, columns, people } = history;
  const { author } = columns;
  const excludedSet = new Set(excludedEmails.map(e => e.toLowerCase()));
  const excluded = (p: Person) => isAutomation(p) || excludedSet.has(p.email);
  const minePerson = new Uint8Array(people.length);
  const mineTrailer = new Uint8Array(people.length);
  // Decided when first asked: the name and address patterns are too costly to run over every person up front.
  const excludedById = new Int8Array(people.length).fill(-1);
  const excludedPerson = (id: number) => (excludedById[id]! >= 0 ? excludedById[id]! : (excludedById[id] = excluded(people[id]!) ? 1 : 0)) === 1;
  const emailOf = new Int32Array(people.length);
  const emailIds = new Map<string, number>();
  people.forEach((p, id) => {
    minePerson[id] = isMine(identity, p) ? 1 : 0;
    mineTrailer[id] = isMine(identity, history.trailerPerson(id)) ? 1 : 0;
    let e = emailIds.get(p.email);
    if (e === undefined) emailIds.set(p.email, (e = emailIds.size));
    emailOf[id] = e;
  });

  // By email id while walking the whole history (numbers, not a map of strings per commit), then by email.
  const firstByEmail: number[][] = [];
  const firstCommitSet = new Set<number>();
  for (let i = count - 1; i >= 0; i--) {
    if (history.isMerge(i)) continue;
    const e = emailOf[author[i]!]!;
    const list = (firstByEmail[e] ??= []);
    if (list.length >= 3) continue;
    list.push(i);
    firstCommitSet.add(i);
  }
  const firstCommits = new Map<string, number[]>();
  firstByEmail.forEach(list => firstCommits.set(people[author[list[0]!]!]!.email, list));
  let myFirstTime: number | undefined;
  for (const email of identity.emails) {
    const first = firstCommits.get(email)?.[0];
    if (first !== undefined && (myFirstTime === undefined || columns.authorTime[first]! < myFirstTime)) myFirstTime = columns.authorTime[first]!;
  }
  const mainline = new Uint8Array(count);
  for (let i = count > 0 ? 0 : -1; i >= 0 && !mainline[i]; i = history.parent(i, 0)) mainline[i] = 1;

  const records = new Map<CommitRecord, number>();
  const at = (i: number) => {
    const c = history.record(i);
    records.set(c, i);
    return c;
  };
  const ctx: HistoryContext = {
    repo,
    identity,
    history,
    periodCommits: [],
    inPeriod: new Uint8Array(count),
    mainline,
    minePerson,
    mineTrailer,
    excludedPerson,
    emailOf,
    emails: emailIds.size,
    firstCommits,
    firstCommitSet,
    myFirstTime,
    excluded,
    at,
    indexOf: c => records.get(c) ?? -1,
    branches: new Map(),
    reviewNotes,
  };
  fillPeriod(ctx, period, newest);
  return ctx;
}

/**
 * The same history seen through another period: everything that does not depend on the period (people, the mainline,
 * first commits, decoded commits, merged branches) is shared with `ctx`, so looking at several periods of one
 * history costs a pass over its columns each, not a new context.
 */
export function forPeriod(
  ctx: HistoryContext,
  period: { from: number; to: number },
  /** As for buildContext: only commits with a lower index go into periodCommits. */
  newest = ctx.history.count,
): HistoryContext {
  const other: HistoryContext = { ...ctx, periodCommits: [], inPeriod: new Uint8Array(ctx.history.count) };
  fillPeriod(other, period, newest);
  return other;
}

function fillPeriod(ctx: HistoryContext, period: { from: number; to: number }, newest: number): void {
  const { history, inPeriod, minePerson, mineTrailer, reviewNotes, identity } = ctx;
  const { author, committer, committerTime, trailerStart, trailerPerson } = history.columns;
  for (let i = 0; i < history.count; i++) if (committerTime[i]! >= period.from && committerTime[i]! <= period.to) inPeriod[i] = 1;
  for (let i = 0; i < newest; i++) {
    if (!inPeriod[i]) continue;
    let involved = minePerson[author[i]!] === 1 || minePerson[committer[i]!] === 1;
    for (let t = trailerStart[i]!; !involved && t < trailerStart[i + 1]!; t++) involved = mineTrailer[trailerPerson[t]!] === 1;
    if (!involved && reviewNotes.size) involved = noteNamesMe(identity, reviewNotes.get(i));
    if (!involved && history.isMerge(i)) involved = mergedBranch(ctx, i).some(b => minePerson[author[b]!] === 1);
    if (involved) ctx.periodCommits.push(ctx.at(i));
  }
}

export const isMerge = (c: CommitRecord) => c.parents.length > 1;
export const authoredByMe = (ctx: HistoryContext, c: CommitRecord) => isMine(ctx.identity, c.author);

export function trailersNamingMe(ctx: HistoryContext, c: CommitRecord, keys: readonly TrailerKey[]) {
  return c.trailers.filter(t => keys.includes(t.key) && isMine(ctx.identity, t.person));
}

function noteNamesMe(identity: Identity, note: ReviewNote | undefined): boolean {
  return !!note && (isMine(identity, note.submittedBy) || note.votes.some(v => isMine(identity, v.person)));
}

/** The Gerrit review note of a commit, if it has one. */
export function reviewNoteOf(ctx: HistoryContext, c: CommitRecord): ReviewNote | undefined {
  return ctx.reviewNotes.size ? ctx.reviewNotes.get(ctx.indexOf(c)) : undefined;
}

/** My votes in Gerrit on a change someone else authored: on my own change a vote is not a review. */
export function myVotesOnOthers(ctx: HistoryContext, c: CommitRecord): ReviewVote[] {
  const note = reviewNoteOf(ctx, c);
  return note && !authoredByMe(ctx, c) ? note.votes.filter(v => isMine(ctx.identity, v.person)) : [];
}

/** A vote as Gerrit prints it: Code-Review+2, Verified-1. */
export function voteLabel(v: ReviewVote): string {
  return `${v.label}${v.value > 0 ? '+' : ''}${v.value}`;
}

/** A person who started here after I did: the people I can plausibly mentor. */
export function isNewerThanMe(ctx: HistoryContext, person: Person): boolean {
  const first = ctx.firstCommits.get(person.email)?.[0];
  if (ctx.myFirstTime === undefined) return false;
  if (first === undefined) return true; // never authored a commit alone here: newer than anyone who has
  return ctx.history.columns.authorTime[first]! > ctx.myFirstTime;
}

/**
 * The commits (indices) a merge brought in: the first-parent chain of its second parent, down to the first commit
 * already on the first-parent side. For merges on the mainline that side is HEAD's first-parent chain (known up
 * front); for the rare merge inside a branch it is walked, bounded.
 */
export function mergedBranch(ctx: HistoryContext, merge: number, limit = 500): number[] {
  const known = ctx.branches.get(merge);
  if (known) return known;
  const h = ctx.history;
  let stop = (i: number) => ctx.mainline[i] === 1;
  if (!ctx.mainline[merge]) {
    const side = new Set<number>();
    for (let c = h.parent(merge, 0), n = 0; c >= 0 && n < limit * 4; c = h.parent(c, 0), n++) side.add(c);
    stop = i => side.has(i);
  }
  const out: number[] = [];
  for (let c = h.parent(merge, 1); c >= 0 && out.length < limit; c = h.parent(c, 0)) {
    if (stop(c)) break;
    if (!h.isMerge(c)) out.push(c);
  }
  ctx.branches.set(merge, out);
  return out;
}

/** The full commits a merge brought in. */
export function mergedBranchCommits(ctx: HistoryContext, merge: CommitRecord): CommitRecord[] {
  return mergedBranch(ctx, ctx.indexOf(merge)).map(ctx.at);
}

/** The calendar day as the committer saw it (git's ISO dates carry their own offset). */
export function day(isoDate: string): string {
  return isoDate.slice(0, 10);
}

/**
 * The size of some commits' work: lines (generated files such as lockfiles left out, so a dependency bump is not a
 * big effort), commits, and the distinct areas their files fall in. Merges bring no lines of their own.
 */
export function measure(commits: readonly CommitRecord[]): Required<Pick<Figures, 'lines' | 'commits' | 'areas'>> {
  let lines = 0;
  const areas = new Set<string>();
  for (const c of commits) {
    for (const f of c.files) {
      if (isGeneratedByName(f.path)) continue;
      lines += (f.added ?? 0) + (f.deleted ?? 0);
      areas.add(areaOf(f.path));
    }
  }
  return { lines, commits: commits.length, areas: areas.size };
}

export function item(
  ctx: HistoryContext,
  kind: EvidenceKind,
  signal: Signal,
  commit: CommitRecord,
  summary: string,
  extra: { people?: string[]; paths?: string[]; weight?: number; url?: string; figures?: Figures } = {},
): EvidenceItem {
  const people = extra.people ?? [];
  // A commit of its own is measured by default; a merge's size is the branch it brought in, which its detector measures.
  const measured = extra.figures ?? (isMerge(commit) ? {} : measure([commit]));
  const figures: Figures = { ...measured, ...(people.length ? { people: people.length } : {}) };
  return {
    kind,
    signal,
    repo: ctx.repo,
    commit: commit.sha,
    date: day(commit.committerDate),
    summary,
    people,
    paths: extra.paths ?? commit.files.slice(0, 20).map(f => f.path),
    weight: extra.weight ?? 1,
    subject: commit.subject,
    ...(extra.url ? { url: extra.url } : {}),
    figures,
  };
}

export function displayName(p: Person): string {
  return p.name || p.email;
}
