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
import * as vscode from 'vscode';
import type { GrowthLedgerApi } from '../../src/extension/extension';

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

  test('refresh, log a win, export packets, open a commit: no socket from Growth Ledger', async () => {
    const { ledger } = await vscode.extensions.getExtension<GrowthLedgerApi>('growth-ledger.growth-ledger')!.activate();
    const a = await ledger.refresh();
    assert.ok(a, 'an analysis');
    await vscode.commands.executeCommand('growthLedger.logWin', { title: 'Offline win' });
    await vscode.commands.executeCommand('growthLedger.exportPacket', 'md', { open: false });
    await vscode.commands.executeCommand('growthLedger.exportPacket', 'html', { open: false });
    const item = a.evidence.find(e => e.repo);
    assert.ok(item, 'an item with a commit');
    await vscode.commands.executeCommand('growthLedger.openCommit', item.repo, item.commit);
    assert.deepStrictEqual(calls, []);
  });
});
