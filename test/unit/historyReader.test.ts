import { afterAll, describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../src/core/model';
import { HistoryParser, readHistory } from '../../src/core/git/historyReader';
import { ALEX, BOB, CARA, RepoBuilder, cleanupTemps, dayAt } from './helpers/repoBuilder';

afterAll(cleanupTemps);

async function read(dir: string, lineCounts = true): Promise<CommitRecord[]> {
  const out: CommitRecord[] = [];
  await readHistory(dir, c => out.push(c), { lineCounts });
  return out;
}

describe('history reader (real git)', () => {
  it('reads authors, dates, parents, numstat, renames, binary files and merges', async () => {
    const r = new RepoBuilder();
    r.commit({ author: ALEX, date: '2025-01-01T09:30:00+05:30', subject: 'Root', files: { 'a/one.txt': '1\n2\n3\n' } });
    r.commit({ author: BOB, date: dayAt('2025-01-02'), subject: 'Binary', files: { 'img/x.bin': Buffer.from([0, 1, 2, 0, 255]) } });
    r.rename('a/one.txt', 'b/one.txt', { author: ALEX, date: dayAt('2025-01-03'), subject: 'Move' });
    r.branch('side');
    r.commit({ author: CARA, date: dayAt('2025-01-04'), subject: 'Side work', files: { 'c.txt': 'c\n' } });
    r.checkout('main');
    r.commit({ author: ALEX, date: dayAt('2025-01-05'), subject: 'Main work', files: { 'd.txt': 'd\n' } });
    r.merge('side', { author: ALEX, date: dayAt('2025-01-06'), message: 'Merge branch side' });

    const commits = await read(r.dir);
    expect(commits.map(c => c.subject)).toEqual(['Merge branch side', 'Main work', 'Side work', 'Move', 'Binary', 'Root']);
    const [merge, , , move, binary, root] = commits;
    expect(merge!.parents).toHaveLength(2);
    expect(merge!.files).toEqual([]);
    expect(root!.parents).toEqual([]);
    expect(root!.authorDate).toBe('2025-01-01T09:30:00+05:30');
    expect(root!.files).toEqual([{ path: 'a/one.txt', added: 3, deleted: 0 }]);
    expect(binary!.files).toEqual([{ path: 'img/x.bin', added: null, deleted: null }]);
    expect(move!.files).toEqual([{ path: 'b/one.txt', oldPath: 'a/one.txt', added: 0, deleted: 0 }]);
    expect(root!.author).toEqual({ name: 'Alex Rivera', email: 'alex@example.com' });
    expect(commits.every(c => /^[0-9a-f]{40}$/.test(c.sha))).toBe(true);

    const cheap = await read(r.dir, false);
    expect(cheap.map(c => c.files.map(f => f.path))).toEqual(commits.map(c => c.files.map(f => f.path)));
    expect(cheap[3]!.files[0]!.oldPath).toBe('a/one.txt');
  });

  it('reads trailers with git and tolerates spaces, case and misspellings', async () => {
    const r = new RepoBuilder();
    r.commit({
      author: CARA,
      date: dayAt('2025-02-01'),
      subject: 'Add search',
      body: 'Explains things.',
      trailers: [
        `Reviewed-By: ${ALEX}`,
        `Mentored by: ${ALEX}`,
        `CO-AUTHORED_BY: ${BOB}`,
        `Reviwed-by: ${BOB}`,
        'Reviewed-on: https://review.example.org/c/123',
      ],
    });
    const [c] = await read(r.dir);
    expect(c!.body).toContain('Explains things.');
    expect(c!.trailers.map(t => [t.key, t.person?.email ?? t.value])).toEqual([
      ['Reviewed-by', 'alex@example.com'],
      ['Mentored-by', 'alex@example.com'],
      ['Co-authored-by', 'bob@example.com'],
      ['Reviewed-by', 'bob@example.com'],
      ['Reviewed-on', 'https://review.example.org/c/123'],
    ]);
  });

  it('is not confused by hostile commit text or odd file names', async () => {
    const r = new RepoBuilder();
    const evil = 'Evil \x1e\x1f <script>alert(1)</script>';
    r.commit({
      author: ALEX,
      date: dayAt('2025-03-01'),
      subject: evil,
      body: '\x1eabc\n0\t0\tfake.txt\n\nReviewed-by: Bob <bob@example.com>',
      files: { 'sp ace/new\nline.txt': 'x\n', '-dash.txt': 'y\n', 'ünï/çødé.txt': 'z\n' },
    });
    r.commit({ author: BOB, date: '1970-01-02T00:00:00+14:00', subject: 'Old clock', files: { 'o.txt': 'o\n' } });
    const commits = await read(r.dir);
    expect(commits).toHaveLength(2);
    const hostile = commits.find(c => c.subject.startsWith('Evil'))!;
    expect(hostile.subject).toBe(evil);
    expect(hostile.files.map(f => f.path).sort()).toEqual(['-dash.txt', 'sp ace/new\nline.txt', 'ünï/çødé.txt']);
    expect(hostile.trailers.map(t => t.person?.email)).toEqual(['bob@example.com']);
    expect(commits.find(c => c.subject === 'Old clock')!.committerDate).toBe('1970-01-02T00:00:00+14:00');
  });

  it('parses the same stream identically whatever the chunk boundaries', async () => {
    const r = new RepoBuilder();
    for (let i = 0; i < 5; i++)
      r.commit({ author: i % 2 ? ALEX : BOB, date: dayAt(`2025-04-0${i + 1}`), subject: `Change ${i} ✓ é`, trailers: [`Acked-by: ${ALEX}`] });
    const whole = await read(r.dir);
    const { execFileSync } = await import('node:child_process');
    const { historyArgs } = await import('../../src/core/git/historyReader');
    const raw = execFileSync('git', historyArgs(), { cwd: r.dir, encoding: 'utf8' });
    for (const size of [1, 3, 7, 64]) {
      const out: CommitRecord[] = [];
      const parser = new HistoryParser(c => out.push(c));
      for (let i = 0; i < raw.length; i += size) parser.write(raw.slice(i, i + size));
      parser.end();
      expect(out).toEqual(whole);
    }
  });

  it('reports a missing repository, an empty one and a missing git clearly', async () => {
    const { tempDir } = await import('./helpers/repoBuilder');
    const notRepo = tempDir();
    await expect(read(notRepo)).rejects.toMatchObject({ code: 'not-a-repo' });
    const empty = new RepoBuilder();
    await expect(read(empty.dir)).rejects.toMatchObject({ code: 'empty-repo' });
    await expect(readHistory(empty.dir, () => undefined, { gitPath: '/nonexistent/git' })).rejects.toMatchObject({ code: 'git-missing' });
  });
});
