import * as path from 'node:path';
import { existsSync, promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { DEFAULT_FRAMEWORK } from '../core/framework/defaultFramework';
import { frameworkToYaml } from '../core/framework/loader';
import { createFileAtomic } from '../core/atomicWrite';
import { winsFolder } from '../core/notes/notesStore';
import { PERIOD_PRESETS, type PeriodPreset } from '../protocol/messages';
import { Commands, VIEW_ID } from './commands';
import { readConfig, updateConfig } from './config';
import { Ledger } from './ledger';
import { createLog } from './log';
import { GrowthPanel } from './panel';
import { logWin } from './logWin';
import { exportPacket } from './exportPacket';
import { CommitContentProvider, SCHEME, openCommit } from './commitView';
import { periodLabel } from './viewModel';
import { watchWorkspace } from './watchers';

/** What the extension exports, for its integration tests and for other extensions. */
export interface GrowthLedgerApi {
  ledger: Ledger;
}

const PRESETS: readonly PeriodPreset[] = PERIOD_PRESETS;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Cheap by design: registers the view, commands and watchers; no git runs until the panel opens or a command asks.
 */
export function activate(context: vscode.ExtensionContext): GrowthLedgerApi {
  const log = createLog();
  const ledger = new Ledger(log, {
    cacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath,
    // Built beside this bundle; started only when a scan runs.
    scanWorker: path.join(__dirname, 'scanWorker.js'),
  });
  const panel = new GrowthPanel(context.extensionUri, ledger, log);
  const register = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  context.subscriptions.push(log, ledger, panel);
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(VIEW_ID, panel));
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, new CommitContentProvider()));

  register(Commands.refresh, () =>
    vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => ledger.refresh()),
  );
  register(Commands.setPeriod, async (arg?: unknown) => {
    let preset = typeof arg === 'string' && PRESETS.includes(arg as PeriodPreset) ? (arg as PeriodPreset) : undefined;
    if (!preset) {
      const picked = await vscode.window.showQuickPick(
        PRESETS.map(p => ({ label: periodLabel(p), preset: p, picked: p === ledger.settings.period })),
        { title: 'Review period', placeHolder: `Now: ${ledger.current.period.label}` },
      );
      if (!picked) return;
      preset = picked.preset;
    }
    if (preset === 'custom') {
      const custom = ledger.settings.customPeriod;
      const ask = (prompt: string, value: string) =>
        vscode.window.showInputBox({ title: 'Custom review period', prompt, value, placeHolder: 'YYYY-MM-DD (empty for no limit)', validateInput: v => (v === '' || DAY.test(v.trim()) ? undefined : 'Use YYYY-MM-DD') });
      const since = await ask('From (inclusive)', custom.since);
      if (since === undefined) return;
      const until = await ask('To (inclusive)', custom.until);
      if (until === undefined) return;
      if (since && until && since > until) {
        void vscode.window.showErrorMessage('The start of the period is after its end.');
        return;
      }
      await updateConfig('customPeriod', { since: since.trim(), until: until.trim() });
    }
    // A personal preference: user settings, so nothing is written into the repository's .vscode folder.
    await updateConfig('period', preset);
  });
  register(Commands.logWin, args => logWin(ledger, log, args));
  register(Commands.exportPacket, (format, options) => exportPacket(ledger, log, format, (options as { open?: boolean }) ?? {}));
  register(Commands.addAlias, async (arg?: unknown) => {
    const email =
      typeof arg === 'string'
        ? arg
        : await vscode.window.showInputBox({
            title: 'Add an email alias',
            prompt: 'Another address you commit with (old laptop, personal, GitHub noreply). Commits by it count as yours.',
            placeHolder: 'you@example.com',
            validateInput: v => (/^[^\s@<>]+@[^\s@<>]+$/.test(v.trim()) ? undefined : 'Enter an email address'),
          });
    if (!email || !/^[^\s@<>]+@[^\s@<>]+$/.test(email.trim())) return;
    const identities = readConfig().identities;
    if (!identities.some(i => i.toLowerCase() === email.trim().toLowerCase())) await updateConfig('identities', [...identities, email.trim()]);
  });
  register(Commands.customizeFramework, async () => {
    const dir = ledger.notesDir();
    if (!dir) return void vscode.window.showWarningMessage('Open a folder first: the framework is saved in the workspace.');
    const file = path.join(dir, 'framework.yaml');
    if (!existsSync(file)) {
      await fs.mkdir(dir, { recursive: true });
      await createFileAtomic(file, frameworkToYaml(DEFAULT_FRAMEWORK)).catch(error => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      });
    }
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    return file;
  });
  register(Commands.openNotesFolder, async () => {
    const dir = ledger.notesDir();
    if (!dir) return void vscode.window.showWarningMessage('Open a folder first.');
    await fs.mkdir(winsFolder(dir), { recursive: true });
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(winsFolder(dir)));
  });
  register(Commands.showLog, () => log.show());
  register(Commands.rebuildCache, () => vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => ledger.rebuildCache()));
  register(Commands.openCommit, (repo, sha, where) => openCommit(ledger, repo, sha, where));

  context.subscriptions.push(watchWorkspace(ledger, () => panel.markStale()));
  return { ledger };
}

export function deactivate(): void {}
