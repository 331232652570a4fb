import * as path from 'node:path';
import { existsSync, promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { DEFAULT_FRAMEWORK } from '../core/framework/defaultFramework';
import { frameworkToYaml } from '../core/framework/loader';
import { createFileAtomic } from '../core/atomicWrite';
import { winsFolder } from '../core/notes/notesStore';
import type { Ledger } from './ledger';

/** "Growth: Customize Framework": opens the notes folder's framework.yaml, first writing the built-in one there. Returns the file. */
export async function customizeFramework(ledger: Ledger): Promise<string | undefined> {
  const dir = ledger.notesDir();
  if (!dir) return void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: the framework is saved in the workspace.'));
  const file = path.join(dir, 'framework.yaml');
  if (!existsSync(file)) {
    await fs.mkdir(dir, { recursive: true });
    await createFileAtomic(file, frameworkToYaml(DEFAULT_FRAMEWORK)).catch(error => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file));
  return file;
}

/** "Growth: Open Notes Folder": reveals the wins folder in the explorer, making it first if need be. */
export async function openNotesFolder(ledger: Ledger): Promise<void> {
  const dir = ledger.notesDir();
  if (!dir) return void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first.'));

  await fs.mkdir(winsFolder(dir), { recursive: true });
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(winsFolder(dir)));
}
