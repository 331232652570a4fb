import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { COMMANDS, VIEW_ID, type Command, type CommandContext } from './commands';
import { Ledger } from './ledger';
import { createLog } from './log';
import { GrowthPanel } from './panel';
import { CommitContentProvider, SCHEME } from './commitView';
import { watchWorkspace } from './watchers';
import { registerWinViews } from './winViews';

/** What the extension exports, for its integration tests and for other extensions. */
export interface GrowthLedgerApi {
  ledger: Ledger;
}

/**
 * Cheap by design: registers the view, commands and watchers; no git runs until the panel opens or a command asks.
 */
export function activate(context: vscode.ExtensionContext): GrowthLedgerApi {
  // The modules shared with the panel and the tests (the period and track labels) translate through @vscode/l10n;
  // it reads the same bundle VS Code loaded for vscode.l10n.t (none in English, where the text is its own key).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = createLog();

  const ledger = new Ledger(log, {
    cacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath,
    // Built beside this bundle; started only when a scan runs.
    scanWorker: path.join(__dirname, 'scanWorker.js'),
  });
  const panel = new GrowthPanel(context.extensionUri, ledger, log);
  context.subscriptions.push(log, ledger, panel);
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(VIEW_ID, panel));
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, new CommitContentProvider()));
  for (const command of Object.values(COMMANDS)) context.subscriptions.push(register(command, { ledger, log }));
  context.subscriptions.push(watchWorkspace(ledger, () => panel.markStale()));
  context.subscriptions.push(registerWinViews(ledger));
  return { ledger };
}

export function deactivate(): void {}

function register(command: Command, context: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand(command.id, (...args: unknown[]) =>
    command.needsTrust && !vscode.workspace.isTrusted ? undefined : command.run(context, ...args),
  );
}
