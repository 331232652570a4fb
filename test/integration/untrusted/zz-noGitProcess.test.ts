// Runs last in the untrusted suite: every Growth Ledger command, with and without arguments, and the panel, while the
// harness's recording git (test/e2e/gitRecorder.mjs) is first on the extension host's PATH and VS Code's own git
// extension is off. Afterwards the recording has no line at all: no git process was started, by any code path.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PanelState } from '../../../src/protocol/messages';
import type { GrowthLedgerApi } from '../../../src/extension/extension';
import { report } from '../index';

const EXT_ID = 'growth-ledger.growth-ledger';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The recorded git calls, one "<parent pid> <arguments>" line each. */
function gitCalls(log: string): string[] {
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}

/** HEAD's commit id, read from the files (running git would defeat the test). */
function headOf(root: string): string {
  const head = fs.readFileSync(path.join(root, '.git', 'HEAD'), 'utf8').trim();
  if (!head.startsWith('ref: ')) return head;
  const ref = head.slice(5);
  const loose = path.join(root, '.git', ref);
  if (fs.existsSync(loose)) return fs.readFileSync(loose, 'utf8').trim();
  const packed = fs
    .readFileSync(path.join(root, '.git', 'packed-refs'), 'utf8')
    .split('\n')
    .find(l => l.endsWith(` ${ref}`));
  assert.ok(packed, `${ref} in packed-refs`);
  return packed.split(' ')[0]!;
}

/**
 * Runs a command and answers every prompt it shows with Escape (closing the quick input) until it settles, the way a
 * person who opens a command and changes their mind does.
 */
async function runDismissingPrompts(command: string, ...args: unknown[]): Promise<unknown> {
  let settled = false;
  const run = Promise.resolve(vscode.commands.executeCommand(command, ...args)).finally(() => (settled = true));
  for (let i = 0; i < 100 && !settled; i++) {
    await sleep(100);
    if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  }
  assert.ok(settled, `${command} did not finish after its prompts were dismissed`);
  return run;
}

suite('No git process in an untrusted workspace', function () {
  this.timeout(120000);
  const log = process.env.E2E_GIT_LOG;

  test('every command and the panel start no git at all (the recording git on the PATH records nothing)', async () => {
    assert.ok(log, 'E2E_GIT_LOG is set: test/e2e/runAll.mjs puts a recording git first on the PATH of this extension host');
    assert.strictEqual(vscode.workspace.isTrusted, false);
    assert.strictEqual(
      vscode.workspace.getConfiguration('git').get('enabled'),
      false,
      "VS Code's git extension is off, so any recorded call would be Growth Ledger's",
    );
    const ext = vscode.extensions.getExtension<GrowthLedgerApi>(EXT_ID);
    assert.ok(ext, 'extension not found');
    const api = await ext.activate();
    const { ledger } = api;
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const head = headOf(root);

    // The panel: its webview loads, says it is ready, and the extension answers with a refresh.
    const panelRefreshed = new Promise<PanelState>(resolve => {
      const sub = ledger.onDidChange(state => {
        if (state.phase === 'untrusted') {
          sub.dispose();
          resolve(state);
        }
      });
    });
    await vscode.commands.executeCommand('growthLedger.panel.focus');
    const state = await Promise.race([panelRefreshed, sleep(30000).then(() => undefined)]);
    assert.ok(state, 'the panel asked for an analysis and was told the workspace is untrusted');

    // Every contributed command as a person starts it (prompts dismissed) ...
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map(c => c.command);
    for (const command of contributed) await runDismissingPrompts(command);
    // ... and with the arguments the panel and other callers pass.
    const withArgs: [string, ...unknown[]][] = [
      ['growthLedger.refresh'],
      ['growthLedger.setPeriod', '3m'],
      ['growthLedger.setPeriod', 'custom'],
      ['growthLedger.setPeriod', 'all'],
      ['growthLedger.logWin', { title: 'Win logged with no git', commits: [head] }],
      ['growthLedger.exportPacket', 'md', { open: false }],
      ['growthLedger.exportPacket', 'html', { open: false }],
      ['growthLedger.recordFeedback', { from: 'Sam Lee', text: 'Feedback recorded with no git' }],
      ['growthLedger.setGoal', { title: 'Goal set with no git', due: '2099-01-01' }],
      ['growthLedger.completeGoal', { id: 'no-such-goal', status: 'done' }],
      ['growthLedger.checkIn'],
      ['growthLedger.chooseTrack', 'ic'],
      ['growthLedger.addAlias', 'restricted@example.com'],
      ['growthLedger.customizeFramework'],
      ['growthLedger.openNotesFolder'],
      ['growthLedger.showLog'],
      ['growthLedger.openCommit', root, head],
      ['growthLedger.openCommit', root, head, 'web'],
      ['growthLedger.draftStatement', 'mid.review'],
      ['growthLedger.saveStatementDraft', 'mid.review', 'A draft saved with no git.', 'template'],
    ];
    for (const [command] of withArgs) assert.ok(contributed.includes(command), `${command} is a contributed command`);
    for (const [command, ...args] of withArgs) await runDismissingPrompts(command, ...args);
    await vscode.workspace.getConfiguration('growthLedger').update('identities', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('growthLedger').update('customPeriod', undefined, vscode.ConfigurationTarget.Global);
    // A commit's file contents are served by the extension's own content provider: it must not reach git either.
    const doc = await vscode.workspace.openTextDocument(
      vscode.Uri.from({ scheme: 'growth-ledger-git', path: '/README.md', query: JSON.stringify({ repo: root, ref: head }) }),
    );
    assert.strictEqual(doc.getText(), '');
    // The language-model tool answers from the analysis alone, and there is none here.
    const answer = await api.rankedEvidenceTool.invoke(
      { input: { expectation: 'mid.review' }, toolInvocationToken: undefined },
      new vscode.CancellationTokenSource().token,
    );
    const text = (answer?.content[0] as vscode.LanguageModelTextPart | undefined)?.value ?? '';
    assert.match(text, /^No analysis: Growth Ledger does not run git in an untrusted workspace/);
    // So does @growth, and it says why instead of asking the chat's model anything.
    const said: string[] = [];
    const stream = { markdown: (m: string) => void said.push(m), progress: () => undefined, button: () => undefined } as unknown as vscode.ChatResponseStream;
    const model = { name: 'Fake Model', vendor: 'tests', sendRequest: () => assert.fail('no model is asked without an analysis') };
    await api.chatHandler(
      { command: 'evidence', prompt: 'code review', model, references: [], toolReferences: [] } as unknown as vscode.ChatRequest,
      { history: [] } as unknown as vscode.ChatContext,
      stream,
      new vscode.CancellationTokenSource().token,
    );
    assert.match(said.join(''), /^Growth Ledger does not run git in an untrusted workspace/);
    // Notes changed on disk (the win above, framework.yaml) make the watchers refresh: give them time to.
    await sleep(1500);

    assert.strictEqual(ledger.current.phase, 'untrusted');
    assert.deepStrictEqual(gitCalls(log), [], 'git processes started in an untrusted workspace');
    assert.ok(!fs.existsSync(log), 'the recording git was never run');
    report(`      (${contributed.length} commands without arguments, ${withArgs.length} with, the panel and a commit view: no git process)`);
  });

  test('control: the recording git is what this extension host runs for "git"', () => {
    // Resolved through this host's PATH like the extension's own spawn('git') would be: the wrapper records it.
    const r = spawnSync('git', ['--version'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^git version /);
    assert.deepStrictEqual(gitCalls(log!), [`${process.pid} --version`]);
  });
});
