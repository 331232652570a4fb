import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { createAnalysisMemory } from '../../src/core/repoAnalysis';
import { cacheFileFor, loadHistory } from '../../src/core/git/historyCache';
import { readHistory } from '../../src/core/git/historyReader';
import { inspectRepository } from '../../src/core/git/repository';
import { lineCountedPart, planSlices, readInSlices } from '../../src/core/git/slicedRead';
import type { CommitRecord } from '../../src/core/model';
import { bundle } from './helpers/processes';
// @ts-expect-error: a plain ES module without types
import { generateHistory } from '../../bench/generateHistory.mjs';
import { ALEX, BOB, CARA, DEV, RepoBuilder, appendCommits, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

async function oneReader(dir: string): Promise<CommitRecord[]> {
  const out: CommitRecord[] = [];
  await readHistory(dir, c => out.push(c));
  return out;
}

/** Reads with `readers` git processes into one list per slice. */
async function sliced(dir: string, readers: number, minSlice: number, signal?: AbortSignal) {
  const target = () => {
    const commits: CommitRecord[] = [];
    return { commits, add: (c: CommitRecord) => commits.push(c) };
  };
  return readInSlices(dir, ['HEAD'], target(), target, { readers, minSlice, ...(signal ? { signal } : {}) });
}

/** A history whose walk is not in date order: merged branches, a commit dated before its parent, renames. */
function tangledHistory(): RepoBuilder {
  const r = new RepoBuilder();
  for (let i = 0; i < 12; i++) r.commit({ author: ALEX, date: dayAt('2025-01-01', i), subject: `base ${i}` });
  for (let b = 0; b < 4; b++) {
    r.branch(`topic-${b}`, 'main');
    for (let i = 0; i < 6; i++) r.commit({ author: b % 2 ? BOB : CARA, date: dayAt(`2025-0${2 + b}-01`, i), subject: `topic ${b}.${i}` });
    r.checkout('main');
    // A clock that ran behind: committed "before" the commits under it.
    r.commit({ author: ALEX, date: dayAt('2024-06-01', b), subject: `skewed ${b}` });
    r.merge(`topic-${b}`, { author: ALEX, date: dayAt(`2025-0${2 + b}-20`), message: `Merge topic ${b}` });
  }
  r.rename('notes/1.txt', 'docs/moved.txt', { author: BOB, date: dayAt('2025-07-01'), subject: 'Move the first note' });
  for (let i = 0; i < 10; i++) r.commit({ author: CARA, date: dayAt('2025-08-01', i), subject: `tail ${i}`, trailers: [`Reviewed-by: ${ALEX}`] });
  // Enough newer commits on top that the walk is split before the first reader is through it.
  appendCommits(r.dir, 3000);
  return r;
}

describe('reading one history with several git processes', () => {
  let big: string;
  beforeAll(async () => {
    big = path.join(tempDir(), 'big');
    await generateHistory(big, { commits: 3000, authors: 60 });
  }, 60_000);

  it('gives exactly the commits one git log gives, in its order, whatever the number of readers', async () => {
    for (const dir of [tangledHistory().dir, big]) {
      const expected = await oneReader(dir);
      for (const readers of [2, 3, 5]) {
        const { targets, total } = await sliced(dir, readers, 10);
        expect(total).toBe(expected.length);
        expect(targets.length).toBeGreaterThan(1);
        expect(targets.flatMap(t => t.commits)).toEqual(expected);
      }
    }
  });

  it('builds the same history, cache file included, as one reader does', async () => {
    const facts = await inspectRepository(big);
    const [one, many] = await Promise.all([tempDir(), tempDir()]);
    const single = await loadHistory(facts, { cacheDir: one, readers: 1 });
    const parallel = await loadHistory(facts, { cacheDir: many, readers: 3, minSlice: 500 });
    const shape = (h: typeof single.history) =>
      Array.from({ length: h.count }, (_, i) => ({
        sha: h.sha(i),
        parents: Array.from({ length: h.parentCount(i) }, (_, n) => (h.parent(i, n) < 0 ? null : h.sha(h.parent(i, n)))),
        author: h.people[h.columns.author[i]!],
        trailers: Array.from(h.columns.trailerPerson.subarray(h.columns.trailerStart[i], h.columns.trailerStart[i + 1])).map(p => h.people[p]),
        areas: Array.from({ length: h.columns.areaStart[i + 1]! - h.columns.areaStart[i]! }, (_, k) => {
          const j = h.columns.areaStart[i]! + k;
          return [h.areas[h.columns.areaId[j]!], h.columns.areaLines[j]];
        }),
      }));
    expect(shape(parallel.history)).toEqual(shape(single.history));
    expect(parallel.history.all()).toEqual(single.history.all());
    // Read back from the file each wrote: the same again.
    const reread = await loadHistory(facts, { cacheDir: many, readers: 3, minSlice: 500 });
    expect(reread.source).toBe('cache');
    expect(shape(reread.history)).toEqual(shape(single.history));
    expect(reread.history.all()).toEqual(single.history.all());
  });

  it('gives the same analysis with one, two or three readers', async () => {
    const dir = path.join(tempDir(), 'twelve');
    // Above two minimum slices, so that two and three readers do split it.
    await generateHistory(dir, { commits: 12_000, authors: 200 });
    const now = new Date();
    const run = (readers: number) => analyze({ repos: [dir], readers, now, cacheDir: tempDir() });
    const plain = (a: object) => JSON.stringify({ ...a, generatedAt: '' });
    const one = plain(await run(1));
    expect(plain(await run(2))).toBe(one);
    expect(plain(await run(3))).toBe(one);
  }, 60_000);

  it('a cancel at any moment stops every reader and leaves no cache file', async () => {
    const cache = tempDir();
    const facts = await inspectRepository(big);
    for (const at of [1, 400, 900, 1600, 2400, 2990]) {
      const controller = new AbortController();
      const gits = gitsUnder(big);
      await expect(
        loadHistory(facts, { cacheDir: cache, readers: 3, minSlice: 500, signal: controller.signal, onCommit: n => n >= at && controller.abort() }),
      ).rejects.toMatchObject({ code: 'cancelled' });
      expect(existsSync(cacheFileFor(cache, facts.root))).toBe(false);
      expect(readdirSync(cache)).toEqual([]);
      await expect.poll(gits, { timeout: 5000 }).toEqual([]);
    }
    const whole = await loadHistory(facts, { cacheDir: cache, readers: 3, minSlice: 500 });
    expect(whole.history.all()).toEqual(await oneReader(big));
  });

  it("one reader's failure stops the others and is the error reported, and nothing is cached", async () => {
    // git itself, except that the process given a later slice fails as git does on a damaged repository.
    const wrapper = path.join(tempDir(), 'git');
    const git = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(wrapper, `#!/bin/sh\ncase "$*" in *--stdin*) echo "fatal: unable to read tree 0123abcd" >&2; exit 128;; esac\nexec ${git} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const cache = tempDir();
    const facts = await inspectRepository(big);
    await expect(loadHistory(facts, { cacheDir: cache, readers: 2, minSlice: 500, gitPath: wrapper })).rejects.toMatchObject({
      code: 'failed',
      message: 'unable to read tree 0123abcd',
    });
    expect(readdirSync(cache)).toEqual([]);
    await expect.poll(gitsUnder(big), { timeout: 5000 }).toEqual([]);
  });

  it('two processes reading the same history at once, each with several readers, leave one valid file', async () => {
    const script = loadScript();
    const cache = tempDir();
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [script, big, cache], { stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        child.stdout.on('data', b => (out += b));
        child.on('close', code => (code === 0 ? resolve(out.trim()) : reject(new Error(`exited ${code}`))));
      });
    const results = (await Promise.all([run(), run()])).map(o => JSON.parse(o));
    const expected = await oneReader(big);
    for (const r of results) expect(r).toMatchObject({ source: 'full', count: expected.length, last: expected[expected.length - 1]!.sha });
    expect(readdirSync(cache)).toEqual([path.basename(cacheFileFor(cache, (await inspectRepository(big)).root))]);
    const after = await loadHistory(await inspectRepository(big), { cacheDir: cache });
    expect(after.source).toBe('cache');
    expect(after.history.all()).toEqual(expected);
  });

  it('a process killed while its readers run leaves the cache as it was', async () => {
    const script = loadScript();
    const cache = tempDir();
    const facts = await inspectRepository(big);
    for (let round = 0; round < 3; round++) {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [script, big, cache], { stdio: ['ignore', 'ignore', 'pipe'] });
        child.stderr.on('data', (b: Buffer) => {
          if (b.toString().includes('reading')) child.kill('SIGKILL');
        });
        child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error('the process was not killed while reading'))));
      });
      // What is left is at most an abandoned temporary file: never a cache file a reader would trust.
      expect(existsSync(cacheFileFor(cache, facts.root))).toBe(false);
    }
    // Each process cleared what the one killed before it left: one abandoned file, not three.
    expect(readdirSync(cache).filter(f => f.endsWith('.tmp'))).toHaveLength(1);
    const whole = await loadHistory(facts, { cacheDir: cache, readers: 3, minSlice: 500 });
    expect(whole.source).toBe('full');
    expect(whole.history.all()).toEqual(await oneReader(big));
    expect((await loadHistory(facts, { cacheDir: cache })).source).toBe('cache');
    // The next writer cleared what the killed ones left behind.
    expect(readdirSync(cache)).toEqual([path.basename(cacheFileFor(cache, facts.root))]);
  });
});

/** A process that reads a history with three readers: it says "reading" a thousand commits in, then what it read. */
function loadScript(): string {
  const script = path.join(tempDir(), 'load.cjs');
  bundle(
    script,
    `
const { inspectRepository } = require('./src/core/git/repository');
const { loadHistory } = require('./src/core/git/historyCache');
(async () => {
  const [repo, cacheDir] = process.argv.slice(2);
  const options = { cacheDir, readers: 3, minSlice: 500, onCommit: n => n === 1000 && console.error('reading') };
  const load = await loadHistory(await inspectRepository(repo), options);
  console.log(JSON.stringify({ source: load.source, count: load.history.count, last: load.history.record(load.history.count - 1).sha }));
})();`,
  );
  return script;
}

/** The pids of git processes whose working folder is `dir` (Linux /proc). */
function gitsUnder(dir: string): () => string[] {
  const at = realpathSync(dir);
  return () =>
    readdirSync('/proc').filter(pid => {
      try {
        return /^\d+$/.test(pid) && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'git' && readlinkSync(`/proc/${pid}/cwd`) === at;
      } catch {
        return false; // gone meanwhile, or not ours to look at
      }
    });
}

describe('line counts for the period only', () => {
  it('shares the walk out so each stretch is read once, the line-counted part first, at about equal cost per reader', () => {
    for (const [total, firstRead, linesUpTo, readers] of [
      [100_000, 5000, 40_000, 2],
      [100_000, 5000, 40_000, 4],
      [100_000, 5000, 100_000, 2],
      [100_000, 30_000, 10_000, 3],
      [20_000, 5000, 0, 2],
      [12_000, 11_000, 12_000, 2],
      [100_000, 31_000, 38_000, 2],
    ] as const) {
      const { limit, later, afterFirst } = planSlices(total, firstRead, linesUpTo, readers);
      // The first reader reads with line counts, so never past where they are needed.
      expect(limit).toBeGreaterThanOrEqual(firstRead);
      expect(limit).toBeLessThanOrEqual(Math.max(firstRead, linesUpTo));
      const stretches = [...later.flat(), ...afterFirst].sort((a, b) => a.start - b.start);
      let at = limit;
      for (const s of stretches) {
        expect(s.start).toBe(at);
        expect(s.count).toBeGreaterThan(0);
        // With line counts exactly where the period's commits may be.
        expect(s.lineCounts).toBe(s.start < linesUpTo);
        if (s.lineCounts) expect(s.start + s.count).toBeLessThanOrEqual(linesUpTo);
        at = s.start + s.count;
      }
      expect(at).toBe(total);
      expect(later.length).toBeLessThanOrEqual(readers - 1);
      // Every reader, the first with what it reads after its own part, has about as much to do (a line-counted
      // commit costing two).
      const cost = (run: readonly { count: number; lineCounts: boolean }[]) => run.reduce((n, s) => n + s.count * (s.lineCounts ? 2 : 1), 0);
      const work = [2 * (limit - firstRead) + cost(afterFirst), ...later.map(cost)];
      for (const w of work) expect(Math.abs(w - work[0]!) / work[0]!).toBeLessThan(0.03);
    }
  });

  it('reads every commit since the time with line counts, and the older stretch with its paths only', async () => {
    const r = tangledHistory();
    const expected = await oneReader(r.dir);
    const from = Date.parse('2025-06-01T00:00:00Z');
    const target = () => {
      const commits: CommitRecord[] = [];
      return { commits, add: (c: CommitRecord) => commits.push(c) };
    };
    const { targets, linesKnown } = await readInSlices(r.dir, ['HEAD'], target(), target, { readers: 2, minSlice: 10, linesFrom: from });
    const read = targets.flatMap(t => t.commits);
    expect(read.map(c => c.sha)).toEqual(expected.map(c => c.sha));
    expect(linesKnown).toBeLessThan(expected.length);
    expected.forEach((c, i) => {
      if (Date.parse(c.committerDate) >= from) expect(i).toBeLessThan(linesKnown);
      // The same commit, paths and renames included; line counts only in the line-counted part.
      expect(read[i]).toEqual(i < linesKnown ? c : { ...c, files: c.files.map(f => ({ ...f, added: null, deleted: null })) });
    });
  });
});

describe('an analysis with line counts for its period only', () => {
  /** `count` commits on main (fast-import, so thousands take a moment), one every `step` hours from `from`, by four people in three areas. */
  function oldCommits(r: RepoBuilder, count: number, from: string, step: number, offset: number): void {
    const people = [BOB, CARA, DEV, ALEX];
    let stream = '';
    for (let i = 0; i < count; i++) {
      const k = offset + i;
      const message = `old work ${k}\n`;
      const content = `v${k}\n`.repeat(1 + (k % 7));
      stream += `commit refs/heads/main\ncommitter ${people[k % 4]} ${Date.parse(from) / 1000 + i * step * 3600} +0000\ndata ${message.length}\n${message}\n`;
      if (i === 0 && r.git('rev-list', '--all').trim()) stream += 'from refs/heads/main^0\n';
      stream += `M 100644 inline src/area${k % 3}/f${k % 5}.ts\ndata ${content.length}\n${content}\n`;
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: r.dir, input: stream });
    r.git('reset', '-q', '--hard');
  }

  /**
   * Years of history before the window; a commit of the period the walk shows in the middle of them (committed
   * under one whose clock was years behind); a long-lived branch begun years before the window and merged (GitHub's
   * merge button) in the period, so its commits come last in the walk.
   */
  function longHistory(): RepoBuilder {
    const r = new RepoBuilder();
    oldCommits(r, 100, '2020-01-01T00:00:00Z', 12, 0);
    r.branch('alex/ledger');
    for (let k = 0; k < 3; k++)
      r.commit({ author: ALEX, date: dayAt(`2020-03-0${k + 1}`), subject: `ledger ${k}`, files: { [`src/ledger/l${k}.ts`]: 'a\nb\nc\n'.repeat(k + 1) } });
    r.checkout('main');
    // Thousands of commits between the period's last one in the walk and the branch: the first reader, which reads
    // line counts on until git has counted the walk, is still far above the branch when the count comes in.
    oldCommits(r, 4000, '2020-03-10T00:00:00Z', 2, 100);
    r.commit({ author: ALEX, date: dayAt('2026-02-01'), subject: 'fix from the future', files: { 'src/area1/f9.ts': 'x\ny\n' } });
    r.commit({ author: BOB, date: dayAt('2020-10-01'), subject: 'behind', files: { 'src/area2/f9.ts': 'z\n' } });
    oldCommits(r, 1000, '2021-03-01T00:00:00Z', 12, 4100);
    const people = [BOB, CARA, DEV, ALEX];
    for (let i = 0; i < 30; i++) {
      r.commit({
        author: people[i % 4]!,
        date: dayAt(`2026-0${1 + (i % 5)}-1${i % 10}`),
        subject: `recent ${i}`,
        files: { [`src/area${i % 3}/r${i}.ts`]: 'r\n'.repeat(i + 1) },
      });
    }
    r.merge('alex/ledger', {
      author: BOB,
      committer: 'GitHub <noreply@github.com>',
      date: dayAt('2026-04-20'),
      message: 'Merge pull request #42 from alex/ledger\n\nLedger',
    });
    return r;
  }

  it('equals the analysis read with every line count, for the period and then for the whole history', async () => {
    const r = longHistory();
    const now = new Date('2026-06-15T12:00:00Z');
    const plain = (a: object) => JSON.stringify({ ...a, generatedAt: '' });
    const run = (cacheDir: string, readers: number, since?: string) =>
      analyze({ repos: [r.dir], readers, now, cacheDir, ...(readers > 1 ? { minSlice: 200 } : {}), ...(since ? { since } : { since: '2020-01-01' }) });
    const cache = tempDir();
    const year = await run(cache, 2, '2025-06-15');
    expect(plain(year)).toBe(plain(await run(tempDir(), 1, '2025-06-15')));
    // The branch's commits are older than the window; its figures count their lines all the same.
    const branch = year.evidence.find(e => e.signal === 'delivery.mergedBranch');
    expect(branch?.figures).toMatchObject({ lines: 18, commits: 3 });

    // Line counts reach down the walk to the period's commit in the middle of the old history.
    const walk = r.git('rev-list', '--timestamp', 'HEAD').trim().split('\n');
    const future = walk.findIndex(line => line.endsWith(r.git('log', '-1', '--format=%H', '--grep=fix from the future').trim()));
    expect(future).toBeGreaterThan(1000); // below the thousand old commits made on top of it
    expect(lineCountedPart(walk, Date.parse('2024-07-01T00:00:00Z'))).toBe(future + 1);
    expect(lineCountedPart(walk, -Infinity)).toBe(walk.length);
    expect(lineCountedPart(walk, Date.parse('2027-01-01T00:00:00Z'))).toBe(0);

    // The cache holds line counts for the window only: the period is read with them, the rest with its paths.
    const facts = await inspectRepository(r.dir);
    const { history } = await loadHistory(facts, { cacheDir: cache, linesFrom: Date.parse('2024-07-01T00:00:00Z') });
    expect(history.linesKnown).toBeLessThan(history.count);
    const at = (subject: string) => history.all().findIndex(c => c.subject === subject);
    expect(at('fix from the future')).toBeLessThan(history.linesKnown);
    // The branch's commits, further down, were read without them (and read again by the analysis for its figures).
    expect(at('ledger 0')).toBeGreaterThanOrEqual(history.linesKnown);
    expect(history.record(history.count - 1).files[0]!.added).toBeNull();

    // A longer period needs the older lines: the history is read again, and the answer is a fresh one's.
    const all = await run(cache, 2);
    expect(plain(all)).toBe(plain(await run(tempDir(), 1)));
    expect((await loadHistory(facts, { cacheDir: cache, linesFrom: -Infinity })).history.linesKnown).toBe(history.count);
    // The scan worker's way: the history kept in memory for the period is read again for the longer one, too.
    const memory = createAnalysisMemory();
    const kept = (since?: string) => analyze({ repos: [r.dir], readers: 2, minSlice: 200, now, cacheDir: tempDir(), memory, since: since ?? '2020-01-01' });
    expect(plain(await kept('2025-06-15'))).toBe(plain(year));
    expect(plain(await kept())).toBe(plain(all));
  });
});
