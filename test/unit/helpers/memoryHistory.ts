import { createHash } from 'node:crypto';
import type { CommitRecord, FileChange, Person } from '../../../src/core/model';
import { HistoryBuilder, type History } from '../../../src/core/git/history';
import { parseTrailers } from '../../../src/core/git/trailers';
import { buildContext, type HistoryContext } from '../../../src/core/evidence/context';
import { parsePeriod } from '../../../src/core/period';
import { ALEX, type Who } from './repoBuilder';

/** Lines added; `[added, deleted]`; or null for a binary file (git's numstat prints `-` for both). */
export type LineChange = number | [number, number] | null;

export interface MemoryCommitSpec {
  author: Who;
  /** Defaults to the author. */
  committer?: Who;
  /** ISO date for both author and committer unless committerDate is given. */
  date: string;
  committerDate?: string;
  subject: string;
  body?: string;
  /** Raw trailer lines, e.g. "Reviewed-by: Alex <alex@example.com>", read by the same parser as git's output. */
  trailers?: string[];
  /** Path -> lines changed. Defaults to one line added to a file named after the commit, as RepoBuilder does. */
  files?: Record<string, LineChange>;
}

export interface ContextOptions {
  /** My addresses (user.email and aliases); default Alex's. .mailmap applies to them as it does in an analysis. */
  me?: string[];
  /** Inclusive whole days (YYYY-MM-DD) on the committer date; default no limit. */
  since?: string;
  until?: string;
  excludedAuthors?: string[];
}

export const MEMORY_REPO = '/memory/payments';

function split(who: Who): Person {
  const m = /^(.*)<(.*)>$/.exec(who.trim());
  if (!m) throw new Error(`expected "Name <email>", got ${who}`);
  return { name: m[1]!.trim(), email: m[2]!.trim().toLowerCase() };
}

/** Subject and body as the history reader splits a message: the first paragraph, and the rest (trailers included). */
function splitMessage(message: string): { subject: string; body: string } {
  const blank = message.search(/\n[ \t]*\n/);
  const head = blank === -1 ? message : message.slice(0, blank);
  return {
    subject: head
      .split('\n')
      .map(l => l.trim())
      .join(' '),
    body: blank === -1 ? '' : message.slice(blank).trim(),
  };
}

/**
 * The parsed commits the detectors consume, built in memory instead of read from git: the same CommitRecord the
 * history reader makes (authors and committers through .mailmap, trailers through the same parser, the body with
 * its trailers), in `git log`'s order, made into a History by the production HistoryBuilder. Branches and merges
 * work as in RepoBuilder, so a test reads the same, without starting a single process.
 */
export class MemoryHistory {
  private readonly commits = new Map<string, CommitRecord>();
  private readonly branches = new Map<string, string | undefined>([['main', undefined]]);
  private current = 'main';
  /** Commits made with commit(), for default file names (as RepoBuilder counts them). */
  private counter = 0;
  private readonly mailmap: Map<string, Person>;

  /** `mailmap`: an address -> the person it belongs to, as a .mailmap line `Name <email> <address>` says. */
  constructor(mailmap: Record<string, Who> = {}) {
    this.mailmap = new Map(Object.entries(mailmap).map(([address, who]) => [address.toLowerCase(), split(who)]));
  }

  private person(who: Who): Person {
    const p = split(who);
    return this.mailmap.get(p.email) ?? p;
  }

  private add(spec: { author: Who; committer?: Who; date: string; committerDate?: string; message: string; files: FileChange[]; parents: string[] }): string {
    // Forty hex digits like git's, unique per commit and the same on every run.
    const sha = createHash('sha1').update(`memory commit ${this.commits.size}`).digest('hex');
    const { subject, body } = splitMessage(spec.message);
    const record: CommitRecord = {
      sha,
      parents: spec.parents,
      author: this.person(spec.author),
      committer: this.person(spec.committer ?? spec.author),
      authorDate: spec.date,
      committerDate: spec.committerDate ?? spec.date,
      subject,
      body,
      trailers: parseTrailers('', spec.message),
      files: spec.files,
    };
    this.commits.set(sha, record);
    this.branches.set(this.current, sha);
    return sha;
  }

  commit(spec: MemoryCommitSpec): string {
    this.counter++;
    const files = Object.entries(spec.files ?? { [`notes/${this.counter}.txt`]: 1 })
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) // git lists a commit's files by path
      .map(([path, lines]): FileChange => {
        if (lines === null) return { path, added: null, deleted: null };
        const [added, deleted] = typeof lines === 'number' ? [lines, 0] : lines;
        return { path, added, deleted };
      });
    const message = [spec.subject, spec.body, spec.trailers?.length ? spec.trailers.join('\n') : undefined].filter(Boolean).join('\n\n');
    const tip = this.head();
    return this.add({ ...spec, message, files, parents: tip ? [tip] : [] });
  }

  head(): string | undefined {
    return this.branches.get(this.current);
  }

  branch(name: string): void {
    this.branches.set(name, this.head());
    this.current = name;
  }

  checkout(name: string): void {
    if (!this.branches.has(name)) throw new Error(`no branch ${name}`);
    this.current = name;
  }

  /** A `git merge --no-ff` of `branch` into the current branch: two parents, no file changes of its own. */
  merge(branch: string, spec: { author: Who; committer?: Who; date: string; message: string }): string {
    const ours = this.head();
    const theirs = this.branches.get(branch);
    if (!ours || !theirs) throw new Error(`nothing to merge: ${this.current} into ${branch}`);
    return this.add({ ...spec, files: [], parents: [ours, theirs] });
  }

  /**
   * The commits of HEAD's history, newest first, as `git log`'s default walk orders them: starting at HEAD, always
   * the commit with the newest committer date among those reached so far (the first reached on a tie), a commit being
   * reached through its first child shown.
   */
  log(): CommitRecord[] {
    const out: CommitRecord[] = [];
    const reached: { record: CommitRecord; time: number; order: number }[] = [];
    const seen = new Set<string>();
    const reach = (sha: string) => {
      if (seen.has(sha)) return;
      seen.add(sha);
      const record = this.commits.get(sha)!;
      reached.push({ record, time: Date.parse(record.committerDate), order: seen.size });
    };
    const tip = this.head();
    if (tip) reach(tip);
    while (reached.length) {
      let best = 0;
      for (let i = 1; i < reached.length; i++) {
        const a = reached[i]!;
        const b = reached[best]!;
        if (a.time > b.time || (a.time === b.time && a.order < b.order)) best = i;
      }
      const [next] = reached.splice(best, 1);
      out.push(next!.record);
      next!.record.parents.forEach(reach);
    }
    return out;
  }

  /** The History an analysis reads from a repository with these commits, trailer people through .mailmap. */
  history(): History {
    const records = this.log();
    const builder = new HistoryBuilder({ add: () => undefined });
    for (const c of records) builder.add(c);
    // A fresh copy per load, as decoding a cached commit gives: History hands out its own objects.
    const history = builder.finish(i => structuredClone(records[i]!));
    history.useMailmap(this.mailmap);
    return history;
  }

  /** What the detectors are given for this history, as an analysis of the repository would build it. */
  context(options: ContextOptions = {}): HistoryContext {
    const mine = (options.me ?? [split(ALEX).email]).map(e => e.toLowerCase());
    const identity = { emails: [...new Set([...mine, ...mine.map(e => this.mailmap.get(e)?.email ?? e)])], names: [] };
    return buildContext(MEMORY_REPO, identity, this.history(), parsePeriod(options.since, options.until), options.excludedAuthors);
  }
}
