import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Note } from '../../../src/core/notes/notesStore';
import type { GrowthLedgerApi } from '../../../src/extension/extension';

suite('Growth Ledger in a multi-root workspace', function () {
  this.timeout(60000);

  test('analyses every repository of the workspace and skips folders without git', async () => {
    const folders = vscode.workspace.workspaceFolders!.map(f => path.basename(f.uri.fsPath));
    assert.deepStrictEqual(folders, ['payments', 'payments-web', 'scratch']);
    const { ledger } = await vscode.extensions.getExtension<GrowthLedgerApi>('growth-ledger.growth-ledger')!.activate();
    await vscode.workspace.getConfiguration('growthLedger').update('period', 'all', vscode.ConfigurationTarget.Global);
    const a = await ledger.refresh();
    assert.ok(a, `analysis: ${JSON.stringify(ledger.current.message)}`);
    assert.deepStrictEqual(
      a.repos.map(r => path.basename(r.path)),
      ['payments', 'payments-web'],
    );
    assert.ok(a.repos.every(r => !r.error && r.commitsScanned > 0));
    // Commits in both repositories count, and evidence says which repository it came from.
    const web = a.evidence.filter(e => path.basename(e.repo) === 'payments-web');
    assert.ok(
      web.some(e => e.signal === 'review.trailer'),
      'a review in the second repository',
    );
    assert.ok(a.evidence.some(e => path.basename(e.repo) === 'payments'));
    assert.ok(a.ownership.some(o => path.basename(o.repo) === 'payments-web'));
    assert.deepStrictEqual(
      ledger.current.analysis?.repos.map(r => r.name),
      ['payments', 'payments-web'],
    );
  });

  test('notes go to the first folder', async () => {
    const note = await vscode.commands.executeCommand<Note | undefined>('growthLedger.logWin', { title: 'Unified the two billing UIs' });
    assert.ok(note, 'a note');
    const first = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    assert.strictEqual(path.dirname(note.file), path.join(first, '.growth', 'wins'));
    assert.ok(fs.existsSync(note.file));
  });
});
