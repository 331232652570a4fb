import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, promises as fs, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { CommitRecord, FileChange, Trailer, TrailerKey } from '../model';
import { GitError, runGit, type GitOptions } from './exec';
import { readHistory, type ReadHistoryOptions } from './historyReader';
import type { RepositoryFacts } from './repository';
import { tempPathFor } from '../notes/atomicWrite';

/**
 * A cache of parsed commits per repository, outside the workspace, so a refresh reads only what is new.
 * Bump CACHE_VERSION whenever CommitRecord or the parse changes: an older file is then rebuilt, never misread.
 */
export const CACHE_VERSION = 1;

interface CacheFile {
  version: number;
  root: string;
  head: string;
  shallow: boolean;
  /** What .mailmap looked like: authors are stored already mapped, so a changed mailmap means a rebuild. */
  mailmap: string;
  /** name, email, name, email, … */
  people: string[];
  paths: string[];
  /** [sha, parents, author, committer, authorDate, committerDate, subject, body, trailers, files] */
  commits: [string, string, number, number, string, string, string, string, (string | number)[], number[]][];
}

export interface HistoryLoad {
  commits: CommitRecord[];
  /** How the history was obtained. */
  source: 'cache' | 'incremental' | 'full';
  /** Commits read from git this time. */
  read: number;
}

export function cacheFileFor(cacheDir: string, root: string): string {
  return path.join(cacheDir, `history-v${CACHE_VERSION}-${createHash('sha256').update(root).digest('hex').slice(0, 24)}.json`);
}

async function mailmapFingerprint(root: string, options: GitOptions): Promise<string> {
  const file = await fs.readFile(path.join(root, '.mailmap'), 'utf8').catch(() => '');
  const config = await runGit(root, ['config', '--get-regexp', '^mailmap\\.'], options).catch(() => '');
  return createHash('sha256').update(file).update('\0').update(config).digest('hex');
}

/**
 * Writes the cache file while the history is still being read: each commit is encoded and appended (in batches of
 * about a megabyte) as it arrives, which keeps the work in the time spent waiting for git and never holds the whole
 * file in memory. The people and path tables go last, once the commits have filled them. Nothing is visible under
 * the real name until `commit()` renames the finished, synced file into place.
 */
class CacheWriter {
  private readonly temp: string;
  private readonly fd: number;
  private readonly people = new Map<string, number>();
  private readonly paths = new Map<string, number>();
  private batch: string[] = [];
  private size = 0;
  private count = 0;

  constructor(
    private readonly file: string,
    header: Omit<CacheFile, 'people' | 'paths' | 'commits'>,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.temp = tempPathFor(file);
    this.fd = openSync(this.temp, 'wx', 0o600);
    this.push(JSON.stringify(header).slice(0, -1) + ',"commits":[');
  }

  add(c: CommitRecord): void {
    const tuple: CacheFile['commits'][number] = [
      c.sha,
      c.parents.join(' '),
      this.person(c.author.name, c.author.email),
      this.person(c.committer.name, c.committer.email),
      c.authorDate,
      c.committerDate,
      c.subject,
      c.body,
      c.trailers.flatMap(t => [t.key, t.value, t.person ? this.person(t.person.name, t.person.email) : -1]),
      c.files.flatMap(f => [this.pathId(f.path), f.added ?? -1, f.deleted ?? -1, f.oldPath === undefined ? -1 : this.pathId(f.oldPath)]),
    ];
    this.push((this.count++ ? ',' : '') + JSON.stringify(tuple));
  }

  commit(): void {
    this.push(`],"people":${JSON.stringify([...this.people.keys()].flatMap(k => k.split('\0')))},"paths":${JSON.stringify([...this.paths.keys()])}}`);
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.temp, this.file);
  }

  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.temp, { force: true });
  }

  private person(name: string, email: string): number {
    const key = `${name}\0${email}`;
    let i = this.people.get(key);
    if (i === undefined) this.people.set(key, (i = this.people.size));
    return i;
  }

  private pathId(p: string): number {
    let i = this.paths.get(p);
    if (i === undefined) this.paths.set(p, (i = this.paths.size));
    return i;
  }

  private push(piece: string): void {
    this.batch.push(piece);
    this.size += piece.length;
    if (this.size >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.batch.length) writeSync(this.fd, this.batch.join(''));
    this.batch = [];
    this.size = 0;
  }
}

function decode(file: CacheFile): CommitRecord[] {
  const people = Array.from({ length: file.people.length / 2 }, (_, i) => ({ name: file.people[2 * i]!, email: file.people[2 * i + 1]! }));
  return file.commits.map(([sha, parents, author, committer, authorDate, committerDate, subject, body, t, f]) => {
    const trailers: Trailer[] = [];
    for (let i = 0; i < t.length; i += 3) {
      const p = t[i + 2] as number;
      trailers.push(p >= 0 ? { key: t[i] as TrailerKey, value: t[i + 1] as string, person: { ...people[p]! } } : { key: t[i] as TrailerKey, value: t[i + 1] as string });
    }
    const files: FileChange[] = [];
    for (let i = 0; i < f.length; i += 4) {
      const change: FileChange = { path: file.paths[f[i]!]!, added: f[i + 1]! < 0 ? null : f[i + 1]!, deleted: f[i + 2]! < 0 ? null : f[i + 2]! };
      if (f[i + 3]! >= 0) change.oldPath = file.paths[f[i + 3]!]!;
      files.push(change);
    }
    return { sha, parents: parents ? parents.split(' ') : [], author: { ...people[author]! }, committer: { ...people[committer]! }, authorDate, committerDate, subject, body, trailers, files };
  });
}

async function readCache(file: string, facts: RepositoryFacts, mailmap: string): Promise<CacheFile | undefined> {
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8')) as CacheFile;
  } catch {
    return undefined; // missing or corrupt: rebuilt below
  }
  const valid =
    parsed && parsed.version === CACHE_VERSION && parsed.root === facts.root && parsed.shallow === facts.shallow && parsed.mailmap === mailmap && Array.isArray(parsed.commits) && typeof parsed.head === 'string';
  return valid ? parsed : undefined;
}

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
 * whole, a changed .mailmap, or an unreadable cache). The cache is written only after a complete read, atomically, so
 * a cancelled scan or a concurrent writer never leaves a broken file behind.
 */
export async function loadHistory(
  facts: RepositoryFacts,
  options: ReadHistoryOptions & { cacheDir?: string; onCommit?: (count: number) => void },
): Promise<HistoryLoad> {
  const collect = async (revisions?: string[], writer?: CacheWriter) => {
    const out: CommitRecord[] = [];
    await readHistory(
      facts.root,
      c => {
        out.push(c);
        writer?.add(c);
        options.onCommit?.(out.length);
      },
      { ...options, ...(revisions ? { revisions } : {}) },
    );
    return out;
  };
  if (!options.cacheDir) return { commits: await collect(), source: 'full', read: 0 };

  const file = cacheFileFor(options.cacheDir, facts.root);
  const mailmap = await mailmapFingerprint(facts.root, options);
  const cached = await readCache(file, facts, mailmap);
  if (cached && cached.head === facts.head) return { commits: decode(cached), source: 'cache', read: 0 };
  const incremental = !!cached && (await isAncestor(facts.root, cached.head, options));
  let writer: CacheWriter | undefined;
  try {
    writer = new CacheWriter(file, { version: CACHE_VERSION, root: facts.root, head: facts.head, shallow: facts.shallow, mailmap });
  } catch {
    writer = undefined; // a cache that cannot be written costs speed, not correctness
  }
  try {
    let result: HistoryLoad;
    if (incremental) {
      const fresh = await collect(['HEAD', `^${cached!.head}`], writer);
      const old = decode(cached!);
      old.forEach(c => writer?.add(c));
      result = { commits: [...fresh, ...old], source: 'incremental', read: fresh.length };
    } else {
      const all = await collect(undefined, writer);
      result = { commits: all, source: 'full', read: all.length };
    }
    if (options.signal?.aborted) throw new GitError('cancelled', 'cancelled');
    try {
      writer?.commit();
    } catch {
      writer?.discard();
    }
    return result;
  } catch (error) {
    writer?.discard();
    throw error;
  }
}
