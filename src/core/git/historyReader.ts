import { availableParallelism } from 'node:os';
import type { CommitRecord, FileChange } from '../model';
import { GitError, runGit, streamGit, streamGitWithInput, type GitOptions } from './exec';
import { nulTokens } from './nulStream';
import { parseTrailers } from './trailers';

/** Marks the start of a commit in the stream. Commit text cannot break it: fields are consumed by count, not by search. */
const RECORD = '\x1e';
/** %aN/%aE/%cN/%cE apply .mailmap, as `git shortlog` does. */
const FIELDS = ['%H', '%P', '%aN', '%aE', '%aI', '%cN', '%cE', '%cI', '%B', '%(trailers:only,unfold)'] as const;
export const LOG_FORMAT = RECORD + FIELDS.join('%x00') + '%x00';

export interface ReadHistoryOptions extends GitOptions {
  /** Extra revision arguments (a range such as `OLD..HEAD`); default HEAD. */
  revisions?: string[];
  /** Ask git for line counts (`--numstat`); without it only touched paths are read (`--name-status`, much cheaper). */
  lineCounts?: boolean;
  /** The most git readers run at once (see readHistory); default every core (os.availableParallelism()). */
  parallelism?: number;
  /**
   * Committer time (ms) that ends the front of the history: the newest commits, down to the last one committed at or
   * after it, are read as a range of their own, and `onFront` is called once all of them were delivered.
   */
  frontFrom?: number;
  onFront?: (count: number) => void;
  /** What is being read, before each part: the front (`period`) or the rest (`history`), with its commits when known. */
  onPart?: (part: ReadingPart) => void;
}

export interface ReadingPart {
  part: 'period' | 'history';
  /** The commits in this part; absent when the history is read in one walk, uncounted. */
  commits?: number;
}

export function historyArgs(options: Pick<ReadHistoryOptions, 'revisions' | 'lineCounts'> = {}): string[] {
  return [...logArgs(options), ...(options.revisions ?? ['HEAD']), '--'];
}

function logArgs(options: Pick<ReadHistoryOptions, 'lineCounts'>): string[] {
  return [
    '-c',
    'log.showSignature=false',
    'log',
    '-z',
    options.lineCounts === false ? '--name-status' : '--numstat',
    '-M',
    '--no-ext-diff',
    '--no-textconv',
    '--no-color',
    '--no-notes',
    `--format=${LOG_FORMAT}`,
  ];
}

/**
 * The arguments for reading exactly the commits given on stdin, in the order given: `--no-walk=unsorted` shows each
 * one as the walk of HEAD would (the same diff against its first parent, none for merges), without walking further.
 */
export function rangeArgs(options: Pick<ReadHistoryOptions, 'lineCounts'> = {}): string[] {
  return [...logArgs(options), '--no-walk=unsorted', '--stdin', '--'];
}

function splitMessage(message: string): { subject: string; body: string } {
  const text = message.replace(/\r\n/g, '\n').trim();
  const blank = text.search(/\n[ \t]*\n/);
  const head = blank === -1 ? text : text.slice(0, blank);
  const body = blank === -1 ? '' : text.slice(blank).trim();
  return {
    subject: head
      .split('\n')
      .map(l => l.trim())
      .join(' '),
    body,
  };
}

/**
 * Longest body kept per commit. Trailers are read from the whole message first; the detectors only need the start
 * of a body, and a 5 MB message must not cost 5 MB for the rest of the session.
 */
export const MAX_BODY = 16 * 1024;
export const MAX_SUBJECT = 1024;

const NUMSTAT = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/;
const NAME_STATUS = /^([ACDMRTUXB])(\d*)$/;

/**
 * Incremental parser for the `git log -z` stream. Feed it text in any chunking; it calls `onCommit` for each commit
 * as soon as the next one starts (or at `end()`).
 */
export class HistoryParser {
  private readonly tokens = nulTokens(token => this.token(token));
  private fields: string[] = [];
  private files: FileChange[] = [];
  /** A rename or copy (two paths follow) or a --name-status entry (one or two paths follow). */
  private expectPaths: { added: number | null; deleted: number | null; count: 1 | 2; paths: string[] } | undefined;
  private inRecord = false;

  constructor(private readonly onCommit: (commit: CommitRecord) => void) {}

  write(text: string): void {
    this.tokens.write(text);
  }

  end(): void {
    this.tokens.end();
    this.flush();
  }

  private token(raw: string): void {
    if (this.inRecord && this.fields.length < FIELDS.length) {
      this.fields.push(raw);
      return;
    }
    if (this.expectPaths) {
      this.expectPaths.paths.push(raw);
      const { paths, count, added, deleted } = this.expectPaths;
      if (paths.length === count) {
        this.files.push(count === 2 ? { path: paths[1]!, oldPath: paths[0]!, added, deleted } : { path: paths[0]!, added, deleted });
        this.expectPaths = undefined;
      }
      return;
    }
    const token = raw.startsWith('\n') ? raw.slice(1) : raw;
    if (token.startsWith(RECORD)) {
      this.flush();
      this.inRecord = true;
      this.fields = [token.slice(1)];
      return;
    }
    if (!token) return;
    const numstat = NUMSTAT.exec(token);
    if (numstat) {
      const added = numstat[1] === '-' ? null : Number(numstat[1]);
      const deleted = numstat[2] === '-' ? null : Number(numstat[2]);
      if (numstat[3] === '') this.expectPaths = { added, deleted, count: 2, paths: [] };
      else this.files.push({ path: numstat[3]!, added, deleted });
      return;
    }
    const status = NAME_STATUS.exec(token);
    if (status) {
      // --name-status -z: the status, then one path (two for renames and copies).
      this.expectPaths = { added: null, deleted: null, count: status[1] === 'R' || status[1] === 'C' ? 2 : 1, paths: [] };
      return;
    }
  }

  private flush(): void {
    if (!this.inRecord) return;
    const [sha, parents, aName, aEmail, aDate, cName, cEmail, cDate, message, trailers] = this.fields;
    this.inRecord = false;
    const files = this.files;
    this.files = [];
    this.fields = [];
    if (!sha || cDate === undefined) return;
    const split = splitMessage(message ?? '');
    const subject = split.subject.length > MAX_SUBJECT ? split.subject.slice(0, MAX_SUBJECT) : split.subject;
    const body = split.body.length > MAX_BODY ? split.body.slice(0, MAX_BODY) : split.body;
    this.onCommit({
      sha,
      parents: parents ? parents.split(' ') : [],
      author: { name: aName ?? '', email: (aEmail ?? '').toLowerCase() },
      committer: { name: cName ?? '', email: (cEmail ?? '').toLowerCase() },
      authorDate: aDate ?? '',
      committerDate: cDate,
      subject,
      body,
      trailers: parseTrailers(trailers ?? '', message ?? ''),
      files,
    });
  }
}

/** Below this many commits per reader a history is read by one `git log`: starting more costs more than it saves. */
export const MIN_COMMITS_PER_READER = 2000;

/** How many git readers to run: the setting when given (at least one), else one per core. */
export function readersFor(parallelism: number | undefined): number {
  return Math.max(1, Math.floor(parallelism ?? availableParallelism()));
}

/**
 * Streams the history of HEAD (newest first), calling `onCommit` per commit in git's order. Diffs are what costs:
 * with more than one core the commits (listed first by `git rev-list`, in the walk's order) are cut into disjoint
 * ranges read by several `git log` processes at once, each range's output parsed in turn, so the commits arrive
 * exactly as one `git log` would print them. Memory stays bounded by the output of the ranges not yet parsed.
 */
export async function readHistory(repo: string, onCommit: (commit: CommitRecord) => void, options: ReadHistoryOptions = {}): Promise<void> {
  const readers = readersFor(options.parallelism);
  // An update on top of a cached history is a few commits: listing them first would cost more than it saves.
  if ((readers === 1 || options.revisions) && options.frontFrom === undefined) {
    options.onPart?.({ part: 'history' });
    const parser = new HistoryParser(onCommit);
    await streamGit(repo, historyArgs(options), text => parser.write(text), options);
    parser.end();
    return;
  }
  const listed = await listCommits(repo, options);
  const ranges = splitRanges(listed, readers, options.frontFrom);
  await readRanges(repo, listed.shas, ranges, readers, onCommit, options);
}

/** The commits of the revisions in the walk's order, with their committer times (ms). */
async function listCommits(repo: string, options: ReadHistoryOptions): Promise<{ shas: string[]; times: number[] }> {
  const out = await runGit(repo, ['rev-list', '--timestamp', ...(options.revisions ?? ['HEAD']), '--'], options);
  const shas: string[] = [];
  const times: number[] = [];
  for (const line of out.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    times.push(Number(line.slice(0, space)) * 1000);
    shas.push(line.slice(space + 1));
  }
  return { shas, times };
}

/** A range of commits [from, to) by index in the walk's order; `front` marks the newest part, read first. */
interface Range {
  from: number;
  to: number;
  front: boolean;
}

/**
 * Cuts n commits into ranges: the front (down to the last commit at or after `frontFrom`) when asked for, then the
 * rest in about equal parts, one per reader, none smaller than MIN_COMMITS_PER_READER.
 */
export function splitRanges(listed: { times: number[] }, readers: number, frontFrom?: number): Range[] {
  const n = listed.times.length;
  let front = 0;
  if (frontFrom !== undefined) for (let i = 0; i < n; i++) if (listed.times[i]! >= frontFrom) front = i + 1;
  const ranges: Range[] = front > 0 ? [{ from: 0, to: front, front: true }] : [];
  const rest = n - front;
  const parts = Math.max(1, Math.min(readers, Math.floor(rest / MIN_COMMITS_PER_READER)));
  for (let p = 0; p < parts && rest > 0; p++)
    ranges.push({ from: front + Math.floor((rest * p) / parts), to: front + Math.floor((rest * (p + 1)) / parts), front: false });
  return ranges;
}

/**
 * Reads the ranges with at most `readers` git processes at a time, started in order. The first range unparsed is
 * parsed as git prints it; the output of the ones after it is kept as it comes and parsed when its turn comes.
 * Any failure (or a cancel) stops every reader.
 */
async function readRanges(
  repo: string,
  shas: string[],
  ranges: Range[],
  readers: number,
  onCommit: (commit: CommitRecord) => void,
  options: ReadHistoryOptions,
): Promise<void> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const parser = new HistoryParser(onCommit);
  /** The output of each range not yet parsed, and whether its git has finished. */
  const pending = ranges.map(() => ({ chunks: [] as string[], done: false }));
  let turn = 0;
  let wake: (() => void) | undefined;
  const announce = (i: number) => {
    const r = ranges[i]!;
    options.onPart?.({ part: r.front ? 'period' : 'history', commits: r.front ? r.to - r.from : shas.length - r.from });
  };
  const read = async (i: number) => {
    const r = ranges[i]!;
    const slot = pending[i]!;
    await streamGitWithInput(
      repo,
      rangeArgs(options),
      shas.slice(r.from, r.to).join('\n') + '\n',
      text => {
        if (i === turn) parser.write(text);
        else slot.chunks.push(text);
      },
      { ...options, signal: stop.signal },
    );
    slot.done = true;
    wake?.();
  };
  let next = 0;
  const running = new Set<Promise<void>>();
  const failures: unknown[] = [];
  const start = () => {
    while (next < ranges.length && running.size < readers) {
      const p = read(next++).catch(error => {
        failures.push(error);
        stop.abort();
        wake?.();
      });
      running.add(p);
      void p.finally(() => {
        running.delete(p);
        start();
      });
    }
  };
  try {
    announce(0);
    start();
    while (turn < ranges.length) {
      const slot = pending[turn]!;
      while (!slot.done && !failures.length) await new Promise<void>(resolve => (wake = resolve));
      if (failures.length) break;
      // Boundaries are between commits: a range ends where the next one's first commit begins.
      parser.end();
      if (ranges[turn]!.front) options.onFront?.(ranges[turn]!.to);
      turn++;
      if (turn < ranges.length) {
        if (ranges[turn - 1]!.front) announce(turn);
        const next = pending[turn]!;
        for (const text of next.chunks.splice(0)) parser.write(text);
      }
    }
    await Promise.all(running);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (options.signal?.aborted) throw new GitError('cancelled', 'cancelled');
  if (failures.length) throw failures[0];
}
