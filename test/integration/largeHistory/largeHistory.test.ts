// Runs inside the real extension host on a generated history of tens of thousands of commits (the workspace folder).
// The scan runs in a worker thread: the host's own event loop must keep turning while it does.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { reporters } from 'mocha';
import type { Analysis } from '../../../src/core/analyze';
import type { GrowthLedgerApi } from '../../../src/extension/extension';

type Ledger = GrowthLedgerApi['ledger'];

const EXT_ID = 'growth-ledger.growth-ledger';
/** The longest pause of the host's event loop we accept while a scan runs: generous, a busy machine is no failure. */
const MAX_GAP_MS = 250;

const print = (line: string) => reporters.Base.consoleLog(`      ${line}`);
const withoutTime = (analysis: Analysis | undefined) => JSON.stringify({ ...analysis, generatedAt: '' });

async function api(): Promise<GrowthLedgerApi> {
  return vscode.extensions.getExtension<GrowthLedgerApi>(EXT_ID)!.activate();
}

/**
 * Runs `work` while a 20 ms timer watches this thread's event loop; resolves with the result, the longest gap between
 * two ticks (including the last tick to the end), and the scan progress the ledger reported meanwhile.
 */
async function watched<T>(
  ledger: Ledger,
  work: () => Thenable<T>,
): Promise<{ result: T; maxGap: number; progress: number[]; totals: number[]; meBeforeReading: string[] | undefined }> {
  const progress: number[] = [];
  const totals: number[] = [];
  let meBeforeReading: string[] | undefined;
  const sub = ledger.onDidChange(state => {
    if (state.phase !== 'scanning' || !state.scanning) return;
    if (state.scanning.commits === 0 && state.scanning.repo && meBeforeReading === undefined) meBeforeReading = state.identity.emails;
    if (state.scanning.commits > 0) progress.push(state.scanning.commits);
    if (state.scanning.total !== undefined) totals.push(state.scanning.total);
  });
  let last = Date.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 20);
  try {
    const result = await work();
    maxGap = Math.max(maxGap, Date.now() - last);
    return { result, maxGap, progress, totals, meBeforeReading };
  } finally {
    clearInterval(timer);
    sub.dispose();
  }
}

function cacheFiles(ledger: Ledger): string[] {
  const dir = ledger.paths.cacheDir;
  return dir && fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

suite('Growth Ledger on a large history', function () {
  this.timeout(180000);
  let baseline: Analysis | undefined;

  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('growthLedger').update('period', 'all', vscode.ConfigurationTarget.Global);
  });

  test('the extension host stays responsive while a long history is scanned, from git and from the cache', async () => {
    const { ledger } = await api();
    // Rebuilding the cache forgets the files and the scan worker's memory: a cold scan, from git.
    const cold = await watched(ledger, () => vscode.commands.executeCommand<Analysis | undefined>('growthLedger.rebuildCache'));
    assert.ok(cold.result, `an analysis (${ledger.current.message})`);
    const commits = cold.result.repos[0]!.commitsScanned;
    print(`cold scan of ${commits} commits: longest event-loop gap ${cold.maxGap} ms, ${cold.progress.length} progress reports`);
    assert.ok(commits >= 20000, `a long history: ${commits} commits`);
    // Progress comes every 2,000 commits read, then the total: the panel can show the scan advancing.
    assert.ok(cold.progress.length >= 10, `progress reports: ${cold.progress}`);
    assert.strictEqual(Math.max(...cold.progress), commits);
    // The header knows who "me" is before a commit is read, and the progress says how many there are to read.
    assert.deepStrictEqual(cold.meBeforeReading, ['alex.rivera@example.com']);
    assert.ok(cold.totals.length > 0 && cold.totals.every(t => t === commits), `the commits counted: ${[...new Set(cold.totals)]}`);
    assert.ok(cold.maxGap < MAX_GAP_MS, `the host's event loop stood still for ${cold.maxGap} ms during the scan`);
    assert.ok(
      cacheFiles(ledger).some(f => f.startsWith('history-')),
      `the cache was written: ${cacheFiles(ledger)}`,
    );

    const warm = await watched(ledger, () => vscode.commands.executeCommand<Analysis | undefined>('growthLedger.refresh'));
    print(`warm scan (from the cache): longest event-loop gap ${warm.maxGap} ms`);
    assert.strictEqual(withoutTime(warm.result), withoutTime(cold.result), 'the cache gives the same analysis');
    assert.ok(warm.maxGap < MAX_GAP_MS, `the host's event loop stood still for ${warm.maxGap} ms during the scan`);
    baseline = cold.result;
  });

  test('a scan cancelled half-way leaves no temporary file, and the next scan gives the same result', async () => {
    const { ledger } = await api();
    baseline = baseline || (await ledger.refresh());
    assert.ok(baseline, 'an uncancelled analysis to compare with');
    const previous = ledger.lastAnalysis;
    // A cold scan writes the cache while it reads: cancelled, that file must go away.
    let writing: string[] = [];
    const seen = new Promise<number>(resolve => {
      const sub = ledger.onDidChange(state => {
        if (state.phase === 'scanning' && state.scanning && state.scanning.commits > 0) {
          sub.dispose();
          writing = cacheFiles(ledger).filter(f => f.endsWith('.tmp'));
          resolve(state.scanning.commits);
        }
      });
    });
    const scan = vscode.commands.executeCommand<Analysis | undefined>('growthLedger.rebuildCache');
    const at = await seen;
    ledger.cancel();
    assert.strictEqual(await scan, undefined, 'the cancelled refresh has no analysis');
    print(`cancelled after ${at} commits; cache files while scanning: ${writing.length} temporary`);
    assert.strictEqual(writing.length, 1, 'the cache was being written when the scan was cancelled');
    assert.deepStrictEqual(cacheFiles(ledger), [], 'nothing left in the cache folder');
    assert.strictEqual(ledger.current.phase, 'ready');
    assert.strictEqual(ledger.lastAnalysis, previous, 'the last result stays in place');

    const next = await vscode.commands.executeCommand<Analysis | undefined>('growthLedger.refresh');
    assert.ok(next, `an analysis after the cancelled one (${ledger.current.message})`);
    assert.strictEqual(withoutTime(next), withoutTime(baseline));
    // The result is written for the next window once scans pause (a moment later), the history while it was read.
    const kinds = () =>
      cacheFiles(ledger)
        .map(f => f.split('-')[0])
        .sort();
    const written = () => cacheFiles(ledger).some(f => f.startsWith('result-')) && !cacheFiles(ledger).some(f => f.endsWith('.tmp'));
    for (const started = Date.now(); !written() && Date.now() - started < 15_000;) await new Promise(resolve => setTimeout(resolve, 100));
    assert.deepStrictEqual(kinds(), ['history', 'mailmap', 'result'], `one whole history, its check-mailmap answers and one result: ${cacheFiles(ledger)}`);
    const again = await vscode.commands.executeCommand<Analysis | undefined>('growthLedger.refresh');
    assert.strictEqual(withoutTime(again), withoutTime(baseline), 'the cache written after the cancel is valid');
  });
});
