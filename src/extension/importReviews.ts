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
  const copy: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy the command' };
  const choose: Step = { label: '$(folder-opened) Choose the file gh or glab wrote…' };
  const pick = vscode.window.createQuickPick<Step>();
  pick.title = 'Import Reviews';
  pick.placeholder = 'Run one of these in a terminal (Growth Ledger itself makes no network request), then choose the file';
  pick.matchOnDetail = true;
  pick.items = [
    choose,
    { label: 'GitHub', description: 'gh search prs', detail: GH_COMMAND, command: GH_COMMAND, buttons: [copy] },
    { label: 'GitLab', description: 'glab mr list, in each project', detail: GLAB_COMMAND, command: GLAB_COMMAND, buttons: [copy] },
  ];
  const copied = async (step: Step) => {
    await vscode.env.clipboard.writeText(step.command!);
    pick.placeholder = `Copied the ${step.label} command: run it in a terminal, then choose the file it wrote`;
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
    title: 'The JSON gh or glab wrote',
    openLabel: 'Import Reviews',
    canSelectMany: false,
    canSelectFiles: true,
    canSelectFolders: false,
    filters: { JSON: ['json'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}

const reviews = (n: number) => `${n} review${n === 1 ? '' : 's'}`;

/**
 * "Growth: Import Reviews…": checks the whole file, stores what is new under <notes>/imports/ and refreshes.
 * A test or another extension may pass the file's path to skip the prompts. Returns what was imported.
 */
export async function importReviewsFromFile(ledger: Ledger, log: Log, fileArg?: unknown): Promise<ImportOutcome | undefined> {
  const notesDir = ledger.notesDir();
  if (!notesDir) {
    void vscode.window.showWarningMessage('Open a folder first: imported reviews are saved in the workspace.');
    return undefined;
  }
  const file = typeof fileArg === 'string' ? fileArg : await pickExport();
  if (!file) return undefined;
  let outcome: ImportOutcome;
  try {
    outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Growth Ledger: importing reviews' }, async () => {
      // Linking to landing commits and telling my own requests apart use what the analysis knows. In an untrusted
      // workspace there is no analysis (and no git runs): the reviews are stored all the same, and linked once trusted.
      const analysis = await ledger.ensureAnalysis();
      return importReviews(file, { notesDir, repos: analysis?.repos.filter(r => !r.error) ?? [], myEmails: analysis?.identity.emails ?? [] });
    });
  } catch (error) {
    if (error instanceof ReviewImportError) {
      log.warn(`Nothing imported: ${error.message}`);
      void vscode.window.showErrorMessage(`Nothing imported: ${error.message}`);
      return undefined;
    }
    log.error(`Could not import ${file}: ${String(error)}`);
    void vscode.window.showErrorMessage(
      `Could not import ${file} (${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))}). Nothing was stored.`,
    );
    return undefined;
  }
  for (const p of outcome.problems) log.warn(`${p.message} (its reviews were not checked for repeats)`);
  const host = outcome.source === 'github' ? 'GitHub' : 'GitLab';
  const rest = `${outcome.known} already known, ${outcome.mine} your own, ${outcome.open} still open`;
  if (!outcome.file) {
    void vscode.window.showInformationMessage(`Nothing new to import from ${host}: ${rest}.`);
    return outcome;
  }
  log.info(`Imported ${reviews(outcome.imported)} into ${outcome.file}`);
  if (ledger.settings.keepNotesOutOfGit) {
    const repos = await ledger.repositories().catch(() => []);
    const root = repos.find(r => outcome.file!.startsWith(r + path.sep));
    if (root) await excludeFromGit(root, notesDir).catch(error => log.warn(`Could not add the notes folder to .git/info/exclude: ${String(error)}`));
  }
  void ledger.refresh();
  void vscode.window
    .showInformationMessage(`Imported ${reviews(outcome.imported)} from ${host}, ${outcome.linked} linked to a local commit (${rest}).`, 'Open File')
    .then(choice => {
      if (choice === 'Open File') void vscode.window.showTextDocument(vscode.Uri.file(outcome.file!));
    });
  return outcome;
}
