// Runs last in the suite: every Growth Ledger command again, while any socket, name lookup or request made from the
// extension's own code is recorded. VS Code's own connections (its stack does not pass through dist/extension.js)
// are left alone.
const assert = require('assert');
const net = require('net');
const tls = require('tls');
const dns = require('dns');
const http = require('http');
const https = require('https');
const vscode = require('vscode');

suite('Growth Ledger makes no network request', function () {
  this.timeout(60000);
  const calls = [];
  const restore = [];
  const trap = (object, name, label) => {
    const original = object[name];
    restore.push(() => (object[name] = original));
    object[name] = function (...args) {
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
    const { ledger } = await vscode.extensions.getExtension('growth-ledger.growth-ledger').activate();
    const a = await ledger.refresh();
    await vscode.commands.executeCommand('growthLedger.logWin', { title: 'Offline win' });
    await vscode.commands.executeCommand('growthLedger.exportPacket', 'md', { open: false });
    await vscode.commands.executeCommand('growthLedger.exportPacket', 'html', { open: false });
    const item = a.evidence.find(e => e.repo);
    await vscode.commands.executeCommand('growthLedger.openCommit', item.repo, item.commit);
    assert.deepStrictEqual(calls, []);
  });
});
