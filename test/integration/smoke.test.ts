// Smoke test: the host is the VS Code the project targets, and the extension is there and activates.
import * as assert from 'assert';
import * as vscode from 'vscode';

suite('Smoke: a real VS Code 1.100 extension host', () => {
  test('vscode.version is 1.100.x', () => {
    assert.ok(vscode.version.startsWith('1.100'), `vscode.version = ${vscode.version}`);
    assert.ok(process.versions.node, 'a Node extension host, not a web worker');
  });

  test('growth-ledger.growth-ledger is present and activates', async function () {
    this.timeout(60000);
    const ext = vscode.extensions.getExtension('growth-ledger.growth-ledger');
    assert.ok(ext, 'extension growth-ledger.growth-ledger not found');
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });
});
