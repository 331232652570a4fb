import type { CommitRecord } from '../model';
import { GitError, runGit } from './exec';
import { readHistory, type ReadHistoryOptions } from './historyReader';

/** Commits per git process below which one more process costs more than it saves. */
export const MIN_SLICE = 5000;

/** Where the commits of one slice go. */
export interface SliceTarget {
  add(commit: CommitRecord): void;
}

export interface SlicedReadOptions extends ReadHistoryOptions {
  /** Git processes that may read at once; 1 reads with one `git log`, as git prints it. */
  readers: number;
  /** Commits read so far, over all slices, and how many there are once git has counted them. */
  onCommit?: (read: number, total: number | undefined) => void;
  /** The fewest commits worth a git process of their own (MIN_SLICE unless a test wants small histories split). */
  minSlice?: number;
}

/**
 * Reads the walk of `revisions` (newest first) with several git processes at once, each printing one stretch of the
 * same walk: the first starts at once, from the top, and once it has read `minSlice` commits `git rev-list --count`
 * counts them all; the rest of the walk is then split among the other readers (`--skip`, `--max-count`) so all finish
 * at about the same time, and the first stops where the second begins. `first` receives the first stretch;
 * `another()` makes the target of each later one. The targets come back in history order; together they hold every
 * commit exactly once.
 */
export async function readInSlices<T extends SliceTarget>(
  root: string,
  revisions: string[],
  first: T,
  another: () => T,
  options: SlicedReadOptions,
): Promise<{ targets: T[]; total: number | undefined }> {
  const { readers, onCommit, minSlice = MIN_SLICE, ...gitOptions } = options;
  let read = 0;
  let total: number | undefined;
  const counted = (target: T) => (c: CommitRecord) => {
    target.add(c);
    read++; // not inside onCommit?.(…): an absent callback would skip the count with it
    onCommit?.(read, total);
  };
  if (readers <= 1) {
    await readHistory(root, counted(first), { ...gitOptions, revisions });
    return { targets: [first], total };
  }

  // A listener added to a signal that has already fired never runs: such a scan stops here.
  if (gitOptions.signal?.aborted) throw new GitError('cancelled', 'cancelled');
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  gitOptions.signal?.addEventListener('abort', onAbort, { once: true });
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    stop.abort();
  };
  try {
    const later: { target: T; done: Promise<void> }[] = [];
    // Counting starts once the first reader has read a slice's worth, so a small history costs no second process.
    const startCount = () =>
      runGit(root, ['rev-list', '--count', ...revisions, '--'], { ...gitOptions, signal: stop.signal }).then(out => {
        total = Number(out);
        const n = Math.min(readers, Math.floor(total / minSlice));
        // What the first reader has not read yet is shared out so that it and each of the others read about as much.
        const boundary = n <= 1 ? total : Math.ceil((total + (n - 1) * firstRead) / n);
        if (n <= 1 || firstRead >= boundary) return;
        limit = boundary;
        const size = Math.ceil((total - boundary) / (n - 1));
        for (let skip = boundary; skip < total; skip += size) {
          const target = another();
          const maxCount = Math.min(size, total - skip);
          const done = readHistory(root, counted(target), { ...gitOptions, revisions, skip, maxCount, signal: stop.signal }).catch(fail);
          later.push({ target, done });
        }
      }, fail);
    let count: Promise<void> | undefined;

    // The first reader stops itself at `limit` (set once the count is known): it kills its git process, which is not
    // a failure, and keeps nothing git printed past the limit.
    let limit = Infinity;
    let firstRead = 0;
    const own = new AbortController();
    stop.signal.addEventListener('abort', () => own.abort(), { once: true });
    const addFirst = counted(first);
    await readHistory(
      root,
      c => {
        if (firstRead >= limit) return;
        addFirst(c);
        if (++firstRead === limit) own.abort();
        if (firstRead === minSlice) count = startCount();
      },
      { ...gitOptions, revisions, signal: own.signal },
    ).catch(error => {
      if (!(own.signal.aborted && !stop.signal.aborted && firstRead === limit)) fail(error);
    });
    await count;
    await Promise.all(later.map(l => l.done));
    if (gitOptions.signal?.aborted) throw new GitError('cancelled', 'cancelled');
    if (failure !== undefined) throw failure;
    const targets = [first, ...later.map(l => l.target)];
    // The stretches come from one walk of fixed commits, so together they are the history. Should git ever print
    // other than it counted, the read is refused rather than trusted.
    if (total !== undefined && read !== total) {
      throw new GitError('failed', `git printed ${read} commits of ${root} where it counted ${total}; refresh to read the history again`);
    }
    return { targets, total };
  } finally {
    gitOptions.signal?.removeEventListener('abort', onAbort);
  }
}
