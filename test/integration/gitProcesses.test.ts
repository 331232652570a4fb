// The control for the untrusted suite's "no git process" proof: in a trusted workspace the same recording git
// (test/e2e/gitRecorder.mjs, first on the extension host's PATH) does see Growth Ledger's calls, so an empty
// recording there means nothing ran, not that nothing was recorded.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { Analysis } from '../../src/core/analyze';
import type { GrowthLedgerApi } from '../../src/extension/extension';
import { report } from './index';

suite('The recording git sees Growth Ledger in a trusted workspace', function () {
  this.timeout(60000);

  test('a refresh starts git through the wrapper on the PATH, hardened', async function () {
    const log = process.env.E2E_GIT_LOG;
    if (!log) this.skip(); // desktop VS Code (runElectron.mjs) has no recording git
    assert.strictEqual(vscode.workspace.isTrusted, true);
    const { ledger } = await vscode.extensions.getExtension<GrowthLedgerApi>('growth-ledger.growth-ledger')!.activate();
    const before = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
    // (A refresh the file watchers start on their own may replace ours: then ours resolves undefined; ask again.)
    let analysis: Analysis | undefined;
    for (let i = 0; i < 3 && !analysis; i++) analysis = await ledger.refresh();
    assert.ok(analysis, `an analysis: ${ledger.current.message}`);
    const lines = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).slice(before);
    const mine = lines.filter(l => l.startsWith(`${process.pid} `));
    assert.ok(mine.length > 0, `git calls from this extension host: ${JSON.stringify(lines)}`);
    assert.ok(
      mine.some(l => /rev-parse/.test(l)),
      JSON.stringify(mine),
    );
    assert.ok(
      mine.every(l => l.includes('core.fsmonitor=false')),
      `every call of the refresh is hardened: ${JSON.stringify(mine)}`,
    );
    report(`      (${mine.length} git processes recorded for one refresh)`);
  });
});
