import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { GitError, gitEnv, type GitOptions } from './exec';

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
}

/** The same hardening as exec.ts, for the few calls that go through simple-git. */
const SAFE_CONFIG = ['core.fsmonitor=false', 'core.pager=cat', 'core.hooksPath=/dev/null', 'diff.external=', 'credential.helper='];

function gitFor(dir: string, options: GitOptions): SimpleGit {
  return simpleGit({
    baseDir: dir,
    binary: options.gitPath ?? 'git',
    config: SAFE_CONFIG,
    maxConcurrentProcesses: 2,
    // simple-git refuses these keys because their values could name a command; ours switch them off.
    unsafe: { allowUnsafeFsMonitor: true, allowUnsafePager: true, allowUnsafeHooksPath: true, allowUnsafeDiffExternal: true, allowUnsafeCredentialHelper: true },
    ...(options.signal ? { abort: options.signal } : {}),
  }).env(gitEnv());
}

function asGitError(error: unknown, dir: string, gitPath = 'git'): GitError {
  if (error instanceof GitError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|spawn .* ENOENT|not found/i.test(message) && !/not a git repository/i.test(message)) {
    return new GitError('git-missing', `git was not found (${gitPath}); install git or set its path`);
  }
  if (/not a git repository/i.test(message)) return new GitError('not-a-repo', `${dir} is not a git repository`);
  if (/ambiguous argument 'HEAD'|unknown revision|does not have any commits/i.test(message)) {
    return new GitError('empty-repo', `${dir} has no commits yet`);
  }
  return new GitError('failed', message.split('\n').find(l => l.trim()) ?? message);
}

/** Reads what the analysis needs to know about a repository before streaming its history. */
export async function inspectRepository(dir: string, options: GitOptions = {}): Promise<RepositoryFacts> {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new GitError('not-a-repo', `${abs} does not exist or is not a folder`);
  }
  const git = gitFor(abs, options);
  let root: string;
  try {
    root = (await git.revparse(['--show-toplevel'])).trim();
  } catch (error) {
    throw asGitError(error, abs, options.gitPath);
  }
  let head: string;
  try {
    head = (await gitFor(root, options).revparse(['--verify', '-q', 'HEAD^{commit}'])).trim();
  } catch (error) {
    const failure = asGitError(error, root, options.gitPath);
    throw failure.code === 'failed' ? new GitError('empty-repo', `${root} has no commits yet`) : failure;
  }
  if (!head) throw new GitError('empty-repo', `${root} has no commits yet`);
  const rootGit = gitFor(root, options);
  const [shallow, branch, remotes, email, name] = await Promise.all([
    rootGit.revparse(['--is-shallow-repository']).then(s => s.trim() === 'true'),
    rootGit.revparse(['--abbrev-ref', 'HEAD']).then(s => (s.trim() === 'HEAD' ? undefined : s.trim())).catch(() => undefined),
    rootGit.getRemotes(true).catch(() => []),
    rootGit.getConfig('user.email').then(c => c.value ?? undefined).catch(() => undefined),
    rootGit.getConfig('user.name').then(c => c.value ?? undefined).catch(() => undefined),
  ]);
  const origin = remotes.find(r => r.name === 'origin') ?? remotes[0];
  return {
    root: path.resolve(root),
    head,
    branch,
    shallow,
    remoteUrl: origin?.refs.fetch || undefined,
    userEmail: email?.trim().toLowerCase() || undefined,
    userName: name?.trim() || undefined,
  };
}
