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
  /** Git processes that may read at once; 1 reads with one `git log`, as git prints it, every commit with line counts. */
  readers: number;
  /** Commits read so far, over all slices, and how many there are once git has counted them. */
  onCommit?: (read: number, total: number | undefined) => void;
  /** The fewest commits worth a git process of their own (MIN_SLICE unless a test wants small histories split). */
  minSlice?: number;
  /**
   * Commits committed at or after this time (ms since the epoch) are read with line counts. Once the walk is long
   * enough to be split, the stretch after the last of them is read with its touched paths only. Default: every commit.
   */
  linesFrom?: number;
}

/** What git's line counts cost, per commit, beside listing the touched paths only (`--numstat` against `--name-status`). */
const LINE_COUNT_COST = 2;

/**
 * How many commits from the top of a walk (`git rev-list --timestamp` lines: commit time, SHA) must be read with line
 * counts so that every commit committed at or after `from` (ms) is: up to the last such one, wherever the walk puts
 * it (a commit under one whose clock was behind comes late).
 */
export function lineCountedPart(walk: readonly string[], from: number): number {
  if (from === -Infinity) return walk.length;
  for (let i = walk.length - 1; i >= 0; i--) if (Number(walk[i]!.slice(0, walk[i]!.indexOf(' '))) * 1000 >= from) return i + 1;
  return 0;
}

/** One git process's part of the walk. */
interface Stretch<T> {
  start: number;
  count: number;
  lineCounts: boolean;
  target: T;
}

type Slice = Omit<Stretch<never>, 'target'>;

/**
 * How the walk is shared out once it is counted. The first reader, which reads with line counts from the top and
 * has read `firstRead` commits, stops at `limit`: where its part is as large as each other reader's, or earlier at
 * `linesUpTo`, since line counts past it would be work thrown away. Each of the other readers reads one run of
 * stretches, one after another, and so does the first once it has stopped (`afterFirst`), so that all finish at
 * about the same time. Everything before `linesUpTo` is read with line counts, counting LINE_COUNT_COST each.
 */
export function planSlices(total: number, firstRead: number, linesUpTo: number, readers: number): { limit: number; later: Slice[][]; afterFirst: Slice[] } {
  const cost = (from: number, to: number) => LINE_COUNT_COST * Math.max(0, Math.min(to, linesUpTo) - from) + Math.max(0, to - Math.max(from, linesUpTo));
  // The least stopping point at which the first reader's part is no smaller than each other reader's.
  let low = firstRead;
  let high = total;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (LINE_COUNT_COST * (mid - firstRead) * (readers - 1) >= cost(mid, total)) high = mid;
    else low = mid + 1;
  }
  const limit = Math.min(low, Math.max(firstRead, linesUpTo));
  const share = (LINE_COUNT_COST * (limit - firstRead) + cost(limit, total)) / readers;
  // What the first reader takes on once stopped; a sliver is not worth a process of its own.
  const afterStop = share - LINE_COUNT_COST * (limit - firstRead) > share / 50;
  const runs = readers - (afterStop ? 0 : 1);
  const later: Slice[][] = [];
  let from = limit;
  for (let r = 0; r < runs && from < total; r++) {
    // Where this run ends: through the line-counted part at its cost, then the rest at one per commit.
    const counted = LINE_COUNT_COST * Math.max(0, linesUpTo - from);
    const size = afterStop ? share : cost(limit, total) / runs;
    const end =
      r === runs - 1 ? total : Math.min(total, Math.round(size <= counted ? from + size / LINE_COUNT_COST : Math.max(from, linesUpTo) + size - counted));
    if (end <= from) continue;
    const run: Slice[] = [];
    if (from < linesUpTo) run.push({ start: from, count: Math.min(end, linesUpTo) - from, lineCounts: true });
    if (end > linesUpTo) run.push({ start: Math.max(from, linesUpTo), count: end - Math.max(from, linesUpTo), lineCounts: false });
    later.push(run);
    from = end;
  }
  // The last run, the smallest, is the one the first reader reads after its own part.
  return { limit, later: afterStop ? later.slice(0, -1) : later, afterFirst: afterStop ? (later[later.length - 1] ?? []) : [] };
}

/**
 * Reads the walk of `revisions` (newest first) with several git processes at once, each printing one stretch of the
 * same walk: the first starts at once, from the top, and once it has read `minSlice` commits `git rev-list
 * --timestamp` lists them all, in the walk's order, with their commit times. The rest of the walk is then shared out
 * (see planSlices) among the other readers, each given its stretch's commits by name (`git log --no-walk=unsorted
 * --stdin`, which prints them exactly as the walk does), so that all finish at about the same time. The first stops
 * where the second begins. The commits after the last one committed since `linesFrom` are read without line counts.
 * `first` receives the first stretch; `another()` makes the target of each later one. The targets come back in
 * history order; together they hold every commit exactly once, and the first `linesKnown` carry line counts.
 */
export async function readInSlices<T extends SliceTarget>(
  root: string,
  revisions: string[],
  first: T,
  another: () => T,
  options: SlicedReadOptions,
): Promise<{ targets: T[]; total: number | undefined; linesKnown: number }> {
  const { readers, onCommit, minSlice = MIN_SLICE, linesFrom = -Infinity, ...gitOptions } = options;
  let read = 0;
  let total: number | undefined;
  const counted = (target: T) => (c: CommitRecord) => {
    target.add(c);
    read++; // not inside onCommit?.(…): an absent callback would skip the count with it
    onCommit?.(read, total);
  };
  if (readers <= 1) {
    await readHistory(root, counted(first), { ...gitOptions, revisions });
    return { targets: [first], total, linesKnown: read };
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
    const later: { stretches: Stretch<T>[]; done: Promise<void> }[] = [];
    let linesKnown: number | undefined;
    let afterFirst = () => {};
    // Counting starts once the first reader has read a slice's worth, so a small history costs no second process.
    const startCount = () =>
      runGit(root, ['rev-list', '--timestamp', ...revisions, '--'], { ...gitOptions, signal: stop.signal }).then(out => {
        const walk = out ? out.split('\n') : [];
        total = walk.length;
        const linesUpTo = lineCountedPart(walk, linesFrom);
        const n = Math.min(readers, Math.floor(total / minSlice));
        if (n <= 1 || firstRead >= total) return;
        const plan = planSlices(total, firstRead, linesUpTo, n);
        if (plan.limit >= total) return;
        limit = plan.limit;
        linesKnown = Math.max(limit, linesUpTo);
        if (firstRead >= limit) own.abort(); // already as far as it goes
        const start = (run: Slice[]) => {
          const stretches = run.map(s => ({ ...s, target: another() }));
          const done = (async () => {
            for (const { target, ...slice } of stretches) {
              if (stop.signal.aborted) return;
              // The stretch's commits by name: a walk skipping to them would pass every commit above them first.
              const commits = walk.slice(slice.start, slice.start + slice.count).map(line => line.slice(line.indexOf(' ') + 1));
              await readHistory(root, counted(target), { ...gitOptions, commits, lineCounts: slice.lineCounts, signal: stop.signal });
            }
          })().catch(fail);
          later.push({ stretches, done });
        };
        plan.later.forEach(start);
        afterFirst = () => start(plan.afterFirst);
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
    if (!stop.signal.aborted) afterFirst();
    await Promise.all(later.map(l => l.done));
    if (gitOptions.signal?.aborted) throw new GitError('cancelled', 'cancelled');
    if (failure !== undefined) throw failure;
    const targets = [
      first,
      ...later
        .flatMap(l => l.stretches)
        .sort((a, b) => a.start - b.start)
        .map(s => s.target),
    ];
    // The stretches come from one walk of fixed commits, so together they are the history. Should git ever print
    // other than it counted, the read is refused rather than trusted.
    if (total !== undefined && read !== total) {
      throw new GitError('failed', `git printed ${read} commits of ${root} where it counted ${total}; refresh to read the history again`);
    }
    return { targets, total, linesKnown: linesKnown ?? read };
  } finally {
    gitOptions.signal?.removeEventListener('abort', onAbort);
  }
}
