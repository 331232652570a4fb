import type { AnalysisProgress } from '../../src/core/repoAnalysis';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { analyze, type Analysis } from '../../src/core/analyze';
import type { AnalysisView } from '../../src/protocol/messages';
import { GitError } from '../../src/core/git/exec';
import { FileProblem } from '../../src/core/framework/loader';
import { PeriodError } from '../../src/core/period';
import { ScanClient, type ScanRun } from '../../src/extension/scan/client';
import { toAnalysisView } from '../../src/extension/viewModel';
import { fromScanError, toScanError, type FromScanWorker, type ScanOptions, type ToScanWorker } from '../../src/extension/scan/messages';
import { buildKnownHistory } from './helpers/knownHistory';
import { ALEX, BOB, RepoBuilder, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

// The worker as the extension ships it: bundled from src/extension/scan/worker.ts with the settings of scripts/build.mjs.
let workerFile: string;
let scripts: string;
beforeAll(async () => {
  scripts = tempDir('gl-worker-');
  workerFile = path.join(scripts, 'scanWorker.js');
  await build({
    entryPoints: [path.join(__dirname, '../../src/extension/scan/worker.ts')],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
});
afterAll(cleanupTemps);

/** One scan on a worker of its own, ended afterwards. */
function scanOnce(options: ScanOptions, { workerFile, cancelGraceMs, ...run }: { workerFile: string; cancelGraceMs?: number } & ScanRun) {
  const client = new ScanClient(workerFile, cancelGraceMs === undefined ? {} : { cancelGraceMs });
  return client.run(options, run).finally(() => client.dispose());
}

const NOW = new Date('2025-08-01T12:00:00Z');

/** `commits` small commits in one fast-import: enough history that a scan reports progress before it ends. */
function longHistory(commits: number): string {
  const r = new RepoBuilder();
  const lines: string[] = [];
  const t0 = Date.parse('2024-01-01T00:00:00Z') / 1000;
  for (let i = 1; i <= commits; i++) {
    const who = i % 3 ? 'Bob Stone <bob@example.com>' : 'Alex Rivera <alex@example.com>';
    const message = `Change ${i}\n\nReviewed-by: ${i % 3 ? 'Alex Rivera <alex@example.com>' : 'Bob Stone <bob@example.com>'}\n`;
    const content = `line ${i}\n`;
    lines.push(
      `commit refs/heads/main\nauthor ${who} ${t0 + i * 600} +0000\ncommitter ${who} ${t0 + i * 600} +0000\ndata ${Buffer.byteLength(message)}\n${message}`,
    );
    lines.push(`M 100644 inline src/area${i % 7}/file${i % 50}.ts\ndata ${content.length}\n${content}\n`);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: r.dir, input: lines.join(''), stdio: ['pipe', 'ignore', 'pipe'] });
  r.git('reset', '-q', '--hard', 'main');
  return r.dir;
}

const tempFiles = (dir: string) => readdirSync(dir).filter(f => f.endsWith('.tmp'));

describe('analysis in a worker thread', () => {
  it('gives exactly the analysis analyze() gives in this thread, and forwards progress', async () => {
    const r = buildKnownHistory();
    const options = { repos: [r.dir], since: '2025-01-01', now: NOW };
    const progress: AnalysisProgress[] = [];
    const inWorker = await scanOnce(options, { workerFile, onProgress: p => progress.push(p) });
    expect(inWorker).toEqual(await analyze(options));
    // Who "me" is comes with the first report, before any commit is read; the last says all were read.
    const me = { emails: ['alex@example.com'], names: ['Alex Rivera'] };
    expect(progress[0]).toEqual({ repo: r.dir, stage: 'reading', commits: 0, me });
    expect(progress.at(-1)).toEqual({ repo: r.dir, stage: 'examining', commits: inWorker.repos[0]!.commitsScanned, me });
  });

  it("sends the panel's view ahead of the analysis when asked, and only then", async () => {
    const r = buildKnownHistory(); // its origin is on GitHub: evidence may offer web links
    const options = { repos: [r.dir], since: '2025-01-01', now: NOW };
    for (const remoteLinks of [true, false]) {
      const events: string[] = [];
      let assessed: { view: AnalysisView; identity: Analysis['identity'] } | undefined;
      const onAssessed = (view: AnalysisView, identity: Analysis['identity']) => {
        events.push('assessed');
        assessed = { view, identity };
      };
      const analysis = await scanOnce(options, { workerFile, remoteLinks, onAssessed });
      events.push('done');
      expect(events).toEqual(['assessed', 'done']);
      expect(assessed).toEqual({ view: toAnalysisView(analysis, remoteLinks), identity: analysis.identity });
    }
    // Unasked, the worker sends no view: the messages of a plain scan, straight from the worker.
    const worker = new Worker(workerFile);
    try {
      const types = await new Promise<string[]>(resolve => {
        const seen: string[] = [];
        worker.on('message', (m: FromScanWorker) => {
          seen.push(m.type);
          if (m.type === 'done' || m.type === 'error') resolve(seen);
        });
        worker.postMessage({ type: 'scan', id: 1, options } satisfies ToScanWorker);
      });
      expect(types.at(-1)).toBe('done');
      expect(types).not.toContain('assessed');
    } finally {
      await worker.terminate();
    }
  });

  it('rejects with the class analyze() threw, so the extension can tell a missing git or a bad period apart', async () => {
    const r = buildKnownHistory();
    const missingGit = await scanOnce({ repos: [r.dir], gitPath: path.join(r.dir, 'no-such-git') }, { workerFile }).catch(e => e);
    expect(missingGit).toBeInstanceOf(GitError);
    expect(missingGit).toMatchObject({ code: 'git-missing' });
    const notARepo = await scanOnce({ repos: [tempDir()] }, { workerFile }).catch(e => e);
    expect(notARepo).toBeInstanceOf(GitError);
    expect(notARepo).toMatchObject({ code: 'not-a-repo' });
    const badPeriod = await scanOnce({ repos: [r.dir], since: '2025-13-01' }, { workerFile }).catch(e => e);
    expect(badPeriod).toBeInstanceOf(PeriodError);
    expect(badPeriod.message).toMatch(/--since must be a date/);

    const problem = fromScanError(toScanError(new FileProblem('/w/framework.yaml', 7, 'levels', 'is required')));
    expect(problem).toBeInstanceOf(FileProblem);
    expect(problem).toMatchObject({
      file: '/w/framework.yaml',
      line: 7,
      field: 'levels',
      detail: 'is required',
      message: '/w/framework.yaml:7: levels: is required',
    });
  });

  it('a cancel lets the scan clean up: no temporary cache file is left, and the next scan gives the full answer', async () => {
    const dir = longHistory(12_000);
    const cacheDir = tempDir();
    const options = { repos: [dir], cacheDir, now: NOW };
    const controller = new AbortController();
    let writing: string[] = [];
    const cancelled = await scanOnce(options, {
      workerFile,
      signal: controller.signal,
      onProgress: p => {
        if (controller.signal.aborted || p.commits === 0) return;
        writing = tempFiles(cacheDir);
        controller.abort();
      },
    }).catch(e => e);
    expect(cancelled).toBeInstanceOf(GitError);
    expect(cancelled).toMatchObject({ code: 'cancelled' });
    expect(writing, 'the cache was being written when the scan was cancelled').toHaveLength(1);
    expect(tempFiles(cacheDir)).toEqual([]);

    const expected = await analyze({ repos: [dir], now: NOW });
    expect(await scanOnce(options, { workerFile })).toEqual(expected);
    expect(
      readdirSync(cacheDir)
        .map(f => f.split('-')[0])
        .sort(),
    ).toEqual(['history', 'result']);
    expect(await scanOnce(options, { workerFile }), 'from the cache').toEqual(expected);
  });

  it('stays up between scans, keeping histories in memory, and ends when idle', async () => {
    const r = buildKnownHistory();
    const client = new ScanClient(workerFile, { idleMs: 300 });
    const plain = (a: object) => JSON.stringify({ ...a, generatedAt: '' });
    try {
      const cacheDir = tempDir();
      const options = { repos: [r.dir], cacheDir, since: '2025-01-01', now: NOW };
      await client.run(options);
      const thread = client.threadId;
      expect(thread).toBeDefined();
      r.commit({ author: BOB, date: dayAt('2025-07-20'), subject: 'Retry uploads', trailers: [`Reviewed-by: ${ALEX}`] });
      rmSync(cacheDir, { recursive: true });
      const second = await client.run(options);
      expect(client.threadId, 'the same thread').toBe(thread);
      expect(plain(second)).toBe(plain(await analyze({ repos: [r.dir], since: '2025-01-01', now: NOW })));
      // The new commit was added to the history in memory: no cache file had to be read or rebuilt for it.
      const files = () => (existsSync(cacheDir) ? readdirSync(cacheDir) : []);
      expect(files().filter(f => f.startsWith('history-'))).toEqual([]);
      await new Promise(resolve => setTimeout(resolve, 700));
      expect(client.threadId, 'ended after the idle time').toBeUndefined();
      // Its result was written for the next window before it ended; nothing half-written is left.
      expect(files().filter(f => f.startsWith('result-'))).toHaveLength(1);
      expect(tempFiles(cacheDir)).toEqual([]);
      expect(plain(await client.run(options)), 'and starts again').toBe(plain(second));
    } finally {
      client.dispose();
    }
  });

  it('an aborted signal starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(scanOnce({ repos: ['/nowhere'] }, { workerFile: '/nowhere/scanWorker.js', signal: controller.signal })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });

  it('a worker that crashes, exits or is missing rejects with a clear message', async () => {
    const exits = path.join(scripts, 'exits.js');
    writeFileSync(exits, 'process.exit(3);\n');
    await expect(scanOnce({ repos: [] }, { workerFile: exits })).rejects.toThrow(/stopped unexpectedly: its worker exited \(code 3\) without a result/);
    const throws = path.join(scripts, 'throws.js');
    writeFileSync(throws, "throw new Error('out of cheese');\n");
    await expect(scanOnce({ repos: [] }, { workerFile: throws })).rejects.toThrow(/stopped unexpectedly: out of cheese/);
    await expect(scanOnce({ repos: [] }, { workerFile: path.join(scripts, 'missing.js') })).rejects.toThrow(/stopped unexpectedly: Cannot find module/);
  });

  it('a worker that ignores the cancel is terminated after the grace period', async () => {
    const stuck = path.join(scripts, 'stuck.js');
    writeFileSync(stuck, "require('node:worker_threads').parentPort.on('message', () => {});\nsetInterval(() => {}, 1000);\n");
    const controller = new AbortController();
    const run = scanOnce({ repos: [] }, { workerFile: stuck, signal: controller.signal, cancelGraceMs: 100 });
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });
});
