import { existsSync, writeFileSync, chmodSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
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
