import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { REWRITE_AFTER, cacheFileFor, loadHistory } from '../../src/core/git/historyCache';
import { readHistory } from '../../src/core/git/historyReader';
import { inspectRepository, mailmapFingerprint } from '../../src/core/git/repository';
import { newTables } from '../../src/core/git/history';
import type { CommitRecord } from '../../src/core/model';
import { buildKnownHistory } from './helpers/knownHistory';
import { bundle, withTmpfs } from './helpers/processes';
// @ts-expect-error: a plain ES module without types
import { generateHistory } from '../../bench/generateHistory.mjs';
import { ALEX, BOB, RepoBuilder, appendCommits, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

async function load(dir: string, cacheDir: string, signal?: AbortSignal) {
  return loadHistory(await inspectRepository(dir), { cacheDir, ...(signal ? { signal } : {}) });
}

async function fresh(dir: string): Promise<CommitRecord[]> {
  const out: CommitRecord[] = [];
  await readHistory(dir, c => out.push(c));
  return out;
}

const withoutTime = (a: object) => JSON.stringify({ ...a, generatedAt: '' });

describe('history cache', () => {
  it("removes this repository's cache and result files of other versions, and nothing else", async () => {
    const r = buildKnownHistory();
    const cache = tempDir();
    const name = path.basename(cacheFileFor(cache, r.dir));
    const hash = /-([0-9a-f]{24})\.bin$/.exec(name)![1]!;
    const stale = [`history-v1-${hash}.bin`, `history-v3-${hash}.bin`, `result-v5-${hash}.json`];
    const kept = ['history-v3-0123456789abcdef01234567.bin', `notes-v1-${hash}.json`, `history-v3-${hash}.bin.tmp`];
    for (const file of [...stale, ...kept]) writeFileSync(path.join(cache, file), 'older');
    await analyze({ repos: [r.dir], since: '2025-01-01', now: new Date('2025-08-01'), cacheDir: cache });
    const left = readdirSync(cache);
    for (const file of stale) expect(left).not.toContain(file);
    for (const file of kept) expect(left).toContain(file);
    expect(left).toContain(name);
    expect(left.some(f => f.startsWith('result-v') && f.endsWith(`${hash}.json`))).toBe(true);
  });

  it('serves an unchanged history from the cache, identical to a fresh read', async () => {
    const r = buildKnownHistory();
    const cache = tempDir();
    const cold = await load(r.dir, cache);
    expect(cold).toMatchObject({ source: 'full', read: cold.history.count });
    const warm = await load(r.dir, cache);
    expect(warm.source).toBe('cache');
    expect(warm.history.all()).toEqual(await fresh(r.dir));
    const a = await analyze({ repos: [r.dir], since: '2025-01-01', now: new Date('2025-08-01') });
    const b = await analyze({ repos: [r.dir], since: '2025-01-01', now: new Date('2025-08-01'), cacheDir: cache });
    const c = await analyze({ repos: [r.dir], since: '2025-01-01', now: new Date('2025-08-01'), cacheDir: cache });
    expect(withoutTime(b)).toBe(withoutTime(a));
    expect(withoutTime(c)).toBe(withoutTime(a));
  });

  it('reads only the new commits when HEAD moved forward', async () => {
    const r = buildKnownHistory();
    const cache = tempDir();
    await load(r.dir, cache);
    r.commit({ author: BOB, date: dayAt('2025-08-01'), subject: 'New work', trailers: [`Reviewed-by: ${ALEX}`] });
    r.commit({ author: ALEX, date: dayAt('2025-08-02'), subject: 'More work' });
    const next = await load(r.dir, cache);
    expect(next).toMatchObject({ source: 'incremental', read: 2 });
    expect(next.history.all()).toEqual(await fresh(r.dir));
    // A few new commits are read from git again rather than rewriting the file each time.
    expect(await load(r.dir, cache)).toMatchObject({ source: 'incremental', read: 2 });
  });

  it(`rewrites the file once ${REWRITE_AFTER} new commits have gathered`, async () => {
    const dir = path.join(tempDir(), 'grown');
    await generateHistory(dir, { commits: 300, authors: 10 });
    const cache = tempDir();
    await load(dir, cache);
    appendCommits(dir, REWRITE_AFTER);
    const next = await load(dir, cache);
    expect(next).toMatchObject({ source: 'incremental', read: REWRITE_AFTER });
    expect(next.history.all()).toEqual(await fresh(dir));
    const again = await load(dir, cache);
    expect(again.source).toBe('cache');
    expect(again.history.all()).toEqual(await fresh(dir));
  });

  it('rebuilds after rewritten history, a corrupt file, a changed .mailmap, or a shallow clone made whole', async () => {
    const r = buildKnownHistory();
    const cache = tempDir();
    await load(r.dir, cache);
    r.git('reset', '-q', '--hard', 'HEAD~2');
    r.commit({ author: ALEX, date: dayAt('2025-09-01'), subject: 'Force-pushed instead' });
    const rewritten = await load(r.dir, cache);
    expect(rewritten.source).toBe('full');
    expect(rewritten.history.all()).toEqual(await fresh(r.dir));

    const file = cacheFileFor(cache, r.dir);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1]! ^= 0x20;
    for (const broken of [Buffer.from('{"version":1,"commits":['), good.subarray(0, good.length - 5), flipped, Buffer.alloc(0)]) {
      writeFileSync(file, broken);
      const rebuilt = await load(r.dir, cache);
      expect(rebuilt.source).toBe('full');
      expect(rebuilt.history.all()).toEqual(await fresh(r.dir));
      expect((await load(r.dir, cache)).source).toBe('cache');
    }

    writeFileSync(path.join(r.dir, '.mailmap'), 'Robert Stone <bob@example.com> <bob@example.com>\n');
    const remapped = await load(r.dir, cache);
    expect(remapped.source).toBe('full');
    expect(remapped.history.all().some(c => c.author.name === 'Robert Stone')).toBe(true);
    // A mailmap named in the configuration counts too, read with the repository's other settings or on its own.
    const elsewhere = path.join(tempDir(), 'people.mailmap');
    writeFileSync(elsewhere, 'Bobby Stone <bob@example.com> <bob@example.com>\n');
    r.git('config', 'mailmap.file', elsewhere);
    const facts = await inspectRepository(r.dir);
    expect(facts.mailmapConfig).toEqual([`mailmap.file\n${elsewhere}`]);
    expect(await mailmapFingerprint(facts, {})).toBe(await mailmapFingerprint({ root: facts.root }, {}));
    const configured = await load(r.dir, cache);
    expect(configured.source).toBe('full');
    expect(configured.history.all().some(c => c.author.name === 'Bobby Stone')).toBe(true);
    expect((await load(r.dir, cache)).source).toBe('cache');

    const shallow = path.join(tempDir(), 'shallow');
    r.git('clone', '-q', '--depth', '3', `file://${r.dir}`, shallow);
    const partial = await load(shallow, cache);
    expect(partial.history.all()).toHaveLength(3);
    new RepoBuilder(shallow).git('fetch', '-q', '--unshallow');
    const whole = await load(shallow, cache);
    expect(whole.source).toBe('full');
    expect(whole.history.all().length).toBeGreaterThan(3);
  });

  it('a cancelled scan leaves the previous cache valid', async () => {
    const r = new RepoBuilder();
    for (let i = 0; i < 50; i++) r.commit({ author: ALEX, date: dayAt('2025-01-01', i % 24), subject: `c${i}` });
    const cache = tempDir();
    await load(r.dir, cache);
    const before = readFileSync(cacheFileFor(cache, r.dir), 'utf8');
    for (let i = 0; i < 200; i++) r.commit({ author: BOB, date: dayAt('2025-02-01', i % 24), subject: `d${i}` });
    const controller = new AbortController();
    controller.abort();
    await expect(load(r.dir, cache, controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
    expect(readFileSync(cacheFileFor(cache, r.dir), 'utf8')).toBe(before);
    const next = await load(r.dir, cache);
    expect(next).toMatchObject({ source: 'incremental', read: 200 });
  });

  it('ten scans cancelled in a row, at different moments, each leave the cache valid', async () => {
    const dir = path.join(tempDir(), 'big');
    await generateHistory(dir, { commits: 3000, authors: 40 });
    const cache = tempDir();
    const file = cacheFileFor(cache, dir);
    const cancelAt = (n: number) => {
      const controller = new AbortController();
      return inspectRepository(dir).then(facts =>
        loadHistory(facts, { cacheDir: cache, signal: controller.signal, onCommit: count => count >= n && controller.abort() }),
      );
    };
    const leftovers = () => readdirSync(cache).filter(f => f.endsWith('.tmp'));
    for (let i = 0; i < 10; i++) {
      await expect(cancelAt(1 + i * 290)).rejects.toMatchObject({ code: 'cancelled' });
      expect(existsSync(file)).toBe(false);
      expect(leftovers()).toEqual([]);
    }
    expect((await load(dir, cache)).source).toBe('full');
    const before = readFileSync(file);

    const r = new RepoBuilder(dir);
    for (let i = 0; i < 30; i++) r.commit({ author: BOB, date: dayAt('2026-03-01', i % 24), subject: `more ${i}`, trailers: [`Reviewed-by: ${ALEX}`] });
    for (let i = 0; i < 10; i++) {
      await expect(cancelAt(1 + (i % 3) * 10)).rejects.toMatchObject({ code: 'cancelled' });
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(leftovers()).toEqual([]);
    }
    const next = await load(dir, cache);
    expect(next).toMatchObject({ source: 'incremental', read: 30 });
    expect(next.history.all()).toEqual(await fresh(dir));
  });

  it('a full disk costs the cache, not the analysis', async () => {
    const dir = path.join(tempDir(), 'big');
    await generateHistory(dir, { commits: 2000, authors: 30 });
    const script = path.join(tempDir(), 'full-cache.cjs');
    bundle(
      script,
      `
const { analyze } = require('./src/core/analyze');
(async () => {
  const [repo, cacheDir] = process.argv.slice(2);
  const options = { repos: [repo], now: new Date('2026-11-01T00:00:00Z') };
  const plain = a => JSON.stringify({ ...a, generatedAt: '' });
  const withCache = plain(await analyze({ ...options, cacheDir }));
  const again = plain(await analyze({ ...options, cacheDir }));
  const without = plain(await analyze(options));
  console.log(JSON.stringify({ same: withCache === without && again === without, files: require('fs').readdirSync(cacheDir) }));
})();`,
    );
    const mountPoint = path.join(tempDir(), 'tiny');
    mkdirSync(mountPoint);
    // 256 KiB: the history of 2000 commits needs several times that, so the write fails part-way.
    const result = JSON.parse(withTmpfs(mountPoint, 'size=256k', `'${process.execPath}' '${script}' '${dir}' '${mountPoint}/cache'`).trim().split('\n').pop()!);
    expect(result.same).toBe(true);
    expect(result.files.filter((f: string) => f.endsWith('.tmp') || f.startsWith('history-'))).toEqual([]);
  });

  it('concurrent writers leave one whole, valid file', async () => {
    const r = buildKnownHistory();
    const cache = tempDir();
    const results = await Promise.all(Array.from({ length: 6 }, () => load(r.dir, cache)));
    expect(results.every(x => x.history.all().length === results[0]!.history.all().length)).toBe(true);
    expect((await load(r.dir, cache)).source).toBe('cache');
  });
});

describe('interned people and paths', () => {
  it('get the same ids while a table scans its values as once it has indexed them', () => {
    const tables = newTables(
      [
        { name: 'Ana', email: 'ana@example.com' },
        { name: 'Ana B', email: 'ana@example.com' },
      ],
      ['a.ts'],
    );
    const asked = [
      { name: 'Ana B', email: 'ana@example.com' },
      { name: 'Ana', email: 'ana@example.com' },
      { name: 'Ana', email: 'other@example.com' },
    ];
    // Enough lookups that the later ones go through the index; every round must answer as the first did.
    const rounds = Array.from({ length: 40 }, () => asked.map(p => tables.people.id({ ...p })));
    expect(rounds[0]).toEqual([1, 0, 2]);
    for (const round of rounds) expect(round).toEqual([1, 0, 2]);
    expect(tables.people.values).toHaveLength(3);
    const paths = Array.from({ length: 100 }, (_, i) => tables.paths.id(`f${i % 30}.ts`));
    expect(paths.slice(70)).toEqual(paths.slice(10, 40));
    expect(tables.paths.values).toHaveLength(31);
  });
});
