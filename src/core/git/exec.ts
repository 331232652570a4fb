import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

/**
 * Configuration that a hostile repository could use to make git run a command or reach the network, switched off
 * for the duration of every git call the core makes, whichever way it starts git: spawned here (with an argument
 * array, never a shell, and no prompts) or through simple-git (repository.ts). `-c` outranks every configuration file.
 */
export const HARDENING_CONFIG: readonly string[] = [
  'core.fsmonitor=false',
  'core.pager=cat',
  'core.hooksPath=/dev/null',
  'diff.external=',
  'core.sshCommand=false',
  'credential.helper=',
  'protocol.allow=never',
];

/** HARDENING_CONFIG as git's leading arguments; simple-git gets no `--no-pager`, but the same core.pager and GIT_PAGER. */
const HARDENING_ARGS = [...HARDENING_CONFIG.flatMap(setting => ['-c', setting]), '--no-pager'];

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
    // Into a pipe, git log and rev-list otherwise write (flush) each commit on its own: on a long history that is
    // hundreds of thousands of small writes, and as many reads here. Every call writes its input in full first, so
    // nothing waits on an answer that sits in git's buffer.
    GIT_FLUSH: '0',
    // A repository's own protocol.<name>.allow outranks protocol.allow=never; an empty list of allowed transports
    // outranks every setting, so a partial clone cannot fetch a missing object from anywhere.
    GIT_ALLOW_PROTOCOL: '',
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
  const firstLine =
    stderr
      .trim()
      .split('\n')
      .find(l => l.trim()) ?? `git exited with ${exitCode}`;
  if (/not a git repository/i.test(stderr)) return new GitError('not-a-repo', `${cwd} is not a git repository`, stderr);
  if (/does not have any commits yet|bad (default )?revision 'HEAD(\^\{commit\})?'|ambiguous argument 'HEAD'|unknown revision or path.*HEAD/i.test(stderr)) {
    return new GitError('empty-repo', `${cwd} has no commits yet`, stderr);
  }
  return new GitError('failed', firstLine.replace(/^fatal:\s*/, ''), stderr);
}

/**
 * Any failure of a git call as a GitError, whether git could not be started, the call was cancelled, or git itself
 * failed (then classify reads what it printed). simple-git's errors carry git's stderr as their message.
 */
export function asGitError(error: unknown, cwd: string, options: GitOptions = {}): GitError {
  if (error instanceof GitError) return error;
  // simple-git reports an abort as its own error; whatever it says, the call was cancelled.
  if (options.signal?.aborted) return new GitError('cancelled', 'cancelled');
  const message = error instanceof Error ? error.message : String(error);
  // ENOENT is ambiguous: the executable or the working directory may be missing; callers check the directory first.
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || /^(Error: )?spawn .* ENOENT/.test(message)) {
    return new GitError('git-missing', `git was not found (${options.gitPath ?? 'git'}); install git or set its path`);
  }
  return classify(message, null, cwd);
}

/**
 * Runs git and hands stdout to `onText` as it arrives, decoded as UTF-8 without splitting characters; `input`, when
 * given, is fed on stdin (for `--stdin`). Nothing is buffered here beyond one chunk; stderr is kept (bounded) for the
 * error message.
 */
export function streamGit(cwd: string, args: readonly string[], onText: (text: string) => void, options: GitOptions = {}, input?: string): Promise<void> {
  return spawnGit(cwd, args, onText, options, input);
}

/** Runs git for a small answer (a SHA, a config value) and returns its trimmed stdout. */
export async function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  let out = '';
  await spawnGit(cwd, args, text => (out += text), options);
  return out.trimEnd();
}

/** Like runGit, but feeds `input` on stdin (for `check-mailmap --stdin`) and returns stdout as it is. */
export async function runGitWithInput(cwd: string, args: readonly string[], input: string, options: GitOptions = {}): Promise<string> {
  let out = '';
  await spawnGit(cwd, args, text => (out += text), options, input);
  return out;
}

/** The one place a git process is started from an argument array: hardened, cancellable, failures classified. */
function spawnGit(cwd: string, args: readonly string[], onText: (text: string) => void, options: GitOptions, input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new GitError('cancelled', 'cancelled'));
      return;
    }
    const child = spawn(options.gitPath ?? 'git', [...HARDENING_ARGS, ...args], {
      cwd,
      env: gitEnv(),
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    // Both are pipes (stdio above); the type of a child with a variable stdin cannot say so.
    const [stdout, errors] = [child.stdout!, child.stderr!];
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
    stdout.on('data', (chunk: Buffer) => {
      if (settled) return;
      try {
        onText(decoder.write(chunk));
      } catch (error) {
        child.kill('SIGTERM');
        finish(error as Error);
      }
    });
    errors.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    child.on('error', error => finish(asGitError(error, cwd, options)));
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
    if (child.stdin) {
      // git may exit before reading all of its input (it failed); its exit code says why, not the broken pipe.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
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
