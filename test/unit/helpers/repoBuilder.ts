import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** "Name <email>" */
export type Who = string;

export interface CommitSpec {
  author: Who;
  /** Defaults to the author. */
  committer?: Who;
  /** ISO date for both author and committer unless committerDate is given. */
  date: string;
  committerDate?: string;
  subject: string;
  body?: string;
  /** Raw trailer lines, e.g. "Reviewed-by: Alex <alex@example.com>". */
  trailers?: string[];
  /** Path -> content; Buffer for binary; null deletes. Defaults to one changed line in a file named after the subject. */
  files?: Record<string, string | Buffer | null>;
}

const temps: string[] = [];
export function cleanupTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function tempDir(prefix = 'gl-'): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  temps.push(dir);
  return dir;
}

function split(who: Who): { name: string; email: string } {
  const m = /^(.*)<(.*)>$/.exec(who.trim());
  if (!m) throw new Error(`expected "Name <email>", got ${who}`);
  return { name: m[1]!.trim(), email: m[2]!.trim() };
}

/** Builds a real git repository in a temp folder, commit by commit, with chosen people, dates and trailers. */
export class RepoBuilder {
  readonly dir: string;
  private counter = 0;

  constructor(dir?: string, me: Who = 'Alex Rivera <alex@example.com>') {
    this.dir = dir ?? tempDir('gl-repo-');
    mkdirSync(this.dir, { recursive: true });
    this.git('init', '-q', '-b', 'main');
    const { name, email } = split(me);
    this.git('config', 'user.name', name);
    this.git('config', 'user.email', email);
    this.git('config', 'commit.gpgsign', 'false');
    this.git('config', 'core.autocrlf', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    }).trimEnd();
  }

  private gitAs(author: Who, committer: Who, authorDate: string, committerDate: string, args: string[], input?: string): string {
    const a = split(author);
    const c = split(committer);
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      input,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: a.name,
        GIT_AUTHOR_EMAIL: a.email,
        GIT_AUTHOR_DATE: authorDate,
        GIT_COMMITTER_NAME: c.name,
        GIT_COMMITTER_EMAIL: c.email,
        GIT_COMMITTER_DATE: committerDate,
      },
    }).trimEnd();
  }

  write(file: string, content: string | Buffer): void {
    const full = path.join(this.dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }

  commit(spec: CommitSpec): string {
    this.counter++;
    const files = spec.files ?? { [`notes/${this.counter}.txt`]: `${spec.subject}\n` };
    const added: string[] = [];
    for (const [file, content] of Object.entries(files)) {
      if (content === null) this.git('rm', '-q', '--', file);
      else {
        this.write(file, content);
        added.push(file);
      }
    }
    // One `git add` for all paths (a commit may touch thousands), NUL-separated on stdin.
    if (added.length) {
      execFileSync('git', ['add', '--pathspec-from-file=-', '--pathspec-file-nul'], {
        cwd: this.dir,
        input: added.join('\0'),
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
      });
    }
    const message = [spec.subject, spec.body, spec.trailers?.length ? spec.trailers.join('\n') : undefined].filter(Boolean).join('\n\n') + '\n';
    this.gitAs(spec.author, spec.committer ?? spec.author, spec.date, spec.committerDate ?? spec.date, ['commit', '-q', '--allow-empty', '-F', '-'], message);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD');
  }

  branch(name: string, from = 'HEAD'): void {
    this.git('checkout', '-q', '-b', name, from);
  }

  checkout(name: string): void {
    this.git('checkout', '-q', name);
  }

  /** A real `git merge --no-ff` of `branch` into the current branch. */
  merge(branch: string, spec: { author: Who; committer?: Who; date: string; message: string; unrelated?: boolean }): string {
    const args = ['merge', '-q', '--no-ff', '--no-edit', ...(spec.unrelated ? ['--allow-unrelated-histories'] : []), '-m', spec.message, branch];
    this.gitAs(spec.author, spec.committer ?? spec.author, spec.date, spec.date, args);
    return this.head();
  }

  rename(from: string, to: string, spec: Omit<CommitSpec, 'files'>): string {
    mkdirSync(path.dirname(path.join(this.dir, to)), { recursive: true });
    this.git('mv', '--', from, to);
    return this.commit({ ...spec, files: {} });
  }
}

export const ALEX = 'Alex Rivera <alex@example.com>';
export const ALEX_OLD = 'Alex R <alex@old-laptop.local>';
export const BOB = 'Bob Stone <bob@example.com>';
export const CARA = 'Cara Newman <cara@example.com>';
export const DEV = 'Dev Patel <dev@example.com>';
export const BOT = 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>';
export const AI = 'Claude <noreply@anthropic.com>';

export function dayAt(day: string, hour = 12): string {
  return `${day}T${String(hour).padStart(2, '0')}:00:00+00:00`;
}

/** Adds n commits on top of main quickly, with one `git fast-import`. */
export function appendCommits(dir: string, n: number): void {
  let stream = '';
  for (let i = 0; i < n; i++) {
    const message = `Append ${i}\n\nReviewed-by: ${ALEX}\n`;
    const content = `line ${i}\n`;
    stream += `commit refs/heads/main\ncommitter Bob Stone <bob@example.com> ${1767225600 + i * 60} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`;
    if (i === 0) stream += 'from refs/heads/main^0\n';
    stream += `M 100644 inline notes/n${i % 7}.txt\ndata ${content.length}\n${content}\n`;
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream });
}
