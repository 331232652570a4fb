import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { cacheFileFor, loadHistory } from '../../src/core/git/historyCache';
import type { History } from '../../src/core/git/history';
import { MIN_COMMITS_PER_READER, readHistory, splitRanges } from '../../src/core/git/historyReader';
import { inspectRepository } from '../../src/core/git/repository';
import type { CommitRecord } from '../../src/core/model';
import { buildKnownHistory } from './helpers/knownHistory';
// @ts-expect-error: a plain ES module without types
import { generateHistory } from '../../bench/generateHistory.mjs';
import { cleanupTemps, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

async function read(dir: string, options: Parameters<typeof readHistory>[2]): Promise<CommitRecord[]> {
  const out: CommitRecord[] = [];
  await readHistory(dir, c => out.push(c), options);
  return out;
}

const plain = (a: object) => JSON.stringify({ ...a, generatedAt: '' });

describe('reading a history with several git readers at once', () => {
  let dir: string;
  let walk: CommitRecord[];
  beforeAll(async () => {
    dir = path.join(tempDir(), 'big');
    await generateHistory(dir, { commits: 3 * MIN_COMMITS_PER_READER, authors: 60 });
    walk = await read(dir, { parallelism: 1 });
  }, 120_000);

  it('cuts the commits into disjoint ranges that cover them all, the front first', () => {
    const times = Array.from({ length: 10_000 }, (_, i) => 10_000 - i);
    expect(splitRanges({ times }, 1)).toEqual([{ from: 0, to: 10_000, front: false }]);
    expect(splitRanges({ times }, 3)).toEqual([
      { from: 0, to: 3333, front: false },
      { from: 3333, to: 6666, front: false },
      { from: 6666, to: 10_000, front: false },
    ]);
    // The front ends at the last commit at or after its start, whatever the order of dates before it.
    const skewed = [...times];
    skewed[7000] = 20_000;
    expect(splitRanges({ times: skewed }, 2, 9000)).toEqual([
      { from: 0, to: 7001, front: true },
      { from: 7001, to: 10_000, front: false },
    ]);
    expect(splitRanges({ times: times.slice(0, 100) }, 8)).toEqual([{ from: 0, to: 100, front: false }]);
    expect(splitRanges({ times: [] }, 4)).toEqual([]);
  });

  it('gives exactly the commits, in the order, that one walk gives', async () => {
    for (const parallelism of [2, 3, 8]) expect(await read(dir, { parallelism })).toEqual(walk);
    const middle = Date.parse(walk[Math.floor(walk.length / 3)]!.committerDate);
    const fronts: number[] = [];
    const parts: unknown[] = [];
    const withFront = await read(dir, { parallelism: 2, frontFrom: middle, onFront: n => fronts.push(n), onPart: p => parts.push(p) });
    expect(withFront).toEqual(walk);
    const front = 1 + walk.reduce((last, c, i) => (Date.parse(c.committerDate) >= middle ? i : last), -1);
    expect(fronts).toEqual([front]);
    expect(parts).toEqual([
      { part: 'period', commits: front },
      { part: 'history', commits: walk.length - front },
    ]);
    // Line counts or not, the same paths.
    const cheap = await read(dir, { parallelism: 3, lineCounts: false });
    expect(cheap.map(c => c.files.map(f => f.path))).toEqual(walk.map(c => c.files.map(f => f.path)));
  });

  it('hands over the front as a history of its own while the rest is read, and the whole one after', async () => {
    const middle = Date.parse(walk[1000]!.committerDate);
    const facts = await inspectRepository(dir);
    let partial: { count: number; records: CommitRecord[] } | undefined;
    const onPartial = (front: History) => (partial = { count: front.count, records: front.all() });
    const whole = await loadHistory(facts, { cacheDir: tempDir(), parallelism: 2, frontFrom: middle, onPartial });
    expect(partial!.count).toBeGreaterThan(1000);
    expect(partial!.count).toBeLessThan(walk.length);
    expect(partial!.records).toEqual(walk.slice(0, partial!.count));
    expect(whole.history.all()).toEqual(walk);
    // Without a cache file the front is served from memory, and it is the same.
    let again: CommitRecord[] = [];
    await loadHistory(facts, { parallelism: 3, frontFrom: middle, onPartial: front => (again = front.all()) });
    expect(again).toEqual(partial!.records);
  });

  it('analyses to exactly the same result with one reader or several, with or without a cache', async () => {
    const options = { repos: [dir], since: '2026-01-01', now: new Date('2026-12-01T00:00:00Z') };
    const one = plain(await analyze({ ...options, parallelism: 1 }));
    expect(plain(await analyze({ ...options, parallelism: 3 }))).toBe(one);
    const cache = tempDir();
    expect(plain(await analyze({ ...options, parallelism: 2, cacheDir: cache }))).toBe(one);
    expect(plain(await analyze({ ...options, parallelism: 2, cacheDir: cache }))).toBe(one);
    const whole = { repos: [dir], now: options.now };
    expect(plain(await analyze({ ...whole, parallelism: 4, cacheDir: tempDir() }))).toBe(plain(await analyze({ ...whole, parallelism: 1 })));
  }, 120_000);

  it('a read killed part-way through any range leaves no file behind, and the next read is whole', async () => {
    const cache = tempDir();
    const file = cacheFileFor(cache, path.resolve(dir));
    const facts = await inspectRepository(dir);
    for (const at of [1, 1500, 2500, 4100, walk.length - 1]) {
      const controller = new AbortController();
      const reading = loadHistory(facts, { cacheDir: cache, parallelism: 3, signal: controller.signal, onCommit: n => n >= at && controller.abort() });
      await expect(reading).rejects.toMatchObject({ code: 'cancelled' });
      expect(existsSync(file)).toBe(false);
      expect(readdirSync(cache).filter(f => f.endsWith('.tmp'))).toEqual([]);
    }
    const next = await loadHistory(facts, { cacheDir: cache, parallelism: 3 });
    expect(next.source).toBe('full');
    expect(next.history.all()).toEqual(walk);
    expect((await loadHistory(facts, { cacheDir: cache, parallelism: 1 })).source).toBe('cache');
  });

  it('two windows reading the same history at once with several readers each leave one whole, valid file', async () => {
    const cache = tempDir();
    const facts = await inspectRepository(dir);
    const [a, b] = await Promise.all([loadHistory(facts, { cacheDir: cache, parallelism: 2 }), loadHistory(facts, { cacheDir: cache, parallelism: 3 })]);
    expect(a.history.all()).toEqual(walk);
    expect(b.history.all()).toEqual(walk);
    const reopened = await loadHistory(facts, { cacheDir: cache, parallelism: 2 });
    expect(reopened.source).toBe('cache');
    expect(reopened.history.all()).toEqual(walk);
    expect(readdirSync(cache)).toEqual([path.basename(cacheFileFor(cache, facts.root))]);
  });
});

describe('a small history with several readers', () => {
  it('is read as one walk reads it', async () => {
    const r = buildKnownHistory();
    const one = await read(r.dir, { parallelism: 1 });
    expect(await read(r.dir, { parallelism: 4 })).toEqual(one);
    const middle = Date.parse(one[Math.floor(one.length / 2)]!.committerDate);
    expect(await read(r.dir, { parallelism: 4, frontFrom: middle })).toEqual(one);
    expect(await read(r.dir, { parallelism: 1, frontFrom: middle })).toEqual(one);
  });
});
