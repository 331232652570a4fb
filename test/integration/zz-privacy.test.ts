// Runs last in the suite: every Growth Ledger command again, while any socket, name lookup or request made from the
// extension's own code is recorded. VS Code's own connections (its stack does not pass through dist/extension.js)
// are left alone.
import * as assert from 'assert';
// The modules themselves (default imports), not namespace copies of them: the traps replace their functions.
import net from 'net';
import tls from 'tls';
import dns from 'dns';
import http from 'http';
import https from 'https';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GrowthLedgerApi } from '../../src/extension/extension';
import type { ImportOutcome } from '../../src/core/imports/reviews';

suite('Growth Ledger makes no network request', function () {
  this.timeout(60000);
  const calls: string[] = [];
  const restore: (() => void)[] = [];
  const trap = <T extends object>(target: T, name: keyof T & string, label: string) => {
    const object = target as Record<string, unknown>;
    const original = object[name] as (...args: unknown[]) => unknown;
    restore.push(() => (object[name] = original));
    object[name] = function (this: unknown, ...args: unknown[]) {
      const stack = new Error().stack || '';
      if (/growth-ledger|dist[\\/]extension\.js/.test(stack.split('\n').slice(2).join('\n'))) calls.push(`${label}\n${stack}`);
      return original.apply(this, args);
    };
  };

  suiteSetup(() => {
    trap(net.Socket.prototype, 'connect', 'net.Socket.connect');
    trap(tls, 'connect', 'tls.connect');
    trap(dns, 'lookup', 'dns.lookup');
    trap(http, 'request', 'http.request');
    trap(https, 'request', 'https.request');
    trap(globalThis, 'fetch', 'fetch');
  });
  suiteTeardown(() => restore.forEach(r => r()));

  test('refresh, log a win, export packets, import reviews, open a commit, draft a statement, the evidence tool: no socket from Growth Ledger', async () => {
    const { ledger } = await vscode.extensions.getExtension<GrowthLedgerApi>('growth-ledger.growth-ledger')!.activate();
    const a = await ledger.refresh();
    assert.ok(a, 'an analysis');
    await vscode.commands.executeCommand('growthLedger.logWin', { title: 'Offline win' });
    await vscode.commands.executeCommand('growthLedger.exportPacket', 'md', { open: false });
    await vscode.commands.executeCommand('growthLedger.exportPacket', 'html', { open: false });
    // Importing reviews reads a file and the local history, nothing else.
    const merged = a.evidence.find(e => e.signal === 'review.merge' && /^Merge pull request #\d+ /.test(e.subject));
    assert.ok(merged, 'a merged pull request');
    const number = Number(/#(\d+)/.exec(merged.subject)![1]);
    const reviews = path.join(os.tmpdir(), `growth-ledger-offline-reviews-${process.pid}.json`);
    fs.writeFileSync(
      reviews,
      JSON.stringify([
        {
          author: { id: 'MDQ6VXNlcjE3', is_bot: false, login: 'someone', type: 'User', url: 'https://github.com/someone' },
          closedAt: `${merged.date}T12:00:00Z`,
          number,
          repository: { name: 'payments', nameWithOwner: 'acme/payments' },
          state: 'merged',
          title: merged.subject,
          url: `https://github.com/acme/payments/pull/${number}`,
        },
      ]),
    );
    const outcome = await vscode.commands.executeCommand<ImportOutcome | undefined>('growthLedger.importReviews', reviews);
    fs.rmSync(reviews, { force: true });
    assert.strictEqual(outcome?.linked, 1);
    const item = a.evidence.find(e => e.repo);
    assert.ok(item, 'an item with a commit');
    await vscode.commands.executeCommand('growthLedger.openCommit', item.repo, item.commit);
    // Drafting a statement with no language model: the template, written on this machine.
    const window = vscode.window as unknown as { showInformationMessage: unknown };
    const original = window.showInformationMessage;
    window.showInformationMessage = async (_message: string, ...buttons: unknown[]) =>
      buttons.includes('Write Template Draft') ? 'Write Template Draft' : undefined;
    try {
      const drafted = await vscode.commands.executeCommand<{ source?: string }>('growthLedger.draftStatement', 'mid.delivery');
      assert.strictEqual(drafted?.source, 'template');
    } finally {
      window.showInformationMessage = original;
    }
    const { rankedEvidenceTool } = await vscode.extensions.getExtension<GrowthLedgerApi>('growth-ledger.growth-ledger')!.activate();
    await rankedEvidenceTool.invoke({ input: { expectation: 'mid.review' }, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
    assert.deepStrictEqual(calls, []);
  });
});
