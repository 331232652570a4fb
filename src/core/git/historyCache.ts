/**
 * A cache of the parsed history per repository, outside the workspace, so a refresh reads only what is new: this
 * module decides when the cache (or a history kept in memory) can be used, extended or must be rebuilt; the file
 * itself is historyCacheFile.ts.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CommitRecord, Person } from '../model';
import { GitError, runGit, type GitOptions } from './exec';
import { readHistory, type ReadHistoryOptions } from './historyReader';
import { mailmapSettings, type RepositoryFacts } from './repository';
import { History, HistoryBuilder, decodeCommit, encodeCommit, type EncodedCommit, type RecordSink, type Tables } from './history';
import { CACHE_VERSION, openCache, openWriter, writeColumns, type CacheWriter, type Header, type OpenedCache } from './historyCacheFile';

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
  shallow: boolean;
  history: History;
}
export type HistoryMemory = Map<string, RememberedHistory>;

export function cacheFileFor(cacheDir: string, root: string): string {
  return path.join(cacheDir, `history-v${CACHE_VERSION}-${createHash('sha256').update(root).digest('hex').slice(0, 24)}.bin`);
}

/** What .mailmap and the `mailmap.*` settings say, as a hash: authors are stored mapped, so a change means a rebuild. */
export async function mailmapFingerprint(facts: Pick<RepositoryFacts, 'root' | 'mailmapConfig'>, options: GitOptions): Promise<string> {
  const file = await fs.readFile(path.join(facts.root, '.mailmap'), 'utf8').catch(() => '');
  const config = facts.mailmapConfig ?? mailmapSettings(await runGit(facts.root, ['config', '-z', '--get-regexp', '^mailmap\\.'], options).catch(() => ''));
  return createHash('sha256').update(file).update('\0').update(config.join('\0')).digest('hex');
}

/**
 * Keeps each new commit encoded (a string is far smaller than the object graph of a CommitRecord) and, with a cache
 * file to write, appends it to the file while git is still streaming, so the write costs no extra time at the end.
 */
class EncodingSink implements RecordSink {
  readonly encoded: string[] = [];
  /** With a writer the strings are not kept: the records are read back from the finished file (see CacheWriter.commit). */
  constructor(private readonly writer?: CacheWriter) {}

  add(c: CommitRecord, tables: Tables): void {
    const json = JSON.stringify(encodeCommit(c, tables));
    if (this.writer) this.writer.record(json);
    else this.encoded.push(json);
  }

  load(people: readonly Person[], paths: readonly string[]) {
    return (i: number) => decodeCommit(JSON.parse(this.encoded[i]!) as EncodedCommit, people, paths);
  }
}

/** New commits read on top of a cached history before the file is rewritten to include them. */
export const REWRITE_AFTER = 500;

async function isAncestor(root: string, older: string, options: GitOptions): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/.test(older)) return false;
  return runGit(root, ['merge-base', '--is-ancestor', older, 'HEAD'], options).then(
    () => true,
    error => {
      if (error instanceof GitError && error.code === 'cancelled') throw error;
      return false; // not an ancestor (rewritten history), or the old commit is gone
    },
  );
}

/**
 * The whole history of HEAD, newest first: from the cache when HEAD has not moved, from the cache plus the new
 * commits when it moved forward, and from git in full otherwise (first run, rewritten history, a shallow clone made
 * whole, a changed .mailmap, or an unreadable cache). The cache is put in place only after a complete read, so a
 * cancelled scan or a concurrent writer never leaves a broken file behind.
 */
export async function loadHistory(
  facts: RepositoryFacts,
  options: ReadHistoryOptions & {
    cacheDir?: string;
    onCommit?: (count: number) => void;
    /** From mailmapFingerprint, when already known. */
    mailmap?: string;
    /** Histories kept in memory from earlier analyses in this process: consulted first, and updated. */
    memory?: HistoryMemory;
  },
): Promise<HistoryLoad> {
  const loaded = await load(facts, options);
  options.memory?.set(facts.root, { head: facts.head, mailmap: options.mailmap ?? '', shallow: facts.shallow, history: loaded.history });
  return loaded;
}

async function load(facts: RepositoryFacts, options: Parameters<typeof loadHistory>[1]): Promise<HistoryLoad> {
  const read = async (builder: HistoryBuilder, revisions?: string[]) => {
    await readHistory(
      facts.root,
      c => {
        builder.add(c);
        options.onCommit?.(builder.count);
      },
      { ...options, ...(revisions ? { revisions } : {}) },
    );
    if (options.signal?.aborted) throw new GitError('cancelled', 'cancelled');
  };
  const file = options.cacheDir ? cacheFileFor(options.cacheDir, facts.root) : undefined;
  const header: Header = { version: CACHE_VERSION, root: facts.root, head: facts.head, shallow: facts.shallow, mailmap: '' };
  const remembered = options.memory?.get(facts.root);
  if (remembered && options.mailmap !== undefined && remembered.mailmap === options.mailmap && remembered.shallow === facts.shallow) {
    if (remembered.head === facts.head) return { history: remembered.history, source: 'cache', read: 0 };
    if (await isAncestor(facts.root, remembered.head, options)) {
      // A few new commits on top of what is in memory: no file to read. Many: the file path below also rewrites it.
      const sink = new EncodingSink();
      const builder = new HistoryBuilder(sink, remembered.history);
      await read(builder, ['HEAD', `^${remembered.head}`]);
      if (builder.count < REWRITE_AFTER) {
        return { history: builder.finish(sink.load(builder.tables.people.values, builder.tables.paths.values), remembered.history), source: 'incremental', read: builder.count };
      }
    }
  }
  let older: OpenedCache | undefined;
  if (file) {
    header.mailmap = options.mailmap ?? (await mailmapFingerprint(facts, options));
    const cached = await openCache(file, header);
    if (cached && cached.footer.head === facts.head) return { history: cached.history, source: 'cache', read: 0 };
    if (cached && (await isAncestor(facts.root, cached.footer.head, options))) older = cached;
  }

  if (older) {
    // New commits on top of the cache: read just those. The file is rewritten only once enough have gathered, since
    // rewriting costs far more than reading a few hundred commits from git again.
    const sink = new EncodingSink();
    const builder = new HistoryBuilder(sink, older.history);
    await read(builder, ['HEAD', `^${older.footer.head}`]);
    const history = builder.finish(sink.load(builder.tables.people.values, builder.tables.paths.values), older.history);
    if (file && builder.count >= REWRITE_AFTER) {
      const writer = openWriter(file, older.buffer.subarray(0, older.footer.recordBytes));
      if (writer) {
        sink.encoded.forEach(json => writer.record(json));
        writeColumns(writer, header, history, builder.count, older);
      }
    }
    return { history, source: 'incremental', read: builder.count };
  }

  // The first read streams into the cache file as git prints; the records are then read back from it, so the
  // history is never held twice. Should the file fail (a full disk), the history is read again and kept in memory.
  const writer = file ? openWriter(file) : undefined;
  if (writer) {
    try {
      const builder = new HistoryBuilder(new EncodingSink(writer));
      await read(builder);
      const { people, paths } = builder.tables;
      const at = writer.places;
      let records: Buffer | undefined;
      const history = builder.finish(i => decodeCommit(JSON.parse(records!.toString('utf8', at[2 * i]!, at[2 * i]! + at[2 * i + 1]!)) as EncodedCommit, people.values, paths.values));
      if (writer.failed) writer.discard();
      else records = writeColumns(writer, header, history, builder.count);
      if (records) return { history, source: 'full', read: builder.count };
    } catch (error) {
      writer.discard();
      throw error;
    }
  }
  const sink = new EncodingSink();
  const builder = new HistoryBuilder(sink);
  await read(builder);
  return { history: builder.finish(sink.load(builder.tables.people.values, builder.tables.paths.values)), source: 'full', read: builder.count };
}
