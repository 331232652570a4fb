import { createHash } from 'node:crypto';
import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import type { SimpleGit } from 'simple-git';
import { GitError, HARDENING_CONFIG, asGitError, gitEnv, runGit, type GitOptions } from './exec';

export interface RepositoryFacts {
  /** Absolute path of the work tree root. */
  root: string;
  /** Full SHA of HEAD. */
  head: string;
  branch: string | undefined;
  shallow: boolean;
  /** fetch URL of `origin`, or of the first remote. */
  remoteUrl: string | undefined;
  userEmail: string | undefined;
  userName: string | undefined;
  /** The `mailmap.*` settings (`mailmap.file`, `mailmap.blob`) as "key\nvalue" entries, when read with the rest. */
  mailmapConfig?: string[];
  /** Where Gerrit's refs/notes/review points (null: no such ref), when read with the rest; see reviewNotes.ts. */
  reviewNotes?: string | null;
}

/**
 * Entries of `git config -z --get-regexp` output, each "key\nvalue" (a later value of the same key overrides an
 * earlier one, as git itself reads it).
 */
function configEntries(output: string): { key: string; value: string }[] {
  return output.split('\0').flatMap(entry => {
    const newline = entry.indexOf('\n');
    return newline < 0 ? [] : [{ key: entry.slice(0, newline), value: entry.slice(newline + 1) }];
  });
}

/** The `mailmap.*` entries of `git config -z --get-regexp` output, as RepositoryFacts.mailmapConfig holds them. */
export function mailmapSettings(output: string): string[] {
  return configEntries(output).flatMap(({ key, value }) => (/^mailmap\./i.test(key) ? [`${key.toLowerCase()}\n${value}`] : []));
}

/**
 * What .mailmap and the `mailmap.*` settings say, as a hash: histories are stored with authors mapped, so a change
 * means a rebuild. The settings are read here only when the facts were not read with them.
 */
export async function mailmapFingerprint(facts: Pick<RepositoryFacts, 'root' | 'mailmapConfig'>, options: GitOptions): Promise<string> {
  const file = await fs.readFile(path.join(facts.root, '.mailmap'), 'utf8').catch(() => '');
  const config = facts.mailmapConfig ?? mailmapSettings(await runGit(facts.root, ['config', '-z', '--get-regexp', '^mailmap\\.'], options).catch(() => ''));
  return fingerprintOf(file, config);
}

function fingerprintOf(file: string, config: readonly string[]): string {
  return createHash('sha256').update(file).update('\0').update(config.join('\0')).digest('hex');
}

/** The fingerprint of a work tree with no (or an empty) .mailmap and no `mailmap.*` settings: git maps nobody there. */
export const NO_MAILMAP = fingerprintOf('', []);

/** simple-git is loaded on first use: most runs (a refresh with nothing new, say) never call it, and loading it costs them. */
async function gitFor(dir: string, options: GitOptions): Promise<SimpleGit> {
  const { simpleGit } = await import('simple-git');
  return simpleGit({
    baseDir: dir,
    binary: options.gitPath ?? 'git',
    config: [...HARDENING_CONFIG],
    maxConcurrentProcesses: 2,
    // simple-git refuses these keys (and PAGER in the environment) because their values could name a command or let
    // git reach the network; ours switch exactly that off.
    unsafe: {
      allowUnsafeFsMonitor: true,
      allowUnsafePager: true,
      allowUnsafeHooksPath: true,
      allowUnsafeDiffExternal: true,
      allowUnsafeSshCommand: true,
      allowUnsafeCredentialHelper: true,
      allowUnsafeProtocolOverride: true,
    },
    ...(options.signal ? { abort: options.signal } : {}),
    // A failure's message is git's stderr, as for spawned calls (simple-git's own puts stdout first), for asGitError.
    errors: (error, { exitCode, stdErr }) => (error && exitCode && stdErr.length ? Buffer.concat(stdErr) : error),
  }).env(gitEnv());
}

/** Runs simple-git calls in `dir`; a failure comes out as a GitError, classified as a spawned call's would be. */
async function withGit<T>(dir: string, options: GitOptions, calls: (git: SimpleGit) => Promise<T>): Promise<T> {
  try {
    return await calls(await gitFor(dir, options));
  } catch (error) {
    throw asGitError(error, dir, options);
  }
}

/**
 * Where Gerrit's review notes point, where the work tree is, whether it is shallow, HEAD's commit and branch, in one
 * call. The glob prints nothing when no ref matches, where naming the ref would fail the call; its bracket keeps it
 * from matching refs below refs/notes/review/. The `--` makes every argument a revision, so a file named HEAD cannot
 * turn one into a path; `^{commit}` fails for an unborn HEAD.
 */
const LOCATE = ['rev-parse', '--glob=refs/notes/revie[w]', '--show-toplevel', '--is-shallow-repository', 'HEAD^{commit}', '--abbrev-ref', 'HEAD', '--'];
const SETTINGS = ['config', '-z', '--get-regexp', '^(user\\.(email|name)|remote\\..*\\.url|mailmap\\..*)$'];

/** Reads what the analysis needs to know about a repository before streaming its history, in two git calls. */
export async function inspectRepository(dir: string, options: GitOptions = {}): Promise<RepositoryFacts> {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new GitError('not-a-repo', `${abs} does not exist or is not a folder`);
  }
  const [located, config] = await Promise.all([
    runGit(abs, LOCATE, options).catch(async error => {
      const failure = asGitError(error, abs, options);
      if (failure.code !== 'empty-repo') throw failure;
      // Named by its root, as the repository is known, rather than by the folder inside it that was given.
      throw new GitError('empty-repo', `${await runGit(abs, ['rev-parse', '--show-toplevel'], options)} has no commits yet`, failure.stderr);
    }),
    runGit(abs, SETTINGS, options).catch(error => {
      if (error instanceof GitError && error.code === 'cancelled') throw error;
      return ''; // exit 1: none of these keys is set
    }),
  ]);
  // Read from the end: the work tree's path may hold a newline, a branch name cannot. The notes' SHA, when there is
  // one, comes first: an absolute path never looks like one.
  const lines = located.split('\n');
  const reviewNotes = /^[0-9a-f]{40,64}$/.test(lines[0] ?? '') ? lines.shift()! : null;
  const [shallow, head, branch, end] = lines.slice(-4);
  const root = lines.slice(0, -4).join('\n');
  if (!root || (shallow !== 'true' && shallow !== 'false') || !head || !/^[0-9a-f]{40,64}$/.test(head) || end !== '--') {
    // A git older than 2.25 prints no work tree for a bare repository rather than failing.
    throw new GitError('failed', `${abs} is not a work tree with commits (git rev-parse answered "${located.slice(0, 120)}")`);
  }
  const values = new Map<string, string>();
  const remotes = new Map<string, string>();
  for (const { key, value } of configEntries(config)) {
    const remote = /^remote\.(.*)\.url$/i.exec(key); // the remote's name keeps its case
    if (remote) remotes.set(remote[1]!, remotes.get(remote[1]!) ?? value);
    else values.set(key.toLowerCase(), value);
  }
  return {
    root: path.resolve(root),
    head,
    branch: branch && branch !== 'HEAD' ? branch : undefined,
    shallow: shallow === 'true',
    remoteUrl: remotes.get('origin') ?? [...remotes.values()][0] ?? undefined,
    userEmail: values.get('user.email')?.trim().toLowerCase() || undefined,
    userName: values.get('user.name')?.trim() || undefined,
    mailmapConfig: mailmapSettings(config),
    reviewNotes,
  };
}

/** The work tree root containing `dir`, or undefined when it is not inside a git repository. */
export async function findRepositoryRoot(dir: string, options: GitOptions = {}): Promise<string | undefined> {
  const root = await withGit(dir, options, git => git.revparse(['--show-toplevel'])).catch((error: GitError) => {
    if (error.code === 'not-a-repo') return '';
    throw error;
  });
  return root.trim() ? path.resolve(root.trim()) : undefined;
}

export interface RecentCommit {
  sha: string;
  subject: string;
  date: string;
  /** On the current branch but not on the default branch. */
  onBranch: boolean;
}

/**
 * My latest non-merge commits (by mailmapped author email), marking those that are only on the current branch so a
 * "Log a Win" can pre-select the work in progress.
 */
export function recentCommitsBy(repo: string, emails: readonly string[], limit = 30, options: GitOptions = {}): Promise<RecentCommit[]> {
  return withGit(repo, options, async git => {
    const raw = await git.raw(['log', '--no-merges', '-n', String(limit * 10), '--format=%H%x00%aE%x00%cs%x00%s%x1e', 'HEAD', '--']);
    const mine = raw
      .split('\x1e')
      .map(r => r.replace(/^\n/, ''))
      .filter(Boolean)
      .map(r => r.split('\0'))
      .filter(([, email]) => emails.includes((email ?? '').toLowerCase()))
      .slice(0, limit);
    let branchOnly = new Set<string>();
    const base = await defaultBranch(git);
    if (base) {
      const onlyHere = await git.raw(['rev-list', '--no-merges', `${base}..HEAD`, '--']).catch(() => '');
      branchOnly = new Set(onlyHere.split('\n').filter(Boolean));
    }
    return mine.map(([sha, , date, subject]) => ({ sha: sha!, subject: subject ?? '', date: date ?? '', onBranch: branchOnly.has(sha!) }));
  });
}

async function defaultBranch(git: SimpleGit): Promise<string | undefined> {
  const current = (await git.revparse(['--abbrev-ref', 'HEAD']).catch(() => '')).trim();
  const originHead = (await git.raw(['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD']).catch(() => '')).trim();
  const candidates = [originHead, 'main', 'master', 'trunk', 'develop'].filter(Boolean);
  for (const name of candidates) {
    if (name === current) return undefined;
    const exists = await git.raw(['rev-parse', '--verify', '-q', '--end-of-options', `${name}^{commit}`]).then(
      () => true,
      () => false,
    );
    if (exists) return name;
  }
  return undefined;
}

/** A file's content at a commit (empty when it did not exist there), for the diff view. */
export async function showFileAt(repo: string, ref: string, file: string, options: GitOptions = {}): Promise<string> {
  if (!/^[0-9a-f]{7,64}(\^)?$/i.test(ref)) throw new GitError('failed', `not a commit id: ${ref}`);
  if (!file) return '';
  return withGit(repo, options, git => git.raw(['show', '--no-textconv', `${ref}:${file}`])).catch(() => '');
}

/** The files a commit changed against its first parent (or all files of a root commit). */
export async function changedFiles(repo: string, sha: string, options: GitOptions = {}): Promise<{ path: string; oldPath?: string; status: string }[]> {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) throw new GitError('failed', `not a commit id: ${sha}`);
  const raw = await withGit(repo, options, git =>
    git.raw(['diff-tree', '--no-commit-id', '-r', '-z', '-M', '--root', '--no-ext-diff', '--no-textconv', '--name-status', '-m', '--first-parent', sha]),
  );
  const tokens = raw.split('\0').filter((t, i, a) => t !== '' || i < a.length - 1);
  const out: { path: string; oldPath?: string; status: string }[] = [];
  for (let i = 0; i < tokens.length;) {
    const status = tokens[i++]!.trim();
    if (!status) continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      out.push({ status: status[0]!, oldPath: tokens[i]!, path: tokens[i + 1]! });
      i += 2;
    } else out.push({ status: status[0]!, path: tokens[i++]! });
  }
  return out;
}
