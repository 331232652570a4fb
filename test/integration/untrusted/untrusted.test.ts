import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImportOutcome } from '../../../src/core/imports/reviews';
import type { Note } from '../../../src/core/notes/notesStore';
import type { GrowthLedgerApi } from '../../../src/extension/extension';

suite('Growth Ledger in an untrusted workspace', function () {
  this.timeout(60000);

  test('runs no git and says why', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the harness opened the folder untrusted');
    const { ledger } = await vscode.extensions.getExtension<GrowthLedgerApi>('growth-ledger.growth-ledger')!.activate();
    const analysis = await ledger.refresh();
    assert.strictEqual(analysis, undefined);
    assert.strictEqual(ledger.lastAnalysis, undefined);
    assert.strictEqual(ledger.current.phase, 'untrusted');
    assert.match(ledger.current.message ?? '', /does not run git in an untrusted workspace/);
  });

  test('repositories named in growthLedger.repositories are not read either', async () => {
    // Left set for zz-noGitProcess.test.ts, which then shows that no git runs with it set.
    const parent = path.dirname(vscode.workspace.workspaceFolders![0]!.uri.fsPath);
    await vscode.workspace.getConfiguration('growthLedger').update('repositories', [parent], vscode.ConfigurationTarget.Global);
    const { ledger } = await vscode.extensions.getExtension<GrowthLedgerApi>('growth-ledger.growth-ledger')!.activate();
    assert.deepStrictEqual(ledger.settings.repositories, [parent]);
    assert.deepStrictEqual(await ledger.repositorySet(), { repos: [], fromSetting: new Set(), unreachable: [] });
    assert.strictEqual(await ledger.refresh(), undefined);
    assert.strictEqual(ledger.current.phase, 'untrusted');
  });

  test('exporting a packet writes nothing and explains', async () => {
    const file = await vscode.commands.executeCommand<string | undefined>('growthLedger.exportPacket', 'md', { open: false });
    assert.strictEqual(file, undefined);
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    assert.ok(!fs.existsSync(path.join(root, '.growth', 'packets')));
  });

  test('a win can still be written down (no git involved), and is not added to .git/info/exclude', async () => {
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const exclude = path.join(root, '.git', 'info', 'exclude');
    const before = fs.existsSync(exclude) ? fs.readFileSync(exclude, 'utf8') : '';
    const note = await vscode.commands.executeCommand<Note | undefined>('growthLedger.logWin', { title: 'Written in restricted mode' });
    assert.ok(note && fs.existsSync(note.file));
    assert.strictEqual(fs.existsSync(exclude) ? fs.readFileSync(exclude, 'utf8') : '', before);
  });

  test('reviews can still be imported (no git involved), without links to commits', async () => {
    const file = path.join(os.tmpdir(), `growth-ledger-untrusted-reviews-${process.pid}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify([
        {
          author: { id: 'MDQ6VXNlcjE3', is_bot: false, login: 'bob', type: 'User', url: 'https://github.com/bob' },
          closedAt: '2025-03-04T12:00:00Z',
          number: 12,
          repository: { name: 'payments', nameWithOwner: 'acme/payments' },
          state: 'merged',
          title: 'Fix the thing',
          url: 'https://github.com/acme/payments/pull/12',
        },
      ]),
    );
    try {
      const outcome = await vscode.commands.executeCommand<ImportOutcome | undefined>('growthLedger.importReviews', file);
      assert.ok(outcome?.file && fs.existsSync(outcome.file), 'stored');
      assert.deepStrictEqual([outcome.imported, outcome.linked], [1, 0]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
