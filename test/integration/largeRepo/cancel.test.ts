// Ten scans of a large history cancelled in a row, each at a different moment, then one left to finish. Behaviour
// only: whatever the cache holds and however the scan runs, a cancelled scan leaves nothing behind.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GrowthLedgerApi } from '../../../src/extension/extension';
import { report } from '../index';

const EXT_ID = 'growth-ledger.growth-ledger';
const ME = 'alex.rivera@example.com';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function until(check: () => unknown, what: string, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The extension's cache folder: its global storage (under the code-server user data the harness names) + history. */
function cacheFolder() {
  assert.ok(process.env.E2E_USER_DATA_DIR, 'E2E_USER_DATA_DIR is set by test/e2e/codeServer.mjs');
  return path.join(process.env.E2E_USER_DATA_DIR, 'User', 'globalStorage', EXT_ID, 'history');
}
const listing = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

/** git processes this extension host started that are still running (Linux /proc; elsewhere none are seen). */
function gitChildren(): string[] {
  if (process.platform !== 'linux') return [];
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === process.pid && comm === 'git') found.push(`${pid} ${comm}`);
  }
  return found;
}

suite('Ten cancelled scans in a row on a large history', function () {
  this.timeout(240000);

  test('each cancel leaves no scan running, no stuck state and no file behind; then a full scan is right', async () => {
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const git = (args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    // Independent figures: git's own count of HEAD's history, and of non-merge commits whose (mailmapped) author is me.
    const total = Number(git(['rev-list', '--count', 'HEAD']));
    const authored = git(['log', '--no-merges', '--format=%aE', 'HEAD'])
      .split('\n')
      .filter(e => e.toLowerCase() === ME).length;
    assert.ok(total >= 10000, `a large history (${total} commits)`);

    const { ledger } = await vscode.extensions.getExtension<GrowthLedgerApi>(EXT_ID)!.activate();
    await vscode.workspace.getConfiguration('growthLedger').update('period', 'all', vscode.ConfigurationTarget.Global);
    const cache = cacheFolder();
    assert.strictEqual(ledger.lastAnalysis, undefined, 'nothing analysed yet, so no scan can come from the cache');

    // When to cancel: before the scan gets anywhere, on the next turn, a moment later, and while commits are read.
    const moments: { label: string; arm?: () => void; read?: number }[] = [
      { label: 'at once', arm: () => ledger.cancel() },
      { label: 'on the next turn', arm: () => setImmediate(() => ledger.cancel()) },
      { label: 'after 20 ms', arm: () => setTimeout(() => ledger.cancel(), 20) },
      ...[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7].map(share => {
        const at = Math.floor((total * share) / 2000) * 2000 || 2000;
        return { label: `after ${at} commits read`, read: at };
      }),
    ];
    assert.strictEqual(moments.length, 10);
    const seen: string[] = [];
    for (const moment of moments) {
      const filesBefore = listing(cache);
      let maxRead = 0;
      let fired = false;
      const watch = ledger.onDidChange(state => {
        if (state.phase === 'scanning' && state.scanning) maxRead = Math.max(maxRead, state.scanning.commits);
        if (moment.read && !fired && maxRead >= moment.read) {
          fired = true;
          ledger.cancel();
        }
      });
      const started = Date.now();
      const scan = ledger.refresh();
      moment.arm?.();
      const result = await scan;
      const ms = Date.now() - started;
      watch.dispose();
      assert.strictEqual(result, undefined, `cancelled ${moment.label}: the scan finished before the cancel (read ${maxRead})`);
      if (moment.read) assert.ok(fired, `the scan reached ${moment.read} commits before it was cancelled`);
      // Not stuck: the panel state says the scan was cancelled and how to go on.
      assert.strictEqual(ledger.current.phase, 'error', `phase after a cancel ${moment.label}: ${ledger.current.phase}`);
      assert.match(ledger.current.message ?? '', /cancelled/i);
      assert.strictEqual(ledger.current.scanning, undefined);
      assert.strictEqual(ledger.lastAnalysis, undefined);
      // Nothing left running or written.
      await until(() => gitChildren().length === 0, `no git process left after the cancel ${moment.label} (${gitChildren().join(', ')})`);
      await until(
        () => JSON.stringify(listing(cache)) === JSON.stringify(filesBefore),
        `the cache folder as it was before the scan cancelled ${moment.label} (now: ${listing(cache).join(', ')})`,
      );
      seen.push(`${moment.label}: ${ms} ms, ${maxRead} read`);
    }
    report(`      (${total} commits; cancelled ${seen.join('; ')})`);

    // Still working: an uncancelled refresh completes with git's own figures, and a second one agrees.
    const started = Date.now();
    const a = await ledger.refresh();
    const ms = Date.now() - started;
    assert.ok(a, `an analysis: ${ledger.current.message}`);
    assert.strictEqual(ledger.current.phase, 'ready');
    assert.strictEqual(a.repos.length, 1);
    assert.strictEqual(a.repos[0]!.error, undefined);
    assert.strictEqual(a.repos[0]!.head, git(['rev-parse', 'HEAD']).trim());
    assert.strictEqual(a.repos[0]!.commitsScanned, total);
    assert.strictEqual(a.totals.commitsAuthored, authored);
    assert.ok(listing(cache).length > 0, `the finished scan is cached in ${cache} (so the folder checked above is the right one)`);
    const again = Date.now();
    const b = await ledger.refresh();
    assert.ok(b);
    assert.deepStrictEqual([b.repos[0]!.commitsScanned, b.totals], [total, a.totals]);
    report(`      (full scan ${ms} ms, again ${Date.now() - again} ms; ${authored} commits authored, as git counts them)`);
  });
});
