import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { cacheFileFor, loadHistory } from '../../src/core/git/historyCache';
import { readHistory } from '../../src/core/git/historyReader';
import { inspectRepository } from '../../src/core/git/repository';
import type { CommitRecord } from '../../src/core/model';
import { buildKnownHistory } from './helpers/knownHistory';
import { ALEX, BOB, RepoBuilder, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

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
  it('serves an unchanged history from the cache, identical to a fresh read', async () => {
    const r = buildKnownHistory();
    const cache = tempDir();
    const cold = await load(r.dir, cache);
    expect(cold).toMatchObject({ source: 'full', read: cold.commits.length });
    const warm = await load(r.dir, cache);
    expect(warm.source).toBe('cache');
    expect(warm.commits).toEqual(await fresh(r.dir));
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
    expect(next.commits).toEqual(await fresh(r.dir));
    expect((await load(r.dir, cache)).source).toBe('cache');
  });

  it('rebuilds after rewritten history, a corrupt file, a changed .mailmap, or a shallow clone made whole', async () => {
    const r = buildKnownHistory();
    const cache = tempDir();
    await load(r.dir, cache);
    r.git('reset', '-q', '--hard', 'HEAD~2');
    r.commit({ author: ALEX, date: dayAt('2025-09-01'), subject: 'Force-pushed instead' });
    const rewritten = await load(r.dir, cache);
    expect(rewritten.source).toBe('full');
    expect(rewritten.commits).toEqual(await fresh(r.dir));

    writeFileSync(cacheFileFor(cache, r.dir), '{"version":1,"commits":[');
    expect((await load(r.dir, cache)).source).toBe('full');
    expect(JSON.parse(readFileSync(cacheFileFor(cache, r.dir), 'utf8')).head).toBe(r.head());

    writeFileSync(path.join(r.dir, '.mailmap'), 'Robert Stone <bob@example.com> <bob@example.com>\n');
    const remapped = await load(r.dir, cache);
    expect(remapped.source).toBe('full');
    expect(remapped.commits.some(c => c.author.name === 'Robert Stone')).toBe(true);

    const shallow = path.join(tempDir(), 'shallow');
    r.git('clone', '-q', '--depth', '3', `file://${r.dir}`, shallow);
    const partial = await load(shallow, cache);
    expect(partial.commits).toHaveLength(3);
    new RepoBuilder(shallow).git('fetch', '-q', '--unshallow');
    const whole = await load(shallow, cache);
    expect(whole.source).toBe('full');
    expect(whole.commits.length).toBeGreaterThan(3);
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

  it('concurrent writers leave one whole, valid file', async () => {
    const r = buildKnownHistory();
    const cache = tempDir();
    const results = await Promise.all(Array.from({ length: 6 }, () => load(r.dir, cache)));
    expect(results.every(x => x.commits.length === results[0]!.commits.length)).toBe(true);
    expect(JSON.parse(readFileSync(cacheFileFor(cache, r.dir), 'utf8')).head).toBe(r.head());
    expect((await load(r.dir, cache)).source).toBe('cache');
  });
});
