// A `git` that writes down every time it is started, then runs the real git: put first on a code-server's PATH, it
// shows which git processes the extension host started, at the process level. Each call appends one line,
// "<parent pid> <arguments>", to the log file (created on the first call; no file means git never ran). The log path
// is written into the script itself, so a git started with a scrubbed environment is recorded too.
//
//   const recorder = makeGitRecorder(dir);
//   startCodeServer({ ..., pathPrepend: [recorder.bin], env: recorder.env })  (env: E2E_GIT_LOG, the log, for the tests)
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The real git on this PATH (an absolute path), so the wrapper can run it without finding itself. */
export function realGit() {
  const r = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  if (!path.isAbsolute(found)) throw new Error('git is not on the PATH');
  return found;
}

/** @param {string} dir  a folder for the wrapper and its log (created) */
export function makeGitRecorder(dir) {
  dir = path.resolve(dir);
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'git-calls.log');
  const git = realGit();
  for (const p of [log, git]) if (/['\n]/.test(p)) throw new Error(`cannot quote ${JSON.stringify(p)} for the git wrapper`);
  mkdirSync(bin, { recursive: true });
  const script = path.join(bin, 'git');
  writeFileSync(script, `#!/bin/sh\nprintf '%s %s\\n' "$PPID" "$*" >> '${log}'\nexec '${git}' "$@"\n`);
  chmodSync(script, 0o755);
  return { bin, log, env: { E2E_GIT_LOG: log } };
}
