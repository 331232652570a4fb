import * as path from 'node:path';
import * as vscode from 'vscode';
import { GH_COMMAND, GLAB_COMMAND, ReviewImportError } from '../core/imports/hostExport';
import { importReviews, type ImportOutcome } from '../core/imports/reviews';
import { excludeFromGit } from '../core/notes/privacy';
import type { Ledger } from './ledger';
import type { Log } from './log';

interface Step extends vscode.QuickPickItem {
  /** The command to copy, or undefined for "choose the file". */
  command?: string;
}

/**
 * The file gh or glab wrote. Growth Ledger never asks the code host itself, so the user runs the command: each is
 * shown whole with a Copy button (choosing it copies it too), above the step that opens the file picker.
 */
async function pickExport(): Promise<string | undefined> {
  const copy: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: vscode.l10n.t('Copy the command') };
  // The icon as iconPath, not $(…) in the label, which screen readers would read out as its name.
  const choose: Step = { label: vscode.l10n.t('Choose the file gh or glab wrote…'), iconPath: new vscode.ThemeIcon('folder-opened') };

  const pick = vscode.window.createQuickPick<Step>();
  pick.title = vscode.l10n.t('Import Reviews');
  pick.placeholder = vscode.l10n.t('Run one of these in a terminal (Growth Ledger itself makes no network request), then choose the file');
  pick.matchOnDetail = true;
  pick.items = [
    choose,
    { label: 'GitHub', description: 'gh search prs', detail: GH_COMMAND, command: GH_COMMAND, buttons: [copy] },
    { label: 'GitLab', description: vscode.l10n.t('glab mr list, in each project'), detail: GLAB_COMMAND, command: GLAB_COMMAND, buttons: [copy] },
  ];
  const copied = async (step: Step) => {
    await vscode.env.clipboard.writeText(step.command!);
    pick.placeholder = vscode.l10n.t('Copied the {0} command: run it in a terminal, then choose the file it wrote', step.label);
    pick.activeItems = [choose];
  };
  const chosen = await new Promise<boolean>(resolve => {
    pick.onDidTriggerItemButton(e => void copied(e.item));
    pick.onDidAccept(() => {
      const step = pick.selectedItems[0];
      if (step?.command) void copied(step);
      else if (step) resolve(true);
    });
    pick.onDidHide(() => resolve(false));
    pick.show();
  });
  pick.dispose();
  if (!chosen) return undefined;
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('The JSON gh or glab wrote'),
    openLabel: vscode.l10n.t('Import Reviews'),
    canSelectMany: false,
    canSelectFiles: true,
    canSelectFolders: false,
    filters: { JSON: ['json'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}

/**
 * "Growth: Import Reviews…": checks the whole file, stores what is new under <notes>/imports/ and refreshes.
 * A test or another extension may pass the file's path to skip the prompts. Returns what was imported.
 */
export async function importReviewsFromFile(ledger: Ledger, log: Log, fileArg?: unknown): Promise<ImportOutcome | undefined> {
  const notesDir = ledger.notesDir();
  if (!notesDir) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: imported reviews are saved in the workspace.'));
    return undefined;
  }
  const file = typeof fileArg === 'string' ? fileArg : await pickExport();
  if (!file) return undefined;
  let outcome: ImportOutcome;
  try {
    const progress = { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Growth Ledger: importing reviews') };
    outcome = await vscode.window.withProgress(progress, async () => {
      // Linking to landing commits and telling my own requests apart use what the analysis knows. In an untrusted
      // workspace there is no analysis (and no git runs): the reviews are stored all the same, and linked once trusted.
      const analysis = await ledger.ensureAnalysis();
      return importReviews(file, { notesDir, repos: analysis?.repos.filter(r => !r.error) ?? [], myEmails: analysis?.identity.emails ?? [] });
    });
  } catch (error) {
    if (error instanceof ReviewImportError) {
      log.warn(`Nothing imported: ${error.message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Nothing imported: {0}', error.message));
      return undefined;
    }
    log.error(`Could not import ${file}: ${String(error)}`);
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not import {0} ({1}). Nothing was stored.', file, reason));
    return undefined;
  }
  for (const p of outcome.problems) log.warn(`${p.message} (its reviews were not checked for repeats)`);
  const host = outcome.source === 'github' ? 'GitHub' : 'GitLab';
  const rest = vscode.l10n.t('{0} already known, {1} your own, {2} still open', outcome.known, outcome.mine, outcome.open);
  if (!outcome.file) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing new to import from {0}: {1}.', host, rest));
    return outcome;
  }
  log.info(`Imported ${outcome.imported} review(s) into ${outcome.file}`);
  if (ledger.settings.keepNotesOutOfGit) {
    const repos = await ledger.repositories().catch(() => []);
    const root = repos.find(r => outcome.file!.startsWith(r + path.sep));
    if (root) await excludeFromGit(root, notesDir).catch(error => log.warn(`Could not add the notes folder to .git/info/exclude: ${String(error)}`));
  }
  void ledger.refresh();
  const openFile = vscode.l10n.t('Open File');
  const imported =
    outcome.imported === 1
      ? vscode.l10n.t('Imported 1 review from {0}, {1} linked to a local commit ({2}).', host, outcome.linked, rest)
      : vscode.l10n.t('Imported {0} reviews from {1}, {2} linked to a local commit ({3}).', outcome.imported, host, outcome.linked, rest);
  void vscode.window.showInformationMessage(imported, openFile).then(choice => {
    if (choice === openFile) void vscode.window.showTextDocument(vscode.Uri.file(outcome.file!));
  });

  return outcome;
}
