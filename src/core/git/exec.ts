import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

/**
 * Every git process the core starts goes through here: an argument array (never a shell), no pager, no prompts, and
 * configuration that a hostile repository could use to run a command switched off for the duration of the call.
 */
const HARDENING = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.pager=cat',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'diff.external=',
  '-c', 'core.sshCommand=false',
  '-c', 'credential.helper=',
  '-c', 'protocol.allow=never',
  '--no-pager',
];

/**
 * The environment git runs in: the user's, minus anything that could redirect git to another repository or make it
 * start a program (editors, pagers, askpass helpers, GIT_* overrides), plus our own settings.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(GIT_|EDITOR$|VISUAL$|PAGER$|LESS|SSH_ASKPASS|DISPLAY$)/.test(key)) env[key] = value;
  }
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    LC_ALL: 'C',
  };
}

export type GitErrorCode = 'git-missing' | 'not-a-repo' | 'empty-repo' | 'failed' | 'cancelled';

export class GitError extends Error {
  constructor(
    readonly code: GitErrorCode,
    message: string,
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitOptions {
  /** The git executable; tests point it at a missing path. */
  gitPath?: string;
  signal?: AbortSignal;
}

/** Turns what a failed git printed into an error a person can act on. Shared by every way the core runs git. */
export function classify(stderr: string, exitCode: number | null, cwd: string): GitError {
  const firstLine = stderr.trim().split('\n').find(l => l.trim()) ?? `git exited with ${exitCode}`;
  if (/not a git repository/i.test(stderr)) return new GitError('not-a-repo', `${cwd} is not a git repository`, stderr);
  if (/does not have any commits yet|bad (default )?revision 'HEAD'|ambiguous argument 'HEAD'|unknown revision or path.*HEAD/i.test(stderr)) {
    return new GitError('empty-repo', `${cwd} has no commits yet`, stderr);
  }
  return new GitError('failed', firstLine.replace(/^fatal:\s*/, ''), stderr);
}

/**
 * Runs git and hands stdout to `onText` as it arrives, decoded as UTF-8 without splitting characters.
 * Nothing is buffered here beyond one chunk; stderr is kept (bounded) for the error message.
 */
export function streamGit(
  cwd: string,
  args: readonly string[],
  onText: (text: string) => void,
  options: GitOptions = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new GitError('cancelled', 'cancelled'));
      return;
    }
    const child = spawn(options.gitPath ?? 'git', [...HARDENING, ...args], {
      cwd,
      env: gitEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const decoder = new StringDecoder('utf8');
    let stderr = '';
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => {
      child.kill('SIGTERM');
      finish(new GitError('cancelled', 'cancelled'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (settled) return;
      try {
        onText(decoder.write(chunk));
      } catch (error) {
        child.kill('SIGTERM');
        finish(error as Error);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        // ENOENT is ambiguous: the executable or the working directory may be missing.
        finish(new GitError('git-missing', `git was not found (${options.gitPath ?? 'git'}); install git or set its path`));
      } else finish(error);
    });
    child.on('close', code => {
      if (settled) return;
      const rest = decoder.end();
      try {
        if (rest) onText(rest);
      } catch (error) {
        finish(error as Error);
        return;
      }
      if (code === 0) finish();
      else finish(classify(stderr, code, cwd));
    });
  });
}

/** Runs git for a small answer (a SHA, a config value) and returns its trimmed stdout. */
export async function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  let out = '';
  await streamGit(cwd, args, text => (out += text), options);
  return out.trimEnd();
}

/** Like runGit, but feeds `input` on stdin (for `check-mailmap --stdin`). */
export function runGitWithInput(cwd: string, args: readonly string[], input: string, options: GitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.gitPath ?? 'git', [...HARDENING, ...args], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new GitError('git-missing', 'git was not found; install git or set its path') : error),
    );
    child.on('close', code => (code === 0 ? resolve(out) : reject(classify(err, code, cwd))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** The oldest git whose `%(trailers:only,unfold)` and `rev-parse --is-shallow-repository` we rely on. */
export const MINIMUM_GIT = [2, 22] as const;
const checkedGits = new Map<string, Promise<string>>();

/**
 * Confirms git is there and new enough, once per executable; resolves with its version. A git that is too old gets
 * a message saying which version is needed, rather than a confusing failure later.
 */
export function checkGitVersion(options: GitOptions = {}): Promise<string> {
  const gitPath = options.gitPath ?? 'git';
  let check = checkedGits.get(gitPath);
  if (!check) {
    check = runGit(process.cwd(), ['--version'], { gitPath }).then(out => {
      const match = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(out);
      if (!match) throw new GitError('git-missing', `${gitPath} does not look like git (it printed "${out.slice(0, 60)}")`);
      const [major, minor] = [Number(match[1]), Number(match[2])];
      if (major < MINIMUM_GIT[0] || (major === MINIMUM_GIT[0] && minor < MINIMUM_GIT[1])) {
        throw new GitError('git-missing', `git ${match[0].slice(12)} is too old: Growth Ledger needs git ${MINIMUM_GIT.join('.')} or later`);
      }
      return match[0].slice(12);
    });
    check.catch(() => checkedGits.delete(gitPath));
    checkedGits.set(gitPath, check);
  }
  return check;
}
