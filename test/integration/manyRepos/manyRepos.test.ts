import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GrowthLedgerApi } from '../../../src/extension/extension';
import { report } from '../index';

/** One repository as test/e2e/manyRepos.mjs made it (expected.json). */
interface ExpectedRepo {
  name: string;
  head: string;
  commits: number;
  authored: number;
  reviewed: number;
  helped: number;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
const sum = <K extends string>(list: Record<K, number>[], key: K) => list.reduce((n, r) => n + r[key], 0);
const activate = () => vscode.extensions.getExtension<GrowthLedgerApi>('growth-ledger.growth-ledger')!.activate();

suite('Growth Ledger with fifty repositories in one workspace', function () {
  this.timeout(120000);

  test('analyses every repository with its own figures, no error, in bounded memory', async () => {
    const workspaceFile = vscode.workspace.workspaceFile;
    assert.ok(workspaceFile, 'a .code-workspace');
    const expected = (JSON.parse(fs.readFileSync(path.join(path.dirname(workspaceFile.fsPath), 'expected.json'), 'utf8')) as { repos: ExpectedRepo[] }).repos;
    assert.strictEqual(expected.length, 50);
    assert.deepStrictEqual(
      vscode.workspace.workspaceFolders!.map(f => path.basename(f.uri.fsPath)),
      expected.map(r => r.name),
    );
    const { ledger } = await activate();
    await vscode.workspace.getConfiguration('growthLedger').update('period', 'all', vscode.ConfigurationTarget.Global);

    const gitCalls = () =>
      process.env.E2E_GIT_LOG && fs.existsSync(process.env.E2E_GIT_LOG) ? fs.readFileSync(process.env.E2E_GIT_LOG, 'utf8').split('\n').length - 1 : 0;
    const callsBefore = gitCalls();
    const before = process.memoryUsage();
    const started = Date.now();
    await vscode.commands.executeCommand('growthLedger.refresh');
    const ms = Date.now() - started;
    const after = process.memoryUsage();
    const calls = gitCalls() - callsBefore;
    const a = ledger.lastAnalysis;
    assert.ok(a, `an analysis: ${ledger.current.message}`);
    assert.strictEqual(ledger.current.phase, 'ready');

    // Every repository, once, in workspace order, with what was committed to it.
    assert.deepStrictEqual(
      a.repos.map(r => path.basename(r.path)),
      expected.map(r => r.name),
    );
    for (const [i, r] of a.repos.entries()) {
      const e = expected[i]!;
      assert.strictEqual(r.error, undefined, `${e.name}: ${JSON.stringify(r.error)}`);
      assert.strictEqual(r.head, e.head, `${e.name} head`);
      assert.strictEqual(r.commitsScanned, e.commits, `${e.name} commits scanned`);
      const reviews: number = a.evidence.filter(x => x.signal === 'review.trailer' && path.basename(x.repo) === e.name).length;
      assert.strictEqual(reviews, e.reviewed, `${e.name} reviews named me`);
    }
    assert.strictEqual(sum(a.repos, 'commitsScanned'), sum(expected, 'commits'));
    assert.strictEqual(a.totals.commitsAuthored, sum(expected, 'authored'));
    assert.strictEqual(a.reviews.byTrailer['Reviewed-by'], sum(expected, 'reviewed'));
    assert.strictEqual(a.mentoring.byTrailer['Helped-by'], sum(expected, 'helped'));
    assert.deepStrictEqual(a.identity.emails, ['alex.rivera@example.com']);
    assert.strictEqual(ledger.current.analysis?.repos.length, 50, 'the panel state lists all fifty');

    report(
      `      (${a.repos.length} repositories, ${sum(a.repos, 'commitsScanned')} commits in ${ms} ms, ${calls} git processes; extension host heap ${mb(before.heapUsed)} -> ${mb(after.heapUsed)}, rss ${mb(before.rss)} -> ${mb(after.rss)})`,
    );
    assert.ok(after.heapUsed - before.heapUsed < 256 * MB, `heap grew by ${mb(after.heapUsed - before.heapUsed)}`);
    assert.ok(ms < 60000, `fifty small repositories took ${ms} ms`);
  });

  test('a second refresh gives the same figures and memory stays bounded', async () => {
    const { ledger } = await activate();
    const first = ledger.lastAnalysis;
    assert.ok(first, 'the analysis of the first test');
    const before = process.memoryUsage();
    const started = Date.now();
    const again = await ledger.refresh();
    const ms = Date.now() - started;
    const after = process.memoryUsage();
    assert.ok(again);
    assert.deepStrictEqual(again.repos, first.repos);
    assert.deepStrictEqual(again.totals, first.totals);
    report(`      (again in ${ms} ms; heap ${mb(before.heapUsed)} -> ${mb(after.heapUsed)})`);
    assert.ok(after.heapUsed - before.heapUsed < 256 * MB, `heap grew by ${mb(after.heapUsed - before.heapUsed)}`);
  });
});
