import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Analysis } from '../../../src/core/analyze';
import type { Ledger } from '../../../src/extension/ledger';
import type { GrowthLedgerApi } from '../../../src/extension/extension';

const config = () => vscode.workspace.getConfiguration('growthLedger');
const names = (repos: Analysis['repos']) => repos.map(r => path.basename(r.path));

suite('Growth Ledger with repositories outside the workspace', function () {
  this.timeout(90000);
  const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const elsewhere = path.join(path.dirname(root), 'elsewhere'); // payments-web and team/empty, made by runAll.mjs
  const missing = path.join(path.dirname(root), 'no-such-folder');
  let ledger: Ledger;

  suiteSetup(async () => {
    ({ ledger } = await vscode.extensions.getExtension<GrowthLedgerApi>('growth-ledger.growth-ledger')!.activate());
    await config().update('period', 'all', vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await config().update('repositories', undefined, vscode.ConfigurationTarget.Global);
  });

  test('a workspace cannot point the extension at other folders: its value of the setting is ignored', async () => {
    // (runAll.mjs wrote it there: a folder beside the workspace with a repository of its own.)
    const sneaky = path.join(path.dirname(root), 'sneaky');
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8'))['growthLedger.repositories'], [sneaky]);
    assert.strictEqual(config().inspect('repositories')?.globalValue, undefined);
    const a = await ledger.refresh();
    assert.ok(a, `analysis: ${ledger.current.message}`);
    assert.deepStrictEqual(names(a.repos), ['payments'], 'only the workspace repository is read, not the one in sneaky/');
    assert.ok(ledger.current.analysis?.repos.every(r => !r.fromSetting));
  });

  test('the setting adds the repositories under a folder outside the workspace, and their evidence appears', async () => {
    await config().update('repositories', [elsewhere, missing], vscode.ConfigurationTarget.Global);
    const a = await ledger.refresh();
    assert.ok(a, `analysis: ${ledger.current.message}`);
    assert.deepStrictEqual(names(a.repos), ['payments', 'payments-web', 'empty'], 'and still nothing from the folder the workspace settings name');
    const web = a.repos[1]!;
    assert.strictEqual(web.path, path.join(elsewhere, 'payments-web'));
    assert.ok(!web.error && web.commitsScanned > 0, JSON.stringify(web));
    assert.ok(
      a.evidence.some(e => e.repo === web.path && e.signal === 'review.trailer'),
      'a review in the outside repository',
    );
    assert.ok(a.ownership.some(o => o.repo === web.path));
    // One that fails is reported on that repository; the rest are analysed.
    assert.strictEqual(a.repos[2]?.error?.code, 'empty-repo');
    assert.strictEqual(ledger.current.phase, 'ready');
  });

  test('the panel marks what the setting added, and says what failed and where to fix it', () => {
    const repos = ledger.current.analysis?.repos ?? [];
    assert.deepStrictEqual(
      repos.map(r => [r.name, !!r.fromSetting, !!r.unreachable]),
      [
        ['payments', false, false],
        ['payments-web', true, false],
        ['empty', true, false],
        ['no-such-folder', true, true],
      ],
    );
    assert.match(repos[2]?.error ?? '', /has no commits yet/);
    assert.strictEqual(repos[3]?.error, `${missing} does not exist. Fix or remove it in the setting growthLedger.repositories.`);
  });

  test('the packet names the repository of each cited item', async () => {
    const file = await vscode.commands.executeCommand<string | undefined>('growthLedger.exportPacket', 'md', { open: false });
    assert.ok(file && fs.existsSync(file), `packet: ${file}`);
    const md = fs.readFileSync(file, 'utf8');
    // A cited item, a highlight or an appendix line (after its date) leads with its repository.
    assert.match(md, /^(- (\d{4}-\d{2}-\d{2} · )?|\d+\. \*\*)payments-web: /m);
    assert.match(md, /^(- (\d{4}-\d{2}-\d{2} · )?|\d+\. \*\*)payments: /m);
  });
});
