import { mkdirSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { readHistory } from '../../src/core/git/historyReader';
import { ALEX, BOB, RepoBuilder, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

function small(dir?: string): RepoBuilder {
  const r = new RepoBuilder(dir);
  r.commit({ author: BOB, date: dayAt('2025-01-01'), subject: 'Start', files: { 'a.txt': 'a\n' } });
  r.commit({ author: ALEX, date: dayAt('2025-01-02'), subject: 'Mine', files: { 'src/b.txt': 'b\n' }, trailers: [`Reviewed-by: ${BOB}`] });
  return r;
}

describe('odd but valid repositories', () => {
  it('a detached HEAD', async () => {
    const r = small();
    r.git('checkout', '-q', '--detach', 'HEAD~1');
    const a = await analyze({ repos: [r.dir] });
    expect(a.repos[0]).toMatchObject({ branch: null, commitsScanned: 1 });
    expect(a.totals.commitsAuthored).toBe(0);
  });

  it('an orphan branch reads only its own history', async () => {
    const r = small();
    r.git('checkout', '-q', '--orphan', 'pages');
    r.git('rm', '-rfq', '.');
    r.commit({ author: ALEX, date: dayAt('2025-02-01'), subject: 'Pages', files: { 'index.html': '<p>hi</p>\n' } });
    const a = await analyze({ repos: [r.dir] });
    expect(a.repos[0]!.commitsScanned).toBe(1);
    expect(a.totals.commitsAuthored).toBe(1);
  });

  it('a submodule is a folder of the parent, and can be analysed on its own', async () => {
    const sub = small();
    const parent = small();
    parent.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/sub');
    parent.commit({ author: ALEX, date: dayAt('2025-03-01'), subject: 'Add submodule', files: {} });
    const a = await analyze({ repos: [parent.dir, path.join(parent.dir, 'vendor/sub')] });
    expect(a.repos.map(r => r.commitsScanned)).toEqual([3, 2]);
  });

  it('a linked worktree', async () => {
    const r = small();
    const wt = path.join(tempDir(), 'wt');
    r.git('worktree', 'add', '-q', '-b', 'feature', wt);
    const a = await analyze({ repos: [wt] });
    expect(a.repos[0]).toMatchObject({ path: wt, branch: 'feature', commitsScanned: 2 });
  });

  it('files named HEAD and HEAD^{commit} at the root', async () => {
    const r = small();
    r.commit({ author: ALEX, date: dayAt('2025-01-03'), subject: 'Odd names', files: { HEAD: 'x\n', 'HEAD^{commit}': 'y\n' } });
    const a = await analyze({ repos: [r.dir] });
    expect(a.repos[0]).toMatchObject({ branch: 'main', commitsScanned: 3 });
  });

  it('a folder path with spaces, quotes, a leading dash and a newline', async () => {
    const dir = path.join(tempDir(), '-we ird "repo"\nname');
    small(dir);
    const a = await analyze({ repos: [dir] });
    expect(a.repos[0]!.commitsScanned).toBe(2);
  });
});

describe('broken repositories: a clear message, the rest still analysed', () => {
  it('a corrupt object', async () => {
    const r = small();
    const objects = path.join(r.dir, '.git', 'objects');
    const blob = r.git('rev-parse', 'HEAD:src/b.txt');
    const file = path.join(objects, blob.slice(0, 2), blob.slice(2));
    chmodSync(file, 0o644);
    writeFileSync(file, 'not a zlib stream');
    const good = small();
    const a = await analyze({ repos: [r.dir, good.dir], continueOnError: true });
    expect(a.repos[0]!.error?.message).toMatch(/corrupt|inflate|bad object|unable to read/i);
    expect(a.repos[1]).toMatchObject({ commitsScanned: 2 });
    expect(a.repos[1]!.error).toBeUndefined();
  });

  it('a corrupt packfile', async () => {
    const r = small();
    r.git('gc', '-q');
    const pack = path.join(r.dir, '.git', 'objects', 'pack');
    const file = readdirSync(pack).find(f => f.endsWith('.pack'))!;
    chmodSync(path.join(pack, file), 0o644);
    writeFileSync(path.join(pack, file), 'PACK garbage');
    const a = await analyze({ repos: [r.dir, small().dir], continueOnError: true });
    expect(a.repos[0]!.error?.message).toBeTruthy();
    expect(a.repos[1]!.error).toBeUndefined();
  });

  it('an empty repository with a file named HEAD, given by a folder inside it, is named by its root', async () => {
    const r = new RepoBuilder();
    writeFileSync(path.join(r.dir, 'HEAD'), 'x\n');
    mkdirSync(path.join(r.dir, 'sub'));
    await expect(analyze({ repos: [path.join(r.dir, 'sub')] })).rejects.toMatchObject({ code: 'empty-repo', message: `${r.dir} has no commits yet` });
  });

  it('a bare repository', async () => {
    const bare = path.join(tempDir(), 'bare.git');
    small().git('clone', '-q', '--bare', small().dir, bare);
    await expect(analyze({ repos: [bare] })).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/work tree/) });
  });

  it('a repository deleted while it is being read', async () => {
    const r = new RepoBuilder();
    for (let i = 0; i < 300; i++) r.commit({ author: ALEX, date: dayAt('2025-01-01', i % 24), subject: `c${i}`, files: { [`f${i % 7}.txt`]: `${i}\n` } });
    let deleted = false;
    const read = readHistory(r.dir, () => {
      if (!deleted) {
        deleted = true;
        rmSync(r.dir, { recursive: true, force: true });
      }
    });
    // Either git had already produced everything (the read completes) or it fails with a message; never a hang.
    await read.then(
      () => undefined,
      (error: Error) => expect(error.message).toBeTruthy(),
    );
    await expect(analyze({ repos: [r.dir] })).rejects.toMatchObject({ code: 'not-a-repo' });
  });
});

describe('load', () => {
  it('a commit touching 10,000 files and a 5 MB commit message', async () => {
    const r = new RepoBuilder();
    const files: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) files[`big/dir${i % 50}/file${i}.txt`] = `${i}\n`;
    mkdirSync(path.join(r.dir, 'big'), { recursive: true });
    r.commit({
      author: ALEX,
      date: dayAt('2025-01-01'),
      subject: 'Vendor everything',
      body: 'why '.repeat((5 * 1024 * 1024) / 4),
      files,
      trailers: [`Reviewed-by: ${BOB}`],
    });
    const before = process.memoryUsage().heapUsed;
    const a = await analyze({ repos: [r.dir] });
    expect(a.totals.commitsAuthored).toBe(1);
    expect(a.ownership.find(o => o.path === 'big/dir0/')).toMatchObject({ linesChanged: 200, commits: 1 });
    expect(a.evidence.find(e => e.signal === 'collaboration.reviewedByOthers')).toBeDefined();
    // The 5 MB body is not kept whole.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('50 repositories in one run', async () => {
    const repos = Array.from({ length: 50 }, () => small().dir);
    const a = await analyze({ repos });
    expect(a.repos).toHaveLength(50);
    expect(a.totals.commitsAuthored).toBe(50);
  });

  it('a scan cancelled ten times in a row, then a complete one', async () => {
    const r = new RepoBuilder();
    for (let i = 0; i < 200; i++) r.commit({ author: ALEX, date: dayAt('2025-01-01', i % 24), subject: `c${i}` });
    for (let i = 0; i < 10; i++) {
      const controller = new AbortController();
      const scan = analyze({ repos: [r.dir], signal: controller.signal });
      setTimeout(() => controller.abort(), i * 3);
      await scan.then(
        () => undefined,
        (error: { code?: string }) => expect(error.code).toBe('cancelled'),
      );
    }
    const a = await analyze({ repos: [r.dir] });
    expect(a.totals.commitsAuthored).toBe(200);
  });
});
