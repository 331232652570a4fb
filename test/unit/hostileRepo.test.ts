import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { HARDENING_CONFIG } from '../../src/core/git/exec';
import { readHistory } from '../../src/core/git/historyReader';
import { resolveMailmap } from '../../src/core/git/identity';
import { changedFiles, findRepositoryRoot, inspectRepository, recentCommitsBy, showFileAt } from '../../src/core/git/repository';
import { ALEX, BOB, RepoBuilder, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

describe('a repository whose configuration tries to run commands', () => {
  it('analyses it without running any of them', async () => {
    const r = new RepoBuilder();
    r.commit({ author: BOB, date: dayAt('2025-01-01'), subject: 'Start', files: { 'a.txt': 'a\n', 'b.bin': Buffer.from([0, 1, 2]) } });
    r.commit({ author: ALEX, date: dayAt('2025-01-02'), subject: 'Change', files: { 'a.txt': 'a\nb\n' }, trailers: [`Reviewed-by: ${BOB}`] });
    const marker = path.join(tempDir(), 'pwned');
    const evil = path.join(tempDir(), 'evil.sh');
    writeFileSync(evil, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat >/dev/null 2>&1\nexit 0\n`);
    chmodSync(evil, 0o755);
    const traps: [string, string][] = [
      ['core.fsmonitor', evil],
      ['core.pager', evil],
      ['pager.log', evil],
      ['diff.external', evil],
      ['core.hooksPath', path.dirname(evil)],
      ['diff.bin.textconv', evil],
      ['alias.log', `!${evil}`],
      ['core.sshCommand', evil],
      ['credential.helper', `!${evil}`],
      ['core.editor', evil],
      ['gpg.program', evil],
      ['log.showSignature', 'true'],
    ];
    for (const [key, value] of traps) r.git('config', key, value);
    writeFileSync(path.join(r.dir, '.gitattributes'), '*.bin diff=bin\n');
    for (const hook of ['post-checkout', 'pre-commit', 'post-index-change']) {
      writeFileSync(path.join(path.dirname(evil), hook), `#!/bin/sh\necho hook >> '${marker}'\n`);
      chmodSync(path.join(path.dirname(evil), hook), 0o755);
    }
    const a = await analyze({ repos: [r.dir] });
    expect(a.totals.commitsAuthored).toBe(1);
    expect(a.repos[0]!.commitsScanned).toBe(2);
    expect(existsSync(marker)).toBe(false);
    // Control: the trap is armed. Plain `git status` in the same repository runs the fsmonitor command.
    r.git('status');
    expect(existsSync(marker)).toBe(true);
  });

  it('treats file names and subjects that look like options as plain text', async () => {
    const r = new RepoBuilder();
    r.commit({ author: ALEX, date: dayAt('2025-01-01'), subject: '--output=/tmp/x', files: { '--help': 'x\n', '-rf dir/--version.txt': 'y\n' } });
    const a = await analyze({ repos: [r.dir] });
    expect(a.totals.commitsAuthored).toBe(1);
    expect(a.ownership.map(o => o.path).sort()).toEqual(['-rf dir/', './']);
  });
});

describe('git itself', () => {
  it('refuses a git older than the minimum with a message that says which version is needed', async () => {
    const fake = path.join(tempDir(), 'old-git');
    writeFileSync(fake, '#!/bin/sh\necho "git version 2.17.1"\n');
    chmodSync(fake, 0o755);
    const r = new RepoBuilder();
    r.commit({ author: ALEX, date: dayAt('2025-01-01'), subject: 'x' });
    await expect(analyze({ repos: [r.dir], gitPath: fake })).rejects.toThrow('git 2.17.1 is too old: Growth Ledger needs git 2.22 or later');
  });

  it('treats identities that look like options as addresses, not arguments', async () => {
    const r = new RepoBuilder();
    r.commit({ author: ALEX, date: dayAt('2025-01-01'), subject: 'x' });
    const marker = path.join(tempDir(), 'out');
    const a = await analyze({ repos: [r.dir], identities: [`--output=${marker}`, '-c core.pager=sh', '--stdin'] });
    expect(a.totals.commitsAuthored).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });
});

/** A git that records each call (its arguments, and whether GIT_ALLOW_PROTOCOL is set and to what) in `log`. */
function recordingGit(log: string): string {
  mkdirSync(log);
  const wrapper = path.join(tempDir(), 'git');
  writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\0' "\${GIT_ALLOW_PROTOCOL-unset}" "$@" > "$(mktemp '${log}/call.XXXXXX')"\nexec git "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

/** Each recorded call: the environment's allowed transports and the `-c` settings given before the git command. */
function recordedCalls(log: string): { allowedTransports: string; settings: string[] }[] {
  return readdirSync(log).map(file => {
    const [allowedTransports, ...args] = readFileSync(path.join(log, file), 'utf8').split('\0').slice(0, -1);
    const settings: string[] = [];
    for (let i = 0; args[i] === '-c' || args[i] === '--no-pager'; i += args[i] === '-c' ? 2 : 1) if (args[i] === '-c') settings.push(args[i + 1]!);
    return { allowedTransports: allowedTransports!, settings };
  });
}

describe('both ways of running git (spawned, and through simple-git)', () => {
  it('get the same hardening, which outranks what the repository configures', async () => {
    const r = new RepoBuilder();
    r.commit({ author: BOB, date: dayAt('2025-01-01'), subject: 'Start', files: { 'a.txt': 'a\n' } });
    r.commit({ author: ALEX, date: dayAt('2025-01-02'), subject: 'Change', files: { 'a.txt': 'a\nb\n' }, trailers: [`Reviewed-by: ${BOB}`] });
    const evil = path.join(tempDir(), 'evil.sh');
    for (const [key, value] of [
      ['core.sshCommand', evil],
      ['protocol.allow', 'always'],
      ['credential.helper', `!${evil}`],
    ])
      r.git('config', key!, value!);
    const head = r.git('rev-parse', 'HEAD');

    const spawnedLog = path.join(tempDir(), 'spawned');
    const spawned = { gitPath: recordingGit(spawnedLog) };
    await inspectRepository(r.dir, spawned);
    await readHistory(r.dir, () => undefined, spawned);
    await resolveMailmap(r.dir, [{ name: 'Bob', email: 'bob@example.com' }], spawned);

    const simpleGitLog = path.join(tempDir(), 'simple-git');
    const throughSimpleGit = { gitPath: recordingGit(simpleGitLog) };
    await findRepositoryRoot(r.dir, throughSimpleGit);
    expect(await showFileAt(r.dir, head, 'a.txt', throughSimpleGit)).toBe('a\nb\n');
    await changedFiles(r.dir, head, throughSimpleGit);
    await recentCommitsBy(r.dir, ['alex@example.com'], 5, throughSimpleGit);

    const calls = { spawned: recordedCalls(spawnedLog), simpleGit: recordedCalls(simpleGitLog) };
    expect(calls.spawned.length).toBeGreaterThanOrEqual(4);
    expect(calls.simpleGit.length).toBeGreaterThanOrEqual(4);
    for (const call of [...calls.spawned, ...calls.simpleGit]) {
      expect(call.settings).toEqual(expect.arrayContaining([...HARDENING_CONFIG]));
      expect(call.allowedTransports).toBe('');
      // What git makes of the call's settings in this repository, whose own configuration says otherwise.
      const inForce = (key: string) => r.git(...call.settings.flatMap(setting => ['-c', setting]), 'config', '--get', key);
      expect([inForce('core.sshCommand'), inForce('protocol.allow'), inForce('credential.helper')]).toEqual(['false', 'never', '']);
    }
  });

  it('fail with the same classified errors', async () => {
    const notRepo = tempDir();
    const empty = new RepoBuilder();
    const missingGit = { gitPath: path.join(tempDir(), 'no-such-git') };
    const sha = '0123456789abcdef0123456789abcdef01234567';
    await expect(readHistory(notRepo, () => undefined)).rejects.toMatchObject({ code: 'not-a-repo', message: `${notRepo} is not a git repository` });
    await expect(changedFiles(notRepo, sha)).rejects.toMatchObject({ code: 'not-a-repo', message: `${notRepo} is not a git repository` });
    await expect(readHistory(empty.dir, () => undefined)).rejects.toMatchObject({ code: 'empty-repo', message: `${empty.dir} has no commits yet` });
    await expect(recentCommitsBy(empty.dir, ['alex@example.com'])).rejects.toMatchObject({ code: 'empty-repo', message: `${empty.dir} has no commits yet` });
    await expect(inspectRepository(empty.dir, missingGit)).rejects.toMatchObject({ code: 'git-missing' });
    await expect(findRepositoryRoot(empty.dir, missingGit)).rejects.toMatchObject({ code: 'git-missing' });
  });

  it('fetch nothing for a partial clone, even when its configuration allows every transport', async () => {
    const source = new RepoBuilder();
    source.commit({ author: ALEX, date: dayAt('2025-01-01'), subject: 'Start', files: { 'a.txt': 'a\n' } });
    source.git('config', 'uploadpack.allowFilter', 'true');
    const dir = path.join(tempDir(), 'partial');
    source.git('clone', '-q', '--filter=blob:none', '--no-checkout', `file://${source.dir}`, dir);
    const r = new RepoBuilder(dir);
    for (const [key, value] of [
      ['protocol.allow', 'always'],
      ['protocol.file.allow', 'always'],
    ])
      r.git('config', key!, value!);
    const blob = r.git('rev-parse', 'HEAD:a.txt');
    const missing = () => r.git('rev-list', '--objects', '--missing=print', 'HEAD').split('\n').includes(`?${blob}`);
    expect(missing()).toBe(true);

    await expect(readHistory(dir, () => undefined)).rejects.toThrow(/not allowed|could not fetch/);
    expect(await showFileAt(dir, r.git('rev-parse', 'HEAD'), 'a.txt')).toBe('');
    expect(missing()).toBe(true);
    // Control: plain git in the same clone fetches the missing file.
    expect(r.git('show', 'HEAD:a.txt')).toBe('a');
    expect(missing()).toBe(false);
  });
});
