import type { CommitRecord, FileChange } from '../model';
import { streamGit, type GitOptions } from './exec';
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
  /**
   * Exactly these commits, in this order, in place of a walk (`--no-walk=unsorted --stdin`): each printed as the walk
   * prints it, without the walk's cost of passing every commit above them.
   */
  commits?: readonly string[];
}

export function historyArgs(options: Pick<ReadHistoryOptions, 'revisions' | 'lineCounts' | 'commits'> = {}): string[] {
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
    ...(options.commits ? ['--no-walk=unsorted', '--stdin'] : (options.revisions ?? ['HEAD'])),
    '--',
  ];
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

/**
 * Streams the history of HEAD (newest first) through one `git log` process, calling `onCommit` per commit.
 * Memory stays bounded by one commit plus one chunk of output, whatever the size of the history.
 */
export async function readHistory(repo: string, onCommit: (commit: CommitRecord) => void, options: ReadHistoryOptions = {}): Promise<void> {
  if (options.commits && !options.commits.length) return;
  const parser = new HistoryParser(onCommit);
  await streamGit(repo, historyArgs(options), text => parser.write(text), options, options.commits && options.commits.join('\n') + '\n');
  parser.end();
}
