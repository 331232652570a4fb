import type { CommitRecord, FileChange, Person } from '../model';

/**
 * The history of HEAD in columns: what every detector needs from every commit (parents, people, dates, the people
 * trailers name, lines per ownership area) as typed arrays, and the full commit behind `record(i)`, decoded only for
 * the few commits that end up as evidence. Index 0 is the newest commit, as git prints them.
 *
 * This shape is what makes a large history cheap: a pass over 100,000 commits touches a few megabytes of numbers
 * instead of 100,000 objects, and the same columns are what the cache stores, so loading them is a read, not a parse.
 */
export interface Columns {
  /** parents of commit i are parentIdx[parentStart[i] .. parentStart[i + 1]); -1 for a parent outside the history (shallow). */
  parentStart: Uint32Array;
  parentIdx: Int32Array;
  /** Person ids (into `people`) as git printed them, .mailmap applied. */
  author: Int32Array;
  committer: Int32Array;
  /** Milliseconds since the epoch, Date.parse of the ISO dates. */
  authorTime: Float64Array;
  committerTime: Float64Array;
  /** The committer's calendar month as year * 12 + month - 1, in the committer's own time zone (as the ISO date says). */
  committerMonth: Int32Array;
  /** The people named in commit i's trailers: trailerPerson[trailerStart[i] .. trailerStart[i + 1]). */
  trailerStart: Uint32Array;
  trailerPerson: Int32Array;
  /**
   * The ownership areas commit i touched (area ids into `areas`), and the lines changed in each (added + deleted,
   * binary files 0; 0 for a commit read without line counts, see History.linesKnown).
   */
  areaStart: Uint32Array;
  areaId: Int32Array;
  areaLines: Float64Array;
}

export const COLUMN_TYPES = {
  parentStart: Uint32Array,
  parentIdx: Int32Array,
  author: Int32Array,
  committer: Int32Array,
  authorTime: Float64Array,
  committerTime: Float64Array,
  committerMonth: Int32Array,
  trailerStart: Uint32Array,
  trailerPerson: Int32Array,
  areaStart: Uint32Array,
  areaId: Int32Array,
  areaLines: Float64Array,
} as const;

export type ColumnName = keyof typeof COLUMN_TYPES;
export const COLUMN_NAMES = Object.keys(COLUMN_TYPES) as ColumnName[];

/** The ownership area of a file: its directory up to two levels deep (with a trailing slash), `./` at the root. */
export function areaOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return './';
  return parts.slice(0, Math.min(2, parts.length - 1)).join('/') + '/';
}

/**
 * The same text, not holding on to the string it was cut from. A string cut from git's output refers to the whole
 * chunk of output it came in (V8 keeps a cut of 13 characters or more as a view of its parent), so a SHA kept for
 * the rest of a read would keep every chunk alive: the young generation then copies them all at each collection.
 * What outlives the chunk it was read from is copied out of it: joining a space to it makes a new string, and the cut
 * that drops the space refers to that copy alone.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}

/** Lookups a table answers by scanning its values before it indexes them (see Table). */
const SCANS_BEFORE_INDEX = 64;

/**
 * Interned values: people, paths and areas are stored once and referred to by number. The first lookups scan the
 * values, comparing them in place; only a table asked more often indexes them by key. A refresh that adds a commit or
 * two to a long history asks a handful of times, and indexing the tens of thousands of people it already holds would
 * cost more than the refresh's other work on them.
 */
export class Table<T> {
  private ids: Map<string, number> | undefined;
  private scans = 0;
  constructor(
    readonly values: T[],
    private readonly keyOf: (value: T) => string,
    /** What is kept of a value first seen: its own copy (see detached), not the caller's object. */
    private readonly keep: (value: T) => T,
    /** True exactly when the two values have the same key; given where making a key costs more than comparing. */
    private readonly same: (a: T, b: T) => boolean = (a, b) => keyOf(a) === keyOf(b),
  ) {}

  id(value: T): number {
    let i = this.find(value);
    if (i === undefined) {
      const kept = this.keep(value);
      i = this.values.length;
      this.values.push(kept);
      this.ids?.set(this.keyOf(kept), i); // the copy's key: a path is its own key, so `value` would hold on to git's output
    }
    return i;
  }

  private find(value: T): number | undefined {
    if (!this.ids && this.scans++ < SCANS_BEFORE_INDEX) {
      const i = this.values.findIndex(v => this.same(v, value));
      return i < 0 ? undefined : i;
    }
    this.ids ??= new Map(this.values.map((v, i) => [this.keyOf(v), i]));
    return this.ids.get(this.keyOf(value));
  }
}

export interface Tables {
  people: Table<Person>;
  paths: Table<string>;
  areas: Table<string>;
}

export function newTables(people: Person[] = [], paths: string[] = [], areas: string[] = []): Tables {
  return {
    people: new Table(
      people,
      p => `${p.name}\0${p.email}`,
      p => ({ name: detached(p.name), email: detached(p.email) }),
      (a, b) => a.email === b.email && a.name === b.name,
    ),
    paths: new Table(paths, p => p, detached),
    // Areas are cut from the paths table's own copies, so there is nothing left to copy.
    areas: new Table(
      areas,
      a => a,
      a => a,
    ),
  };
}

/** A read-only history: columns for every commit, full records on demand. */
export class History {
  private readonly records = new Map<number, CommitRecord>();
  /** .mailmap's answers for trailer people (git applies .mailmap to authors itself, not to trailer values). */
  private resolved: ReadonlyMap<string, Person> | undefined;
  /** Files with line counts read later (fillLines) for commits beyond `linesKnown`, by index. */
  readonly filled = new Map<number, FileChange[]>();

  constructor(
    readonly count: number,
    /** Every SHA, concatenated newest first, `shaLength` characters each. */
    readonly shas: string,
    readonly shaLength: number,
    readonly columns: Columns,
    readonly people: readonly Person[],
    readonly paths: readonly string[],
    readonly areas: readonly string[],
    private readonly load: (i: number) => CommitRecord,
    /**
     * Commits 0 .. linesKnown - 1 were read with line counts; the older ones with the paths they touched only (git's
     * line counts cost it twice the work, and only the period's commits need them). See `hasLines`.
     */
    readonly linesKnown: number = count,
  ) {}

  /** Whether commit i's files carry line counts (rather than null, as for a binary file). */
  hasLines(i: number): boolean {
    return i < this.linesKnown || this.filled.has(i);
  }

  /** Gives commit i, read without line counts, its files as read again with them. */
  fillLines(i: number, files: FileChange[]): void {
    this.filled.set(i, files);
    const decoded = this.records.get(i);
    if (decoded) decoded.files = files;
  }

  sha(i: number): string {
    return this.shas.slice(i * this.shaLength, (i + 1) * this.shaLength);
  }

  /** The index of a commit, or -1 when it is not in this history. */
  indexOf(sha: string): number {
    if (sha.length !== this.shaLength) return -1;
    for (let at = this.shas.indexOf(sha); at !== -1; at = this.shas.indexOf(sha, at + 1)) {
      if (at % this.shaLength === 0) return at / this.shaLength;
    }
    return -1;
  }

  parentCount(i: number): number {
    return this.columns.parentStart[i + 1]! - this.columns.parentStart[i]!;
  }

  /** The index of the n-th parent of commit i: -1 when it has none or the parent is outside the history. */
  parent(i: number, n: number): number {
    const { parentStart, parentIdx } = this.columns;
    return n < parentStart[i + 1]! - parentStart[i]! ? parentIdx[parentStart[i]! + n]! : -1;
  }

  isMerge(i: number): boolean {
    return this.parentCount(i) > 1;
  }

  /** The distinct person ids named by trailers anywhere in the history. */
  trailerPeople(): number[] {
    return [...new Set(this.columns.trailerPerson)];
  }

  /** Applies .mailmap's answers to trailer people: `resolved` maps a lower-cased email to the canonical person. */
  useMailmap(resolved: ReadonlyMap<string, Person>): void {
    this.resolved = resolved;
    this.records.clear();
  }

  /** A trailer person (by id) after .mailmap. */
  trailerPerson(id: number): Person {
    const p = this.people[id]!;
    return this.resolved?.get(p.email) ?? p;
  }

  /** The full commit at index i, decoded once. */
  record(i: number): CommitRecord {
    let c = this.records.get(i);
    if (!c) {
      c = this.load(i);
      const filled = this.filled.get(i);
      if (filled) c.files = filled;
      for (const t of c.trailers) if (t.person) t.person = { ...(this.resolved?.get(t.person.email) ?? t.person) };
      this.records.set(i, c);
    }
    return c;
  }

  /**
   * How many of the newest commits are new since `sha`: n when exactly the commits at indices 0 .. n - 1 are not
   * reachable from it (so everything from n on is its history); undefined when `sha` is not here or the new commits
   * are not all in front (a merge brought in older history).
   */
  newSince(sha: string): number | undefined {
    const n = this.indexOf(sha);
    if (n < 0) return undefined;
    const reachable = new Uint8Array(this.count);
    const stack = [n];
    reachable[n] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const { parentStart, parentIdx } = this.columns;
      for (let p = parentStart[i]!; p < parentStart[i + 1]!; p++) {
        const parent = parentIdx[p]!;
        if (parent >= 0 && !reachable[parent]) {
          reachable[parent] = 1;
          stack.push(parent);
        }
      }
    }
    for (let i = 0; i < this.count; i++) if ((reachable[i] === 1) !== i >= n) return undefined;
    return n;
  }

  /** Every commit, newest first (for tests and small histories: it decodes them all). */
  all(): CommitRecord[] {
    return Array.from({ length: this.count }, (_, i) => this.record(i));
  }
}

/** The ids a builder's tables gave one commit's people and paths, so a sink need not look them up again. */
export interface CommitIds {
  author: number;
  committer: number;
  /** Per trailer: its person, or -1. */
  trailers: number[];
  /** Per file: its path, and its old path (-1 unless renamed or copied). */
  paths: number[];
  oldPaths: number[];
}

/** Where a builder puts the full records. */
export interface RecordSink {
  add(c: CommitRecord, ids: CommitIds): void;
}

/**
 * Collects commits as git streams them (newest first) into columns. `finish` resolves parents to indices and, for an
 * incremental read, puts the new commits in front of an older history.
 */
export class HistoryBuilder {
  readonly tables: Tables;
  private readonly shaList: string[] = [];
  private readonly parentShas: string[][] = [];
  private readonly author: number[] = [];
  private readonly committer: number[] = [];
  private readonly authorTime: number[] = [];
  private readonly committerTime: number[] = [];
  private readonly committerMonth: number[] = [];
  private readonly trailerStart: number[] = [0];
  private readonly trailerPerson: number[] = [];
  private readonly areaStart: number[] = [0];
  private readonly areaId: number[] = [];
  private readonly areaLines: number[] = [];

  constructor(
    private readonly sink: RecordSink,
    older?: History,
    /** Files whose lines say nothing about who built an area (lockfiles, generated code): not counted in any area. */
    private readonly isGenerated: (file: string) => boolean = () => false,
    /** The tables of the builder this one is a slice of (see `slice`), and what it worked out of their paths. */
    tables?: Tables,
    areaOfPathId: number[] = [],
  ) {
    this.tables = tables ?? (older ? newTables([...older.people], [...older.paths], [...older.areas]) : newTables());
    this.areaOfPathId = areaOfPathId;
  }

  get count(): number {
    return this.shaList.length;
  }

  /** By path id: its area's id, or -1 for a generated file; worked out once per path (shared with slices). */
  private readonly areaOfPathId: number[];

  private areaOfPath(pathId: number): number {
    let area = this.areaOfPathId[pathId];
    if (area === undefined) {
      const file = this.tables.paths.values[pathId]!;
      area = this.isGenerated(file) ? -1 : this.tables.areas.id(areaOf(file));
      this.areaOfPathId[pathId] = area;
    }
    return area;
  }

  /**
   * A builder for a later stretch of the same history, read at the same time as this one (by another git process):
   * it shares this builder's tables, so ids mean the same in both, and is put behind this one's commits by `absorb`.
   */
  slice(sink: RecordSink): HistoryBuilder {
    return new HistoryBuilder(sink, undefined, this.isGenerated, this.tables, this.areaOfPathId);
  }

  /** Appends the commits a slice collected, which come right after this builder's in the history. */
  absorb(later: HistoryBuilder): void {
    // A loop, not push(...from): a slice can hold more commits than a call may take arguments.
    const append = (to: number[], from: number[], offset = 0) => {
      for (const v of from) to.push(v + offset);
    };
    for (const sha of later.shaList) this.shaList.push(sha);
    for (const parents of later.parentShas) this.parentShas.push(parents);
    append(this.author, later.author);
    append(this.committer, later.committer);
    append(this.authorTime, later.authorTime);
    append(this.committerTime, later.committerTime);
    append(this.committerMonth, later.committerMonth);
    append(this.trailerStart, later.trailerStart.slice(1), this.trailerPerson.length);
    append(this.trailerPerson, later.trailerPerson);
    append(this.areaStart, later.areaStart.slice(1), this.areaId.length);
    append(this.areaId, later.areaId);
    append(this.areaLines, later.areaLines);
  }

  add(c: CommitRecord): void {
    const { people, paths } = this.tables;
    const person = (p: Person) => people.id(p);
    const ids: CommitIds = {
      author: person(c.author),
      committer: person(c.committer),
      trailers: c.trailers.map(t => (t.person ? person(t.person) : -1)),
      paths: c.files.map(f => paths.id(f.path)),
      oldPaths: c.files.map(f => (f.oldPath === undefined ? -1 : paths.id(f.oldPath))),
    };
    this.sink.add(c, ids);
    this.shaList.push(detached(c.sha));
    this.parentShas.push(c.parents.map(detached));
    this.author.push(ids.author);
    this.committer.push(ids.committer);
    this.authorTime.push(Date.parse(c.authorDate));
    this.committerTime.push(Date.parse(c.committerDate));
    this.committerMonth.push(Number(c.committerDate.slice(0, 4)) * 12 + Number(c.committerDate.slice(5, 7)) - 1);
    for (const id of ids.trailers) if (id >= 0) this.trailerPerson.push(id);
    this.trailerStart.push(this.trailerPerson.length);
    if (c.parents.length <= 1) {
      // Merges carry no file changes of their own (git log shows none without -m), so they add no lines anywhere.
      const touched = new Map<number, number>();
      c.files.forEach((f, k) => {
        const area = this.areaOfPath(ids.paths[k]!);
        if (area >= 0) touched.set(area, (touched.get(area) ?? 0) + (f.added ?? 0) + (f.deleted ?? 0));
      });
      for (const [area, lines] of touched) {
        this.areaId.push(area);
        this.areaLines.push(lines);
      }
    }
    this.areaStart.push(this.areaId.length);
  }

  /**
   * The finished history. With `older`, the commits added here are the newer ones: they come first, and the older
   * history's indices move up by the number of new commits. `linesKnown` counts the commits read here with line
   * counts (all of them unless said); new commits in front of an older history always are.
   */
  finish(load: (i: number) => CommitRecord, older?: History, linesKnown = this.shaList.length): History {
    const k = this.shaList.length;
    const shaLength = this.shaList[0]?.length ?? older?.shaLength ?? 40;
    const position = new Map(this.shaList.map((sha, i) => [sha, i] as const));
    const resolve = (sha: string) => {
      const i = position.get(sha);
      if (i !== undefined) return i;
      const j = older ? older.indexOf(sha) : -1;
      return j < 0 ? -1 : j + k;
    };
    const newParents = this.parentShas.flatMap(list => list.map(resolve));
    const newParentStart = [0];
    for (const list of this.parentShas) newParentStart.push(newParentStart[newParentStart.length - 1]! + list.length);

    const o = older?.columns;
    const join = <T extends Uint32Array | Int32Array | Float64Array>(Type: new (n: number) => T, fresh: number[], old: ArrayLike<number> | undefined): T => {
      const out = new Type(fresh.length + (old?.length ?? 0));
      out.set(fresh);
      if (old) out.set(old, fresh.length);
      return out;
    };
    /** Adds `by` to the older part (from `from` on) in place; parent indices outside the history stay -1. */
    const shift = <T extends Uint32Array | Int32Array>(out: T, from: number, by: number): T => {
      for (let i = from; i < out.length; i++) if (out[i]! >= 0) out[i] = out[i]! + by;
      return out;
    };
    // The *Start columns have one more entry than commits; the older part's entries are offset by the new items.
    const starts = (fresh: number[], old: Uint32Array | undefined) => shift(join(Uint32Array, fresh, old?.subarray(1)), fresh.length, fresh[fresh.length - 1]!);
    const columns: Columns = {
      parentStart: starts(newParentStart, o?.parentStart),
      parentIdx: shift(join(Int32Array, newParents, o?.parentIdx), newParents.length, k),
      author: join(Int32Array, this.author, o?.author),
      committer: join(Int32Array, this.committer, o?.committer),
      authorTime: join(Float64Array, this.authorTime, o?.authorTime),
      committerTime: join(Float64Array, this.committerTime, o?.committerTime),
      committerMonth: join(Int32Array, this.committerMonth, o?.committerMonth),
      trailerStart: starts(this.trailerStart, o?.trailerStart),
      trailerPerson: join(Int32Array, this.trailerPerson, o?.trailerPerson),
      areaStart: starts(this.areaStart, o?.areaStart),
      areaId: join(Int32Array, this.areaId, o?.areaId),
      areaLines: join(Float64Array, this.areaLines, o?.areaLines),
    };
    const { people, paths, areas } = this.tables;
    const history = new History(
      k + (older?.count ?? 0),
      this.shaList.join('') + (older?.shas ?? ''),
      shaLength,
      columns,
      people.values,
      paths.values,
      areas.values,
      older ? i => (i < k ? load(i) : older.record(i - k)) : load,
      older ? k + older.linesKnown : linesKnown,
    );
    if (older) for (const [i, files] of older.filled) history.filled.set(i + k, files);
    return history;
  }
}
