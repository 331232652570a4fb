import * as os from 'node:os';
import { removeOtherVersions, versionedFile } from '../cacheFiles';
import { GitError } from './exec';
import { HistoryBuilder, type History } from './history';
import { CACHE_VERSION, EncodingSink, extendCacheFile, openCache, startCacheFile, type CacheHeader } from './historyCacheFormat';
import type { ReadHistoryOptions } from './historyReader';
import { readInSlices } from './slicedRead';
import type { CommitRecord } from '../model';
import { mailmapFingerprint, type RepositoryFacts } from './repository';

/**
 * When a repository's history is read from git and when from what was parsed before: kept in memory by a long-lived
 * process, or in a cache file per repository, outside the workspace (historyCacheFormat.ts), so a refresh reads only
 * what is new.
 */
export interface HistoryLoad {
  history: History;
  /** How the history was obtained. */
  source: 'cache' | 'incremental' | 'full';
  /** Commits read from git this time: indices 0 .. read - 1 of the history. */
  read: number;
}

/** A parsed history a long-lived process keeps between analyses (the extension's scan worker), by repository root. */
export interface RememberedHistory {
  head: string;
  mailmap: string;
  generated: string;
  shallow: boolean;
  history: History;
}
export type HistoryMemory = Map<string, RememberedHistory>;

export function cacheFileFor(cacheDir: string, root: string): string {
  return versionedFile(cacheDir, 'history', CACHE_VERSION, root, 'bin');
}

/** New commits read on top of a cached history before the file is rewritten to include them. */
export const REWRITE_AFTER = 500;

type LoadOptions = ReadHistoryOptions & {
  cacheDir?: string;
  /** Commits read so far, and how many there are when git was asked to count them first. */
  onCommit?: (count: number, total?: number) => void;
  /** Git processes that may read the history at once (see defaultReaders), and the fewest commits each is given. */
  readers?: number;
  minSlice?: number;
  /** From mailmapFingerprint, when already known. */
  mailmap?: string;
  /** Files left out of the line counts (lockfiles, generated code), and a fingerprint of the rules that chose them. */
  generated?: { fingerprint: string; isGenerated: (file: string) => boolean };
  /** Histories kept in memory from earlier analyses in this process: consulted first, and updated. */
  memory?: HistoryMemory;
  /**
   * The commits committed from this time (ms) on need their line counts; older ones may be read with their paths
   * only (see readInSlices). A history kept with fewer line counts than that asks is read again. Default: all.
   */
  linesFrom?: number;
};

/** A history read this time, with the commits it read from git kept encoded (for extending a cache file with them). */
type Read = HistoryLoad & { added?: EncodingSink };

/**
 * The whole history of HEAD, newest first: from the cache when HEAD has not moved, from the cache plus the new
 * commits when it moved forward, and from git in full otherwise (first run, rewritten history, a shallow clone made
 * whole, a changed .mailmap, or an unreadable cache). The cache is put in place only after a complete read, so a
 * cancelled scan or a concurrent writer never leaves a broken file behind.
 */
export async function loadHistory(facts: RepositoryFacts, options: LoadOptions): Promise<HistoryLoad> {
  const { history, source, read } = await load(facts, options);
  options.memory?.set(facts.root, {
    head: facts.head,
    mailmap: options.mailmap ?? '',
    generated: options.generated?.fingerprint ?? '',
    shallow: facts.shallow,
    history,
  });
  return { history, source, read };
}

async function load(facts: RepositoryFacts, options: LoadOptions): Promise<Read> {
  const remembered = options.memory?.get(facts.root);
  if (
    remembered &&
    hasLinesFrom(remembered.history, options.linesFrom) &&
    options.mailmap !== undefined &&
    remembered.mailmap === options.mailmap &&
    remembered.generated === (options.generated?.fingerprint ?? '') &&
    remembered.shallow === facts.shallow
  ) {
    const update = await readSince(remembered, facts, options);
    // A few new commits on top of what is in memory: no file to read. Many: the file path below also rewrites it.
    if (update && update.read < REWRITE_AFTER) return update;
  }
  const { cacheDir } = options;
  if (!cacheDir) return readCommits(facts, options, new EncodingSink());
  const file = cacheFileFor(cacheDir, facts.root);

  const header: CacheHeader = {
    root: facts.root,
    head: facts.head,
    shallow: facts.shallow,
    mailmap: options.mailmap ?? (await mailmapFingerprint(facts, options)),
    generated: options.generated?.fingerprint ?? '',
  };
  const opened = await openCache(file, header);
  // A file read for a shorter period lacks older commits' line counts: the whole history is read again, once.
  const cached = opened && hasLinesFrom(opened.history, options.linesFrom) ? opened : undefined;
  const update = cached && (await readSince(cached, facts, options));
  if (cached && update) {
    // The file is rewritten only once enough new commits have gathered, since rewriting costs far more than reading
    // a few hundred commits from git again.
    if (update.added && update.read >= REWRITE_AFTER) extendCacheFile(cached, header, update.history, update.added);
    return update;
  }

  // The first read streams into the cache file as git prints; the records are then read back from it, so the
  // history is never held twice. Should the file fail (a full disk), the history is read again and kept in memory.
  removeOtherVersions(file);
  const writer = startCacheFile(file);
  if (writer) {
    try {
      const full = await readCommits(facts, options, new EncodingSink(writer));
      if (full.added!.finishFile(header, full.history)) return full;
    } catch (error) {
      writer.discard();
      throw error;
    }
  }
  return readCommits(facts, options, new EncodingSink());
}

/**
 * The history of HEAD from one parsed earlier at `head`: that one when HEAD has not moved, the new commits read in
 * front of it when HEAD moved forward, undefined when HEAD no longer descends from it (rewritten history).
 */
async function readSince(earlier: { head: string; history: History }, facts: RepositoryFacts, options: LoadOptions): Promise<Read | undefined> {
  if (earlier.head === facts.head) return { history: earlier.history, source: 'cache', read: 0 };
  if (!/^[0-9a-f]{40,64}$/.test(earlier.head)) return undefined;
  // One git process both lists what is new and shows whether HEAD still descends from the old head: it does exactly
  // when one of the commits listed has the old head as a parent (the last step of any path down to it).
  let read: Read;
  try {
    read = await readCommits(facts, options, new EncodingSink(), earlier);
  } catch (error) {
    if (error instanceof GitError && error.code === 'cancelled') throw error;
    return undefined; // the old head is gone from the repository
  }
  const { history } = read;
  const oldHead = read.read; // its index: right behind the new commits
  for (let i = 0; i < read.read; i++) for (let p = 0; p < history.parentCount(i); p++) if (history.parent(i, p) === oldHead) return read;
  return undefined;
}

/** Reads commits from git into a history: all of HEAD's, or those since `onto.head` in front of `onto.history`. */
async function readCommits(facts: RepositoryFacts, options: LoadOptions, sink: EncodingSink, onto?: { head: string; history: History }): Promise<Read> {
  const builder = new HistoryBuilder(sink, onto?.history, options.generated?.isGenerated);
  // The commit inspectRepository saw, not HEAD: a commit made meanwhile must not slip into a history cached as `head`.
  const revisions = onto ? [facts.head, `^${onto.head}`] : [facts.head];
  // A few new commits are read by one process; a whole history by as many as may run at once (see readInSlices).
  const readers = onto ? 1 : Math.max(1, Math.floor(options.readers ?? defaultReaders()));
  const { targets, linesKnown } = await readInSlices(
    facts.root,
    revisions,
    { add: (c: CommitRecord) => builder.add(c), builder, sink },
    () => {
      const kept = sink.slice();
      const slice = builder.slice(kept);
      return { add: (c: CommitRecord) => slice.add(c), builder: slice, sink: kept };
    },
    { ...options, readers },
  );
  // The later stretches go behind the first, in order.
  for (const later of targets.slice(1)) {
    builder.absorb(later.builder);
    sink.append(later.sink);
  }
  if (options.signal?.aborted) throw new GitError('cancelled', 'cancelled');
  const { people, paths } = builder.tables;
  const history = builder.finish(sink.loader(people.values, paths.values), onto?.history, linesKnown);
  return { history, source: onto ? 'incremental' : 'full', read: builder.count, added: sink };
}

/** Whether every commit committed at or after `from` (ms) was read with its line counts. */
export function hasLinesFrom(history: History, from = -Infinity): boolean {
  if (history.linesKnown >= history.count) return true;
  const { committerTime } = history.columns;
  for (let i = history.count - 1; i >= history.linesKnown; i--) if (committerTime[i]! >= from) return false;
  return true;
}

/** How many git processes read a history at once by default: one per core the process may use. */
export function defaultReaders(): number {
  return os.availableParallelism();
}
